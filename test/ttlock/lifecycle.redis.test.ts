import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { checkoutJobId } from '../../src/jobs/queues.js';
import { formatStayBoundary } from '../../src/locks/stay-window.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { answer, bookingToday, CONTACT_PHONE, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

const REF = 'LIFE01';
const CHAT = 'guest';
const FRONT_DOOR = 1001;
const ROOM_1 = 2001;
const ROOM_2 = 2002;
const LONDON = 'Europe/London';

let fake: FakeTTLock | undefined;
let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
});

const today = () => DateTime.now().setZone(LONDON).startOf('day');

/** A guest checked in with a PIN on the front door and room 1 (a two-night stay from today). */
async function checkedIn(env: Record<string, string> = {}): Promise<{ fake: FakeTTLock; t: TestRuntime; pin: string }> {
  fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
  t = await startTestRuntime({ workers: true, bookings: [bookingToday(REF)], ttlock: { url: fake.url }, env });
  await answer(t, CHAT, STEPS_TO.confirm(REF));
  await waitFor(() => pinMessages(t!).length === 1, 15_000, 'the PIN message');
  await t.quiet(CHAT);
  return { fake, t, pin: pinIn(pinMessages(t)[0]!)! };
}

const pinMessages = (rt: TestRuntime) => rt.sent(CHAT).filter((m) => pinIn(m) !== undefined);
const onLock = (f: FakeTTLock, lockId: number) => f.codes(lockId).map((c) => ({ pwd: c.keyboardPwd, start: c.startDate, end: c.endDate }));

async function checkoutJob(rt: TestRuntime) {
  return rt.runtime.cleanupQueue.getJob(checkoutJobId(REF));
}

describe('a booking’s codes over its life (TTLock)', () => {
  it('are removed with the PIN record after check-out plus the cleanup buffer, not before', async () => {
    const { fake, t } = await checkedIn({ CLEANUP_AFTER_CHECKOUT_MINUTES: '90' });
    const record = (await t.runtime.pins.get(REF))!;
    const job = await waitFor(() => checkoutJob(t), 5_000, 'the check-out cleanup to be booked');
    expect(await job.getState()).toBe('delayed');
    expect(job.timestamp + job.delay).toBeGreaterThanOrEqual(record.end + 90 * 60_000 - 1_000);
    expect(job.timestamp + job.delay).toBeLessThanOrEqual(record.end + 90 * 60_000 + 1_000);

    // Run early (as if the clock jumped): it sees the stay is not over and waits again.
    await job.promote();
    await waitFor(async () => (await (await checkoutJob(t))!.getState()) === 'delayed', 5_000, 'the cleanup to wait again');
    expect(onLock(fake, FRONT_DOOR)).toHaveLength(1);
    expect(await t.runtime.pins.get(REF)).toBeDefined();

    // The stay ended (moved into the past behind the service's back), and the job comes due.
    await t.runtime.bookings.upsert(bookingToday(REF, { checkIn: today().minus({ days: 3 }).toISODate()!, checkOut: today().minus({ days: 1 }).toISODate()! }));
    await (await checkoutJob(t))!.promote();
    await waitFor(async () => (await (await checkoutJob(t))!.getState()) === 'completed', 10_000, 'the cleanup to run');
    expect(fake.codes(FRONT_DOOR)).toEqual([]);
    expect(fake.codes(ROOM_1)).toEqual([]);
    expect(fake.calls('/v3/keyboardPwd/delete').every((c) => c.params.deleteType === '2')).toBe(true);
    expect(await t.redis.exists(t.keys.pin(REF), t.keys.pinWatchers(REF))).toBe(0);
    // The guest asking now gets no PIN.
    expect((await t.say(CHAT, 'pin')).some((m) => pinIn(m))).toBe(false);
    expect(await t.alerts()).toEqual([]);
  });

  it('move to new dates: same digits, new window on both locks, guest told again, cleanup moved', async () => {
    const { fake, t, pin } = await checkedIn();
    const newOut = today().plus({ days: 4 });
    await t.runtime.bookingService.upsert(bookingToday(REF, { checkOut: newOut.toISODate()! }));

    const end = newOut.set({ hour: 11 }).toMillis();
    const mark = fake.lockTimeline.length;
    await waitFor(() => pinMessages(t).length === 2, 15_000, 'the PIN to be sent again');
    await t.quiet(CHAT);
    const start = today().set({ hour: 15 }).toMillis();
    expect(onLock(fake, FRONT_DOOR)).toEqual([{ pwd: pin, start, end }]);
    expect(onLock(fake, ROOM_1)).toEqual([{ pwd: pin, start, end }]);
    // Changed in place on each lock (same code ids), never removed and added again.
    expect(fake.lockTimeline.slice(mark).map((o) => [o.op, o.lockId])).toEqual([
      ['change', FRONT_DOOR],
      ['change', ROOM_1],
    ]);
    expect(fake.calls('/v3/keyboardPwd/change').map((c) => c.params)).toEqual([
      expect.objectContaining({ lockId: String(FRONT_DOOR), changeType: '2', startDate: String(start), endDate: String(end) }),
      expect.objectContaining({ lockId: String(ROOM_1), changeType: '2', startDate: String(start), endDate: String(end) }),
    ]);
    const again = pinMessages(t)[1]!;
    expect(pinIn(again)).toBe(pin);
    expect(again.text).toContain(formatStayBoundary(end, LONDON));
    // The job marks the renewal told just after telling the guest.
    await waitFor(async () => (await t.runtime.pins.get(REF))?.renewing === false, 5_000, 'the renewal to be marked told');
    expect(await t.runtime.pins.get(REF)).toMatchObject({ status: 'ready', code: pin, start, end, renewing: false });
    // Moved by the PIN job after it told the guest.
    const movedTo = async () => {
      const job = (await checkoutJob(t))!;
      return job.timestamp + job.delay;
    };
    await waitFor(async () => (await movedTo()) >= end + 60 * 60_000 - 1_000, 10_000, 'the removal after the new check-out');
    expect(await t.alerts()).toEqual([]);

    // A save that does not move the stay queues no move (the hook runs inside upsert).
    const moves = async () => (await t.runtime.cleanupQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).filter((j) => j.name === 'move');
    expect(await moves()).toHaveLength(1);
    await t.runtime.bookingService.upsert(bookingToday(REF, { checkOut: newOut.toISODate()!, guestEmail: 'alex@example.org' }));
    expect(await moves()).toHaveLength(1);
    expect(pinMessages(t)).toHaveLength(2);
  });

  it('move to another room: the old room loses the code, the new room gets it, the guest hears which room', async () => {
    const { fake, t, pin } = await checkedIn();
    await t.runtime.bookingService.upsert(bookingToday(REF, { roomId: 'r2' }));
    await waitFor(() => pinMessages(t).length === 2, 15_000, 'the PIN to be sent again');
    await t.quiet(CHAT);
    expect(fake.codes(ROOM_1)).toEqual([]);
    expect(fake.codes(ROOM_2).map((c) => c.keyboardPwd)).toEqual([pin]);
    expect(fake.codes(FRONT_DOOR).map((c) => c.keyboardPwd)).toEqual([pin]);
    expect(pinMessages(t)[1]!.text).toContain('Room 2');
    expect(Object.keys((await t.runtime.pins.get(REF))!.locks).sort()).toEqual([String(FRONT_DOOR), String(ROOM_2)]);
  });

  it('move to a room whose lock already has these digits: new digits, sent to the guest', async () => {
    const { fake, t, pin } = await checkedIn();
    fake.seedCode(ROOM_2, { keyboardPwd: pin, keyboardPwdName: 'Cleaner' });
    await t.runtime.bookingService.upsert(bookingToday(REF, { roomId: 'r2' }));
    await waitFor(() => pinMessages(t).length === 2, 15_000, 'the new PIN');
    const fresh = pinIn(pinMessages(t)[1]!)!;
    expect(fresh).not.toBe(pin);
    expect(fake.codes(FRONT_DOOR).map((c) => c.keyboardPwd)).toEqual([fresh]);
    expect(fake.codes(ROOM_2).map((c) => c.keyboardPwd).sort()).toEqual([pin, fresh].sort());
    expect(fake.codes(ROOM_1)).toEqual([]);
  });

  it('a move that fails for good: the old codes stay (the guest can still get in), guest and staff told', async () => {
    const { fake, t, pin } = await checkedIn();
    const before = { front: onLock(fake, FRONT_DOOR), room: onLock(fake, ROOM_1) };
    fake.script('/v3/keyboardPwd/add', { errcode: -3009 }, { lockId: ROOM_2 });
    await t.runtime.bookingService.upsert(bookingToday(REF, { roomId: 'r2' }));
    await waitFor(() => t.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 15_000, 'the guest to be told');
    await t.quiet(CHAT);
    // The new room's lock was tried first and refused: nothing the guest had was touched.
    expect(onLock(fake, FRONT_DOOR)).toEqual(before.front);
    expect(onLock(fake, ROOM_1)).toEqual(before.room);
    expect(before.room.map((c) => c.pwd)).toEqual([pin]);
    expect(fake.codes(ROOM_2)).toEqual([]);
    expect(fake.calls('/v3/keyboardPwd/delete')).toEqual([]);
    const alerts = (await t.alerts()).filter((a) => a.kind === 'pin_failed');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toContain('-3009');
    expect(alerts[0]!.detail).toContain("The guest's code still works on the front door (lock 1001)");
    expect(alerts[0]!.detail).toContain('Room 1 (lock 2001)');
    expect(alerts[0]!.detail).toContain('add the code to Room 2 (lock 2002); then remove it from Room 1 (lock 2001)');
    expect(alerts[0]!.detail).not.toContain(pin);
    expect((await t.runtime.pins.get(REF))?.status).toBe('failed');
  });

  it('cancel: codes off both locks, PIN record gone', async () => {
    const { fake, t } = await checkedIn();
    await t.runtime.bookingService.cancel(REF);
    await waitFor(() => fake.codes(FRONT_DOOR).length === 0 && fake.codes(ROOM_1).length === 0, 15_000, 'the codes to be removed');
    await waitFor(async () => (await t.runtime.pins.get(REF)) === undefined, 5_000, 'the PIN record to go');
    expect(await t.alerts()).toEqual([]);
  });
});
