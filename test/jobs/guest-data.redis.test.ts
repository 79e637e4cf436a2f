import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { boundaryMillis } from '../../src/bookings/booking.js';
import { forgetJobId, scheduleForget } from '../../src/jobs/queues.js';
import { bookingToday, GUEST, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

const REF = 'KEEP01';
const OTHER = 'KEEP02';
const NUMBER = '+447700900123';
const WA = `whatsapp:${NUMBER}`;
// The phone the guest types (GUEST.phone) is the booked one: with the name, that proves the booking.
const BOOKED_PHONE = '+447400123456';
const BOOKED_EMAIL = 'alex.booked@example.com';
const DAY = 24 * 60 * 60 * 1000;

let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

const today = () => DateTime.now().setZone('Europe/London').startOf('day');

async function forgetJobState(rt: TestRuntime, ref: string): Promise<string | undefined> {
  return (await rt.runtime.cleanupQueue.getJob(forgetJobId(ref)))?.getState();
}

/** Everything Redis holds for one conversation. */
async function conversationKeys(rt: TestRuntime, convKey: string) {
  const k = rt.keys;
  return {
    stored: await rt.redis.exists(k.conv(convKey), k.convInbox(convKey), k.convOutbox(convKey)),
    indexed: (await rt.redis.zscore(k.convIndex(), convKey)) !== null,
    pending: await rt.redis.sismember(k.convPending(), convKey),
  };
}
const GONE = { stored: 0, indexed: false, pending: 0 };

describe('guest personal data after check-out plus the retention period', () => {
  it('is deleted: every conversation about the booking, its claim and watchers, the booking’s phone and email; the audit trail stays without chat ids', { timeout: 30_000 }, async () => {
    const rt = (t = await startTestRuntime({
      workers: true,
      channels: ['console', 'whatsapp'],
      bookings: [bookingToday(REF, { guestPhone: BOOKED_PHONE, guestEmail: BOOKED_EMAIL }), bookingToday(OTHER)],
    }));
    // The guest checks in on WhatsApp (owner of the booking, watcher of its PIN, got the PIN).
    for (const line of STEPS_TO.confirm(REF)) await rt.say(NUMBER, line, { channel: 'whatsapp', meta: { knownPhone: NUMBER } });
    await waitFor(() => rt.sent(NUMBER, 'whatsapp').some((m) => pinIn(m)), 10_000, 'the PIN');
    await rt.quiet(NUMBER, 'whatsapp');
    // Someone else started with the same ref and gave a name (neither owner nor watcher).
    for (const line of [REF, GUEST.name]) await rt.say('lurker', line);
    // Another booking's guest, and two chats that never named a booking: one idle for longer than the retention period.
    for (const line of [OTHER, GUEST.name, '+44 7400 999888', 'other.guest@example.com']) await rt.say('other', line);
    await rt.say('idle', 'hello');
    await rt.say('recent', 'hello');
    await rt.redis.zadd(rt.keys.convIndex(), Date.now() - 31 * DAY, 'console:idle');
    // An audit entry as older versions wrote it: with the chat key and an email in it.
    await rt.runtime.audit.record(REF, { action: 'note', detail: `${WA} wrote from ${BOOKED_EMAIL}`, by: 'bot', at: Date.now() });
    expect(await rt.redis.get(rt.keys.convByBooking(REF))).toBe(WA);
    expect(await rt.redis.smembers(rt.keys.pinWatchers(REF))).toEqual([WA]);

    // The stay ended more than the retention period (30 days by default) ago.
    await rt.runtime.bookings.upsert(
      bookingToday(REF, {
        guestPhone: BOOKED_PHONE,
        guestEmail: BOOKED_EMAIL,
        checkIn: today().minus({ days: 33 }).toISODate()!,
        checkOut: today().minus({ days: 31 }).toISODate()!,
      }),
    );
    await scheduleForget(rt.runtime.cleanupQueue, REF, Date.now());
    await waitFor(async () => (await forgetJobState(rt, REF)) === 'completed', 10_000, 'the deletion');

    expect(await conversationKeys(rt, WA)).toEqual(GONE);
    expect(await conversationKeys(rt, 'console:lurker')).toEqual(GONE);
    expect(await conversationKeys(rt, 'console:idle')).toEqual(GONE);
    expect(await rt.redis.exists(rt.keys.convByBooking(REF), rt.keys.pinWatchers(REF))).toBe(0);
    // Others are untouched.
    expect((await conversationKeys(rt, 'console:other')).stored).toBe(1);
    expect((await conversationKeys(rt, 'console:recent')).stored).toBe(1);
    expect(await rt.redis.get(rt.keys.convByBooking(OTHER))).toBe('console:other');
    // The booking stays (a late message still gets a sensible answer), without the guest's contact details.
    const booking = (await rt.runtime.bookings.get(REF))!;
    expect(booking.guestName).toBe('Alex Morgan');
    expect(booking).not.toHaveProperty('guestPhone');
    expect(booking).not.toHaveProperty('guestEmail');
    // The audit trail stays, in order, with chat ids and contact details taken out.
    const audit = await rt.runtime.audit.list(REF);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['ref_accepted', 'confirmed', 'pin_sent', 'note']));
    const text = JSON.stringify(audit);
    expect(text).not.toContain('7700900123');
    expect(text).not.toContain(BOOKED_EMAIL);
    expect(audit.find((e) => e.action === 'note')!.detail).toBe('whatsapp:[removed] wrote from [removed]');
    // Nothing of it left in Redis. Delivery dedupe keys expire by themselves (24 h), BullMQ's job history with its own retention.
    const values: string[] = [];
    for (const key of await rt.redis.keys(`${rt.prefix}*`)) {
      if (key.includes(':dedupe:') || key.startsWith(`${rt.keys.bullPrefix()}:`)) continue;
      const type = await rt.redis.type(key);
      if (type === 'string') values.push(key, (await rt.redis.get(key)) ?? '');
      else if (type === 'hash') values.push(key, JSON.stringify(await rt.redis.hgetall(key)));
      else if (type === 'set') values.push(key, ...(await rt.redis.smembers(key)));
      else if (type === 'zset') values.push(key, ...(await rt.redis.zrange(key, 0, -1)));
      else if (type === 'list') values.push(key, ...(await rt.redis.lrange(key, 0, -1)));
      else if (type === 'stream') values.push(key, JSON.stringify(await rt.redis.xrange(key, '-', '+')));
    }
    const dump = values.join('\n');
    expect(dump).not.toContain('7700900123');
    expect(dump).not.toContain(GUEST.email);
    expect(dump).not.toContain('7400123456'); // the phone the guest typed
    expect(dump).not.toContain(BOOKED_EMAIL);
    expect(dump).not.toContain('7700900555');
  });

  it('waits for the end of a stay that is not over (or was extended)', async () => {
    const rt = (t = await startTestRuntime({ workers: true, bookings: [bookingToday(REF)] }));
    await rt.say('guest', REF);
    await scheduleForget(rt.runtime.cleanupQueue, REF, Date.now());
    await waitFor(async () => (await forgetJobState(rt, REF)) === 'delayed', 10_000, 'the job to wait');
    const job = (await rt.runtime.cleanupQueue.getJob(forgetJobId(REF)))!;
    const due = today().plus({ days: 2 }).set({ hour: 11 }).toMillis() + 30 * DAY;
    expect(job.timestamp + job.delay).toBeGreaterThanOrEqual(due - 1_000);
    expect(job.timestamp + job.delay).toBeLessThanOrEqual(due + 1_000);
    expect((await conversationKeys(rt, 'console:guest')).stored).toBe(1);
  });

  it('is booked when a booking is saved, for its check-out plus GUEST_DATA_RETENTION_DAYS', async () => {
    const rt = (t = await startTestRuntime({ env: { GUEST_DATA_RETENTION_DAYS: '7' } }));
    const input = bookingToday(REF);
    await rt.runtime.bookingService.upsert(input);
    const job = (await rt.runtime.cleanupQueue.getJob(forgetJobId(REF)))!;
    expect(job.data).toEqual({ ref: REF, reason: 'forget' });
    expect(await job.getState()).toBe('delayed');
    const at = boundaryMillis(input.checkOut) + 7 * DAY;
    expect(Math.abs(job.timestamp + job.delay - at)).toBeLessThan(2_000);
  });
});
