import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MirrorLine } from '../../src/conversation/mirror.js';
import { DEPARTURE_NOTICE_MS } from '../../src/flows/checkin/departure.js';
import { en } from '../../src/flows/messages/en.js';
import { checkoutJobId, departureJobId, enqueuePinJob, forgetJobId, pinJobId } from '../../src/jobs/queues.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { answer, bookingToday, CONTACT_PHONE, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

const CHAT = 'leaver';
const FRONT_DOOR = 1001;
const ROOM = 2001;

let t: TestRuntime | undefined;
let fake: FakeTTLock | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
});

/** A stay that began two hours ago (so a departure is possible now) and ends in two days. */
function staying(ref: string) {
  const zone = 'Europe/London';
  return bookingToday(ref, {
    checkIn: DateTime.now().setZone(zone).minus({ hours: 2 }).toISO({ suppressMilliseconds: true })!,
    checkOut: DateTime.now().setZone(zone).plus({ days: 2 }).toISODate()!,
  });
}

/** A checked-in guest holding their door code, with a staff mirror recording the topic's lines. */
async function checkedIn(ref: string, ttlock?: FakeTTLock, lateMinutes?: number): Promise<{ rt: TestRuntime; lines: MirrorLine[]; pin: string }> {
  const lines: MirrorLine[] = [];
  const rt = (t = await startTestRuntime({
    workers: true,
    bookings: [staying(ref)],
    mirrors: [{ mirror: async (line) => void lines.push(line) }],
    ...(ttlock ? { ttlock: { url: ttlock.url } } : {}),
    // Lock outages waited out in test time.
    configure: (c) => ({ ...c, pin: { ...c.pin, ...(lateMinutes !== undefined ? { lateMinutes } : {}), retry: { ...c.pin.retry, firstDelayMs: 50, maxDelayMs: 200 } } }),
  }));
  await answer(rt, CHAT, STEPS_TO.confirm(ref));
  const pinMessage = await waitFor(() => rt.sent(CHAT).find((m) => pinIn(m)), 15_000, 'the door code');
  return { rt, lines, pin: pinIn(pinMessage)! };
}

const doneMessages = (rt: TestRuntime) => rt.sent(CHAT).filter((m) => m.text.startsWith('All done: your door code stops working at'));

async function departureSettled(rt: TestRuntime, ref: string): Promise<void> {
  await waitFor(async () => ['completed', 'failed'].includes((await (await rt.runtime.cleanupQueue.getJob(departureJobId(ref)))?.getState()) ?? ''), 20_000, 'the departure job to end');
  await rt.quiet(CHAT);
}

describe('a guest who has left: the door code ends 15 minutes later, changed in place', () => {
  it('after the guest confirms: both locks keep the same code (digits and id) ending within 15 minutes; check-out, cleanup, staff topic and audit follow', { timeout: 40_000 }, async () => {
    const ref = 'DEP100';
    const { rt, lines, pin } = await checkedIn(ref);
    const before = [...(await rt.codes(FRONT_DOOR)), ...(await rt.codes(ROOM))];
    expect(before.map((c) => c.code)).toEqual([pin, pin]);

    expect((await rt.say(CHAT, "I've left")).map((m) => m.text)).toEqual([en.departure.confirm()]);
    // Asking changes nothing yet.
    expect(await rt.codes(ROOM)).toEqual(before.filter((c) => c.lockId === ROOM));
    const asked = Date.now();
    expect((await rt.say(CHAT, 'yes')).map((m) => m.text)).toEqual([en.departure.started()]);

    await waitFor(() => doneMessages(rt).length > 0, 20_000, 'the guest to hear when the code ends');
    await departureSettled(rt, ref);
    const after = [...(await rt.codes(FRONT_DOOR)), ...(await rt.codes(ROOM))];
    // Changed, not re-added: one code per lock, same digits, same ids, same start; only the end moved.
    expect(after.map(({ end: _end, ...c }) => c)).toEqual(before.map(({ end: _end, ...c }) => c));
    for (const c of after) {
      expect(c.end).toBeLessThanOrEqual(Date.now() + DEPARTURE_NOTICE_MS);
      expect(c.end).toBeGreaterThan(asked + DEPARTURE_NOTICE_MS - 2 * 60_000);
    }
    const endsAt = after[0]!.end;
    expect(after[1]!.end).toBe(endsAt);
    const label = DateTime.fromMillis(endsAt, { zone: 'Europe/London' }).toFormat('HH:mm');
    expect(doneMessages(rt).map((m) => m.text)).toEqual([en.departure.done(label)]);

    // The PIN record and the booking say the same; the code itself was not sent again.
    const record = (await rt.runtime.pins.get(ref))!;
    expect(record).toMatchObject({ status: 'ready', code: pin, end: endsAt });
    expect(Object.keys(record.locks).sort()).toEqual([String(FRONT_DOOR), String(ROOM)]);
    const booking = (await rt.runtime.bookings.get(ref))!;
    expect(Date.parse(booking.checkOut)).toBe(endsAt);
    expect(rt.sent(CHAT).filter((m) => pinIn(m))).toHaveLength(1);

    // Codes off and guest data deleted after the new end, not the booked one.
    const checkoutJob = (await rt.runtime.cleanupQueue.getJob(checkoutJobId(ref)))!;
    expect(checkoutJob.timestamp + checkoutJob.delay).toBeLessThanOrEqual(endsAt + rt.config.pin.cleanupAfterMinutes * 60_000 + 1_000);
    const forgetJob = (await rt.runtime.cleanupQueue.getJob(forgetJobId(ref)))!;
    expect(forgetJob.timestamp + forgetJob.delay).toBeLessThanOrEqual(endsAt + rt.config.guestDataRetentionDays * 86_400_000 + 1_000);

    expect(lines.filter((l) => l.from === 'note').map((l) => l.text)).toContain(`Room 1: guest checked out; code ends ${label}.`);
    const audit = await rt.runtime.audit.list(ref);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['departure_requested', 'checked_out']));
    expect(audit.find((e) => e.action === 'checked_out')).toMatchObject({ detail: `door code ends ${label}` });
    expect(JSON.stringify(audit)).not.toContain(pin);
  });

  it('a job retried after a failure does each thing once: the lock already changed is not changed again, the guest hears once', { timeout: 40_000 }, async () => {
    const ref = 'DEP200';
    const { rt, lines } = await checkedIn(ref);
    const change = vi.spyOn(rt.locks, 'changeWindow');
    // The room lock applies the change but its answer is lost: an outage, waited out and tried again.
    await rt.locks.injectFailures(ROOM, ['lost-response']);
    await rt.say(CHAT, 'we have left, thanks!');
    await rt.say(CHAT, 'yes');
    await waitFor(() => doneMessages(rt).length > 0, 20_000, 'the guest to hear when the code ends');
    await departureSettled(rt, ref);

    const onLock = (lockId: number) => change.mock.calls.filter(([req]) => req.lockId === lockId).length;
    expect(onLock(FRONT_DOOR)).toBe(1);
    expect(onLock(ROOM)).toBe(2);
    expect(doneMessages(rt)).toHaveLength(1);
    expect(lines.filter((l) => l.from === 'note' && l.text.includes('guest checked out'))).toHaveLength(1);
    expect((await rt.runtime.audit.list(ref)).filter((e) => e.action === 'checked_out')).toHaveLength(1);
    const codes = [...(await rt.codes(FRONT_DOOR)), ...(await rt.codes(ROOM))];
    expect(codes).toHaveLength(2);
    expect(new Set(codes.map((c) => c.end)).size).toBe(1);
    expect(codes[0]!.end).toBeLessThanOrEqual(Date.now() + DEPARTURE_NOTICE_MS);
    expect((await rt.alerts()).filter((a) => a.kind === 'checkout_failed')).toEqual([]);
  });

  it('a lock that refuses for good: the guest hears staff were told, staff get an alert naming the booking', { timeout: 40_000 }, async () => {
    const ref = 'DEP300';
    const { rt } = await checkedIn(ref);
    await rt.locks.injectFailures(ROOM, ['permanent']);
    await rt.say(CHAT, "I've checked out");
    await rt.say(CHAT, 'yes');
    await waitFor(() => rt.sent(CHAT).some((m) => m.text === en.departure.failed(CONTACT_PHONE)), 20_000, 'the guest to hear of the failure');
    const alert = await waitFor(async () => (await rt.alerts()).find((a) => a.kind === 'checkout_failed'), 10_000, 'the staff alert');
    expect(alert.ref).toBe(ref);
    expect(alert.detail).toContain(`Booking ${ref}`);
    expect(doneMessages(rt)).toEqual([]);
    expect((await rt.runtime.store.load(`console:${CHAT}`))?.state.departure.status).toBe('failed');
  });
});

describe('with PIN_LATE_MINUTES', () => {
  it('a PIN job run after the departure finds the code where the departure left it: nothing moved back, nothing re-sent', { timeout: 40_000 }, async () => {
    const ref = 'DEP500';
    const { rt, pin } = await checkedIn(ref, undefined, 30);
    await rt.say(CHAT, "I've left");
    await rt.say(CHAT, 'yes');
    await waitFor(() => doneMessages(rt).length > 0, 20_000, 'the guest to hear when the code ends');
    await departureSettled(rt, ref);
    const codes = async () => [...(await rt.codes(FRONT_DOOR)), ...(await rt.codes(ROOM))];
    const shortened = await codes();
    const endsAt = shortened[0]!.end;
    expect(endsAt).toBeLessThanOrEqual(Date.now() + DEPARTURE_NOTICE_MS);
    // The booking's check-out is the code's end less the late minutes: the PIN job's window agrees.
    expect(Date.parse((await rt.runtime.bookings.get(ref))!.checkOut)).toBe(endsAt - 30 * 60_000);

    const messagesBefore = rt.sent(CHAT).length;
    await rt.runtime.queues.pin.getJob(pinJobId(ref)).then((j) => j?.remove());
    await enqueuePinJob(rt.runtime.queues.pin, ref);
    await waitFor(async () => (await (await rt.runtime.queues.pin.getJob(pinJobId(ref)))?.getState()) === 'completed', 20_000, 'the PIN job to complete');
    await rt.quiet(CHAT);
    expect(await codes()).toEqual(shortened);
    expect((await rt.runtime.pins.get(ref))).toMatchObject({ status: 'ready', code: pin, end: endsAt });
    expect(rt.sent(CHAT).slice(messagesBefore)).toEqual([]);
  });
});

describe('on TTLock (the fake cloud API)', () => {
  it('the keyboardPwd is changed (keyboardPwd/change, same keyboardPwdId and digits), never deleted or added again', { timeout: 40_000 }, async () => {
    const ref = 'DEP400';
    fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
    const { rt, pin } = await checkedIn(ref, fake);
    const before = [...fake.codes(FRONT_DOOR), ...fake.codes(ROOM)];
    expect(before.map((c) => c.keyboardPwd)).toEqual([pin, pin]);
    const opsBefore = fake.lockTimeline.length;

    await rt.say(CHAT, "I've left");
    await rt.say(CHAT, 'yes');
    await waitFor(() => doneMessages(rt).length > 0, 20_000, 'the guest to hear when the code ends');
    await departureSettled(rt, ref);

    const after = [...fake.codes(FRONT_DOOR), ...fake.codes(ROOM)];
    expect(after.map((c) => [c.lockId, c.keyboardPwdId, c.keyboardPwd, c.startDate])).toEqual(before.map((c) => [c.lockId, c.keyboardPwdId, c.keyboardPwd, c.startDate]));
    for (const c of after) expect(c.endDate).toBeLessThanOrEqual(Date.now() + DEPARTURE_NOTICE_MS);
    const ops = fake.lockTimeline.slice(opsBefore);
    expect(ops.map((o) => [o.op, o.lockId, o.keyboardPwdId])).toEqual(before.map((c) => ['change', c.lockId, c.keyboardPwdId]));
  });
});
