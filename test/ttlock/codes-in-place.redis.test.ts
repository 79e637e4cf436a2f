import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { enqueuePinJob } from '../../src/jobs/queues.js';
import { formatStayBoundary } from '../../src/locks/stay-window.js';
import { FakeTTLock, type FakeTTLockOptions } from '../fakes/ttlock-server.js';
import { answer, bookingToday, CONTACT_PHONE, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { DEMO_LOCKS, type TestTTLockOptions } from '../helpers/ttlock.js';

/**
 * Issue 16, "codes that keep working": a booking's code is changed in place when its stay
 * changes, never taken away first; codes the cloud does not list are removed by their digits;
 * digits a lock refuses are replaced on every lock of the booking.
 */

const REF = 'KEEP01';
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
const pinMessages = (rt: TestRuntime) => rt.sent(CHAT).filter((m) => pinIn(m) !== undefined);
const onLock = (f: FakeTTLock, lockId: number) => f.codes(lockId).map((c) => ({ pwd: c.keyboardPwd, start: c.startDate, end: c.endDate }));
const pwds = (f: FakeTTLock, lockId: number) => f.codes(lockId).map((c) => c.keyboardPwd).sort();

async function start(o: { fake?: FakeTTLockOptions; ttlock?: Omit<TestTTLockOptions, 'url'>; env?: Record<string, string> } = {}) {
  fake = await new FakeTTLock({ locks: DEMO_LOCKS, ...o.fake }).start();
  t = await startTestRuntime({ workers: true, bookings: [bookingToday(REF)], ttlock: { url: fake.url, ...o.ttlock }, env: o.env });
  return { fake, t, sentAt: lockOpsAtEachPinMessage(t, fake) };
}

/** A guest checked in with a PIN on the front door and room 1 (from today 15:00 to in two days, 11:00). */
async function checkedIn() {
  const s = await start();
  await answer(s.t, CHAT, STEPS_TO.confirm(REF));
  await waitFor(() => pinMessages(s.t).length === 1, 15_000, 'the PIN message');
  await s.t.quiet(CHAT);
  const record = (await s.t.runtime.pins.get(REF))!;
  return { ...s, pin: pinIn(pinMessages(s.t)[0]!)!, stay: { start: record.start, end: record.end } };
}

/** How many operations the locks had seen when each PIN message went out. */
function lockOpsAtEachPinMessage(rt: TestRuntime, f: FakeTTLock): number[] {
  const at: number[] = [];
  const sender = rt.senders.console!;
  const send = sender.send.bind(sender);
  sender.send = async (chatId, message) => {
    if (/Your door code is \d/.test(message.text)) at.push(f.lockTimeline.length);
    return send(chatId, message);
  };
  return at;
}

/**
 * After every operation a lock saw from `from` on, the guest's digits open the front door and
 * one of `rooms` for the whole of `need` (the time the old and the new stay share).
 */
function expectAlwaysCovered(f: FakeTTLock, from: number, code: string, need: { start: number; end: number }, rooms: number[]): void {
  const covers = (lockId: number, state: ReturnType<FakeTTLock['lockStateAt']>) =>
    (state.get(lockId) ?? []).some((c) => c.code === code && c.start <= need.start && c.end >= need.end);
  for (let i = from; i <= f.lockTimeline.length; i++) {
    const state = f.lockStateAt(i);
    const after = i === 0 ? 'the start' : JSON.stringify({ ...f.lockTimeline[i - 1], code: '…' });
    expect(covers(FRONT_DOOR, state), `front door after ${after}`).toBe(true);
    expect(rooms.some((r) => covers(r, state)), `room after ${after}`).toBe(true);
  }
}

describe('a stay that changes while the guest holds a code', () => {
  it('extended and moved to another room: no lock of theirs is ever without a working code; told once it is true', async () => {
    const { fake, t, pin, stay, sentAt } = await checkedIn();
    const mark = fake.lockTimeline.length;
    const newOut = today().plus({ days: 4 });
    await t.runtime.bookingService.upsert(bookingToday(REF, { roomId: 'r2', checkOut: newOut.toISODate()! }));
    await waitFor(() => pinMessages(t).length === 2, 15_000, 'the moved PIN');
    await t.quiet(CHAT);

    const end = newOut.set({ hour: 11 }).toMillis();
    const moved = { start: stay.start, end };
    // New room first, then the front door's window in place, then the old room's code off.
    expect(fake.lockTimeline.slice(mark).map(({ op, lockId, code, start, end }) => ({ op, lockId, code, start, end }))).toEqual([
      { op: 'add', lockId: ROOM_2, code: pin, ...moved },
      { op: 'change', lockId: FRONT_DOOR, code: pin, ...moved },
      { op: 'delete', lockId: ROOM_1, code: pin, ...stay },
    ]);
    expectAlwaysCovered(fake, mark, pin, stay, [ROOM_1, ROOM_2]);
    expect(fake.calls('/v3/keyboardPwd/change').map((c) => c.params)).toEqual([
      expect.objectContaining({ lockId: String(FRONT_DOOR), changeType: '2', startDate: String(stay.start), endDate: String(end) }),
    ]);
    expect(fake.calls('/v3/keyboardPwd/change')[0]!.params).not.toHaveProperty('newKeyboardPwd');
    expect(onLock(fake, FRONT_DOOR)).toEqual([{ pwd: pin, ...moved }]);
    expect(onLock(fake, ROOM_2)).toEqual([{ pwd: pin, ...moved }]);
    expect(fake.codes(ROOM_1)).toEqual([]);

    // The guest hears the new room and dates after the last lock operation, not before.
    const news = pinMessages(t)[1]!;
    expect(pinIn(news)).toBe(pin);
    expect(news.text).toContain('Room 2');
    expect(news.text).toContain(formatStayBoundary(today().plus({ days: 4 }).set({ hour: 11 }).toMillis(), LONDON));
    expect(sentAt[1]).toBe(fake.lockTimeline.length);
    expect(await t.alerts()).toEqual([]);
    // `renewing` is cleared right after the guest was told.
    await waitFor(async () => (await t.runtime.pins.get(REF))?.renewing === false, 5_000, 'renewing to be cleared');
    expect(await t.runtime.pins.get(REF)).toMatchObject({ status: 'ready', code: pin, given: pin, used: [FRONT_DOOR, ROOM_2] });
  });

  it('a change that reached the lock but whose answer was lost is not sent again; the guest keeps the same code', async () => {
    const { fake, t, pin, stay } = await checkedIn();
    const mark = fake.lockTimeline.length;
    fake.script('/v3/keyboardPwd/change', { dropAfterApply: true }, { lockId: FRONT_DOOR });
    const newOut = today().plus({ days: 4 });
    await t.runtime.bookingService.upsert(bookingToday(REF, { checkOut: newOut.toISODate()! }));
    await waitFor(() => pinMessages(t).length === 2, 15_000, 'the PIN to be sent again');
    await t.quiet(CHAT);
    const moved = { start: stay.start, end: newOut.set({ hour: 11 }).toMillis() };
    expect(fake.calls('/v3/keyboardPwd/change').map((c) => [Number(c.params.lockId), c.outcome])).toEqual([
      [FRONT_DOOR, 'dropped'],
      [ROOM_1, { status: 200, errcode: 0 }],
    ]);
    expectAlwaysCovered(fake, mark, pin, stay, [ROOM_1]);
    expect(onLock(fake, FRONT_DOOR)).toEqual([{ pwd: pin, ...moved }]);
    expect(onLock(fake, ROOM_1)).toEqual([{ pwd: pin, ...moved }]);
    expect(pinIn(pinMessages(t)[1]!)).toBe(pin);
    expect(await t.alerts()).toEqual([]);
  });

  it('the front door’s change refused for good: the old window keeps working, staff told what is left, a later run finishes', async () => {
    const { fake, t, pin, stay } = await checkedIn();
    const mark = fake.lockTimeline.length;
    fake.script('/v3/keyboardPwd/change', { errcode: -3 }, { lockId: FRONT_DOOR });
    const newOut = today().plus({ days: 4 });
    await t.runtime.bookingService.upsert(bookingToday(REF, { roomId: 'r2', checkOut: newOut.toISODate()! }));
    await waitFor(() => t.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 15_000, 'the guest to be told');
    await t.quiet(CHAT);

    const moved = { start: stay.start, end: newOut.set({ hour: 11 }).toMillis() };
    expectAlwaysCovered(fake, mark, pin, stay, [ROOM_1, ROOM_2]);
    expect(onLock(fake, FRONT_DOOR)).toEqual([{ pwd: pin, ...stay }]);
    expect(onLock(fake, ROOM_1)).toEqual([{ pwd: pin, ...stay }]);
    expect(onLock(fake, ROOM_2)).toEqual([{ pwd: pin, ...moved }]);
    expect(fake.lockTimeline.slice(mark).filter((o) => o.op === 'delete')).toEqual([]);
    // Not told the new room: only that the team will sort it out.
    expect(pinMessages(t)).toHaveLength(1);
    const alerts = (await t.alerts()).filter((a) => a.kind === 'pin_failed');
    expect(alerts).toHaveLength(1);
    const detail = alerts[0]!.detail;
    expect(detail).toContain('invalid parameter (-3)');
    expect(detail).toContain("The guest's code still works on the front door (lock 1001)");
    expect(detail).toContain('Room 1 (lock 2001)');
    expect(detail).toContain(
      `The guest's code still works on the front door (lock 1001), ${formatStayBoundary(stay.start, LONDON)} to ${formatStayBoundary(stay.end, LONDON)}`,
    );
    expect(detail).toContain(': change its dates on the front door (lock 1001); then remove it from Room 1 (lock 2001)');
    expect(detail).not.toContain('may no longer work');
    expect(detail).not.toContain(pin);

    // Staff (or the booking changing again) run the job once more: it picks up where the move stopped.
    await waitFor(async () => (await t.pinJobState(REF)) === 'failed', 10_000, 'the failed move to end');
    const again = fake.lockTimeline.length;
    await enqueuePinJob(t.runtime.queues.pin, REF);
    await waitFor(() => pinMessages(t).length === 2, 15_000, 'the moved PIN');
    await t.quiet(CHAT);
    expect(fake.lockTimeline.slice(again).map((o) => [o.op, o.lockId])).toEqual([
      ['change', FRONT_DOOR],
      ['delete', ROOM_1],
    ]);
    expectAlwaysCovered(fake, mark, pin, stay, [ROOM_1, ROOM_2]);
    expect(pinIn(pinMessages(t)[1]!)).toBe(pin);
    expect(pinMessages(t)[1]!.text).toContain('Room 2');
  });

  it('the new room’s lock refuses for good: nothing the guest had is touched, staff told', async () => {
    const { fake, t, pin, stay } = await checkedIn();
    const mark = fake.lockTimeline.length;
    fake.script('/v3/keyboardPwd/add', { errcode: -3009 }, { lockId: ROOM_2 });
    await t.runtime.bookingService.upsert(bookingToday(REF, { roomId: 'r2', checkOut: today().plus({ days: 4 }).toISODate()! }));
    await waitFor(() => t.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 15_000, 'the guest to be told');
    await t.quiet(CHAT);
    expect(fake.lockTimeline.slice(mark)).toEqual([]);
    expectAlwaysCovered(fake, mark, pin, stay, [ROOM_1]);
    expect(onLock(fake, FRONT_DOOR)).toEqual([{ pwd: pin, ...stay }]);
    expect(onLock(fake, ROOM_1)).toEqual([{ pwd: pin, ...stay }]);
    const detail = (await t.alerts()).find((a) => a.kind === 'pin_failed')!.detail;
    expect(detail).toContain('-3009');
    expect(detail).toContain(
      `Still to do, for ${formatStayBoundary(stay.start, LONDON)} to ${formatStayBoundary(today().plus({ days: 4 }).set({ hour: 11 }).toMillis(), LONDON)}: ` +
        'add the code to Room 2 (lock 2002); change its dates on the front door (lock 1001); then remove it from Room 1 (lock 2001)',
    );
  });
});

describe('codes the cloud does not list', () => {
  it('an add applied but its answer lost (and missing from the list), then a cancel: the code comes off by its digits', { timeout: 30_000 }, async () => {
    // No quick retries: the lost add fails the job's first attempt, and the booking is cancelled before the next.
    const { fake, t } = await start({ ttlock: { retries: 0 } });
    fake.script('/v3/keyboardPwd/add', { dropAfterApply: true, unlisted: true }, { lockId: ROOM_1 });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(async () => (await t.pinJobState(REF)) === 'delayed', 10_000, 'the PIN job to wait for its retry');
    const orphan = fake.codes(ROOM_1)[0]!;
    expect(orphan.listed).toBe(false);
    expect(pwds(fake, FRONT_DOOR)).toEqual([orphan.keyboardPwd]);

    await t.runtime.bookingService.cancel(REF);
    await waitFor(() => fake.codes(ROOM_1).length === 0 && fake.codes(FRONT_DOOR).length === 0, 15_000, 'every code off the locks');
    expect(fake.calls('/v3/keyboardPwd/deleteByCode').map((c) => c.params)).toEqual([
      expect.objectContaining({ lockId: String(ROOM_1), keyboardPwd: orphan.keyboardPwd, deleteType: '2' }),
    ]);
    expect(fake.calls('/v3/keyboardPwd/delete').map((c) => c.params)).toEqual([
      expect.objectContaining({ lockId: String(FRONT_DOOR), deleteType: '2' }),
    ]);
    await waitFor(async () => (await t.runtime.pins.get(REF)) === undefined, 5_000, 'the PIN record to go');
    await t.quiet(CHAT);
    expect(pinMessages(t)).toEqual([]);
    expect((await t.alerts()).filter((a) => a.kind === 'pin_failed')).toEqual([]);
  });

  it('an add lost and unlisted, then -3007 on the retry: new digits on both locks, the orphan removed by its digits', async () => {
    const { fake, t } = await start();
    fake.script('/v3/keyboardPwd/add', { dropAfterApply: true, unlisted: true }, { lockId: ROOM_1 });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(() => pinMessages(t).length === 1, 15_000, 'the PIN message');
    await t.quiet(CHAT);
    const pin = pinIn(pinMessages(t)[0]!)!;
    const [first, lost, refused] = fake.calls('/v3/keyboardPwd/add');
    expect(lost!.outcome).toBe('dropped');
    expect(refused!.params.keyboardPwd).toBe(first!.params.keyboardPwd);
    expect(refused!.outcome).toEqual({ status: 200, errcode: -3007 });
    const old = first!.params.keyboardPwd!;
    expect(pin).not.toBe(old);
    expect(pwds(fake, FRONT_DOOR)).toEqual([pin]);
    expect(pwds(fake, ROOM_1)).toEqual([pin]);
    expect(fake.calls('/v3/keyboardPwd/deleteByCode').map((c) => c.params)).toEqual([
      expect.objectContaining({ lockId: String(ROOM_1), keyboardPwd: old, deleteType: '2' }),
    ]);
    expect((await t.runtime.pins.get(REF))!.held.map((h) => [h.lockId, h.code])).toEqual([
      [FRONT_DOOR, pin],
      [ROOM_1, pin],
    ]);
    expect(await t.alerts()).toEqual([]);
  });
});

describe('digits a lock refuses', () => {
  it('-3007 from a code that is not ours (not even listed): new digits, the same on both locks, and the foreign code stays', async () => {
    const { fake, t } = await start();
    fake.script('/v3/keyboardPwd/add', { foreignDuplicate: true }, { lockId: ROOM_1 });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(() => pinMessages(t).length === 1, 15_000, 'the PIN message');
    await t.quiet(CHAT);
    const pin = pinIn(pinMessages(t)[0]!)!;
    const adds = fake.calls('/v3/keyboardPwd/add');
    const old = adds[0]!.params.keyboardPwd!;
    expect(adds.map((a) => [Number(a.params.lockId), a.params.keyboardPwd === old ? 'old' : 'new', a.outcome])).toEqual([
      [FRONT_DOOR, 'old', { status: 200, errcode: 0 }],
      [ROOM_1, 'old', { status: 200, errcode: -3007 }],
      [FRONT_DOOR, 'new', { status: 200, errcode: 0 }],
      [ROOM_1, 'new', { status: 200, errcode: 0 }],
    ]);
    expect(adds[2]!.params.keyboardPwd).toBe(pin);
    expect(pwds(fake, FRONT_DOOR)).toEqual([pin]);
    expect(fake.codes(ROOM_1).map((c) => [c.keyboardPwd, c.keyboardPwdName])).toEqual([
      [old, ''],
      [pin, `Guest ${REF}`],
    ]);
    expect(fake.calls('/v3/keyboardPwd/deleteByCode')).toEqual([]);
    expect(await t.alerts()).toEqual([]);
  });

  it('-2032 (too simple for this lock): new digits, the same on both locks', async () => {
    const { fake, t } = await start();
    let refused: string | undefined;
    // This room's keypad refuses the first PIN it is offered, whatever it is.
    fake.tooSimple = (pwd, lockId) => lockId === ROOM_1 && pwd === (refused ??= pwd);
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(() => pinMessages(t).length === 1, 15_000, 'the PIN message');
    await t.quiet(CHAT);
    const pin = pinIn(pinMessages(t)[0]!)!;
    expect(refused).toBeDefined();
    expect(pin).not.toBe(refused);
    expect(fake.requests.filter((r) => typeof r.outcome === 'object' && r.outcome.errcode === -2032)).toHaveLength(1);
    expect(pwds(fake, FRONT_DOOR)).toEqual([pin]);
    expect(pwds(fake, ROOM_1)).toEqual([pin]);
    expect(await t.alerts()).toEqual([]);
  });
});

describe('a code of ours found on the lock', () => {
  it('with a stale window (added, answer lost, then the stay changed): adopted and changed in place, not added twice', { timeout: 30_000 }, async () => {
    const { fake, t } = await start({ ttlock: { retries: 0 } });
    fake.script('/v3/keyboardPwd/add', { dropAfterApply: true }, { lockId: FRONT_DOOR });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(async () => (await t.pinJobState(REF)) === 'delayed', 10_000, 'the PIN job to wait for its retry');
    const old = fake.codes(FRONT_DOOR)[0]!;
    const newOut = today().plus({ days: 3 });
    await t.runtime.bookingService.upsert(bookingToday(REF, { checkOut: newOut.toISODate()! }));

    await waitFor(() => pinMessages(t).length === 1, 15_000, 'the PIN message');
    await t.quiet(CHAT);
    const pin = pinIn(pinMessages(t)[0]!)!;
    const end = newOut.set({ hour: 11 }).toMillis();
    expect(pin).toBe(old.keyboardPwd);
    expect(onLock(fake, FRONT_DOOR)).toEqual([{ pwd: pin, start: old.startDate, end }]);
    expect(fake.codes(FRONT_DOOR)[0]!.keyboardPwdId).toBe(old.keyboardPwdId);
    expect(onLock(fake, ROOM_1)).toEqual([{ pwd: pin, start: old.startDate, end }]);
    expect(fake.calls('/v3/keyboardPwd/add').filter((c) => c.params.lockId === String(FRONT_DOOR))).toHaveLength(1);
    expect(fake.calls('/v3/keyboardPwd/change').map((c) => [c.params.lockId, c.params.endDate])).toEqual([[String(FRONT_DOOR), String(end)]]);
    expect(pinMessages(t)[0]!.text).toContain(formatStayBoundary(end, LONDON));
  });
});
