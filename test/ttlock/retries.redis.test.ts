import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { en } from '../../src/flows/messages/en.js';
import { FakeTTLock, type FakeLock } from '../fakes/ttlock-server.js';
import { answer, bookingToday, CONTACT_PHONE, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

/**
 * Issue 16, "codes that keep working": a lock outage is waited out until the retry horizon
 * instead of failing the PIN after a couple of minutes; permanent causes still fail at once.
 * The waits and the horizon are shortened through the config, never waited for in real time.
 */

const REF = 'RTY100';
const CHAT = 'guest';
const FRONT_DOOR = 1001;
const ROOM = 2001;
const ADD = '/v3/keyboardPwd/add';
const DELETE = '/v3/keyboardPwd/delete';

let fake: FakeTTLock | undefined;
let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
});

interface Setup {
  env?: Record<string, string>;
  /** Quick retries inside one TTLock call (TTLOCK_RETRIES). */
  quickRetries: number;
  /** Applied on top of the parsed config (for values below what the environment allows). */
  configure?: (c: Config) => Config;
  locks?: FakeLock[];
  checkIn?: string;
}

async function start(o: Setup) {
  fake = await new FakeTTLock({ locks: o.locks ?? DEMO_LOCKS, opLatencyMs: 5 }).start();
  t = await startTestRuntime({
    workers: true,
    bookings: [bookingToday(REF, o.checkIn ? { checkIn: o.checkIn } : {})],
    ttlock: { url: fake.url, retries: o.quickRetries, retryDelayMs: 10 },
    ...(o.env ? { env: o.env } : {}),
    ...(o.configure ? { configure: o.configure } : {}),
  });
  return { fake, t };
}

/** Retry waits of milliseconds instead of seconds to minutes; the horizon as given. */
function fastWaits(c: Config, retry: Partial<Config['pin']['retry']> = {}): Config {
  return { ...c, pin: { ...c.pin, retry: { ...c.pin.retry, firstDelayMs: 20, maxDelayMs: 150, ...retry } } };
}

const pinMessages = (rt: TestRuntime) => rt.sent(CHAT).filter((m) => pinIn(m) !== undefined);
const addsTo = (f: FakeTTLock, lockId: number) => f.calls(ADD).filter((c) => c.params.lockId === String(lockId));
const alertsOf = async (rt: TestRuntime, kind: string) => (await rt.alerts()).filter((a) => a.kind === kind);

describe('a gateway offline for longer than PIN_JOB_ATTEMPTS used to allow', () => {
  it('is waited out: the guest gets the code without staff action, staff heard it was late, the front-door code was never removed', { timeout: 60_000 }, async () => {
    const attempts = 2;
    const quickRetries = 1;
    const { fake, t } = await start({
      env: { PIN_JOB_ATTEMPTS: String(attempts) },
      quickRetries,
      // The "taking longer" deadline after 1 s instead of 90 s; the horizon stays hours away.
      configure: (c) => fastWaits({ ...c, pin: { ...c.pin, timeoutSeconds: 1 } }),
    });
    // The room's gateway reboots: every write to the room lock answers -2012 until it is back.
    fake.unlinkGateway(ROOM);
    const replies = await answer(t, CHAT, STEPS_TO.confirm(REF));
    expect(replies.map((m) => m.text)).toEqual([en.pinComing()]);

    // Before issue 16 the job gave up after PIN_JOB_ATTEMPTS × (TTLOCK_RETRIES + 1) tries at most
    // (and on the first -2012, which was "permanent"). Outlast that three times over, and the deadline.
    const oldBudget = attempts * (quickRetries + 1);
    await waitFor(() => fake.unlinkedAnswers(ROOM) >= 3 * oldBudget, 30_000, 'the outage to outlast the old retry budget');
    await waitFor(async () => (await alertsOf(t, 'pin_late')).length === 1, 10_000, 'the late-PIN alert');
    await waitFor(() => t.sent(CHAT).some((m) => m.text === en.pinDelayed(CONTACT_PHONE)), 10_000, '"taking longer"');
    expect(pinMessages(t)).toEqual([]);
    // Meanwhile the front door keeps its code: nothing was removed while waiting.
    expect(fake.codes(FRONT_DOOR)).toHaveLength(1);
    expect(fake.calls(DELETE)).toEqual([]);

    fake.relinkGateway(ROOM); // the gateway is back
    await waitFor(() => pinMessages(t).length === 1, 15_000, 'the PIN message');
    await waitFor(async () => (await t.pinJobState(REF)) === 'completed', 10_000, 'the PIN job to complete');
    await t.quiet(CHAT);

    const record = (await t.runtime.pins.get(REF))!;
    expect(record.status).toBe('ready');
    const pin = pinIn(pinMessages(t)[0]!);
    expect(pin).toBe(record.code);
    // Pushed as soon as it was made, after the "taking longer" message; nothing else.
    expect(t.sent(CHAT).slice(-2).map((m) => (pinIn(m) ? 'PIN' : m.text))).toEqual([en.pinDelayed(CONTACT_PHONE), 'PIN']);
    expect(t.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE))).toBe(false);
    // One code per lock; the front door's is the one added first, never removed or re-added.
    expect(fake.codes(FRONT_DOOR).map((c) => [c.keyboardPwdId, c.keyboardPwd])).toEqual([[record.locks[FRONT_DOOR], pin]]);
    expect(fake.codes(ROOM).map((c) => c.keyboardPwd)).toEqual([pin]);
    expect(addsTo(fake, FRONT_DOOR)).toHaveLength(1);
    expect(fake.calls(DELETE)).toEqual([]);
    // Staff: told it was late (at the deadline), never that it failed.
    expect((await t.alerts()).map((a) => a.kind)).toEqual(['pin_late']);
    // Waiting did not use up PIN_JOB_ATTEMPTS: only the run that succeeded counts.
    expect((await t.runtime.queues.pin.getJob(`pin-${REF}`))?.attemptsMade).toBe(1);
  });
});

describe('past the retry horizon', () => {
  it('an outage becomes final: the guest is told, staff alerted once with the cause, the codes are taken off', { timeout: 60_000 }, async () => {
    // Checked in yesterday: check-in + PIN_RETRY_HORIZON_MINUTES is long gone, so the floor (the
    // least patience after the first try, 30 min in production) is the horizon: 1.5 s here.
    const yesterday = DateTime.now().setZone('Europe/London').startOf('day').minus({ days: 1 }).toISODate()!;
    const { fake, t } = await start({
      env: { PIN_JOB_ATTEMPTS: '1', PIN_RETRY_HORIZON_MINUTES: '0' },
      quickRetries: 0,
      checkIn: yesterday,
      configure: (c) => fastWaits(c, { minPatienceMs: 1_500 }),
    });
    fake.unlinkGateway(ROOM);
    await answer(t, CHAT, STEPS_TO.confirm(REF));

    await waitFor(() => t.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 20_000, 'the guest to be told');
    await waitFor(async () => (await t.pinJobState(REF)) === 'failed', 10_000, 'the job to fail');
    await t.quiet(CHAT);

    expect(pinMessages(t)).toEqual([]);
    expect(t.sent(CHAT).filter((m) => m.text === en.pinFailed(CONTACT_PHONE))).toHaveLength(1);
    // Tried more than once (PIN_JOB_ATTEMPTS=1, no quick retries): it waited, then gave up.
    expect(fake.unlinkedAnswers(ROOM)).toBeGreaterThan(1);
    const alerts = await t.alerts();
    expect(alerts.map((a) => a.kind)).toEqual(['pin_failed']);
    expect(alerts[0]).toMatchObject({ ref: REF, convKey: `console:${CHAT}` });
    expect(alerts[0]!.detail).toContain('lock 2001');
    expect(alerts[0]!.detail).toContain('no gateway near the lock can reach it right now (-2012)');
    expect(alerts[0]!.detail).toContain('To fix: check that the lock');
    expect(alerts[0]!.detail).toContain('until the retry horizon');
    // Both or neither: the front door's code came off.
    expect(fake.codes(FRONT_DOOR)).toEqual([]);
    expect(fake.codes(ROOM)).toEqual([]);
    expect(fake.calls(DELETE).map((c) => c.params.lockId)).toEqual([String(FRONT_DOOR)]);
    expect((await t.runtime.pins.get(REF))?.status).toBe('failed');
  });
});

describe('a permanent cause', () => {
  it('a full lock (-3009) fails at once: one add, the front door cleaned, an alert saying what to do', { timeout: 30_000 }, async () => {
    const { fake, t } = await start({
      quickRetries: 3,
      locks: DEMO_LOCKS.map((l) => (l.lockId === ROOM ? { ...l, capacity: 0 } : l)),
      configure: (c) => fastWaits(c),
    });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(() => t.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 15_000, 'the guest to be told');
    await waitFor(async () => (await t.pinJobState(REF)) === 'failed', 10_000, 'the job to fail');
    await t.quiet(CHAT);

    expect(addsTo(fake, ROOM).map((c) => c.outcome)).toEqual([{ status: 200, errcode: -3009 }]);
    expect((await t.runtime.queues.pin.getJob(`pin-${REF}`))?.attemptsMade).toBe(1);
    expect(fake.codes(FRONT_DOOR)).toEqual([]);
    const alerts = await alertsOf(t, 'pin_failed');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toContain('lock 2001: the lock has no space left for custom passcodes (-3009)');
    expect(alerts[0]!.detail).toContain('To fix: delete expired or unused codes on that lock (npm run locks -- list <lock id>');
    expect(t.sent(CHAT).filter((m) => m.text === en.pinFailed(CONTACT_PHONE))).toHaveLength(1);
  });

  it('a lock that does not exist (-1003) fails at once, nothing added, and the alert says where to look', { timeout: 30_000 }, async () => {
    const { fake, t } = await start({ quickRetries: 3, locks: DEMO_LOCKS.filter((l) => l.lockId !== ROOM), configure: (c) => fastWaits(c) });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(() => t.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 15_000, 'the guest to be told');
    await t.quiet(CHAT);

    expect(fake.calls(ADD)).toEqual([]);
    // One run, not waited on: the room lock was read by that run and by its clean-up, nothing more.
    const job = (await t.runtime.queues.pin.getJob(`pin-${REF}`))!;
    expect([job.attemptsStarted, job.attemptsMade]).toEqual([1, 1]);
    expect(fake.calls('/v3/lock/listKeyboardPwd').filter((c) => c.params.lockId === String(ROOM))).toHaveLength(2);
    const alerts = await alertsOf(t, 'pin_failed');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toContain('lock 2001: the lock does not exist (-1003)');
    expect(alerts[0]!.detail).toContain('npm run locks -- account');
  });
});

describe('a cancelled booking while a gateway is offline', () => {
  it("keeps trying to take its code off until the gateway is back, without using up the cleanup's attempts or failing", { timeout: 60_000 }, async () => {
    const { fake, t } = await start({ quickRetries: 0, configure: (c) => fastWaits(c) });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(() => pinMessages(t).length === 1, 15_000, 'the PIN message');
    await waitFor(async () => (await t.pinJobState(REF)) === 'completed', 10_000, 'the PIN job to complete');
    fake.unlinkGateway(ROOM);
    await t.runtime.bookingService.cancel(REF);
    // Before, the removal failed for good after the cleanup's 8 attempts (its record was not an outage).
    await waitFor(() => fake.unlinkedAnswers(ROOM) >= 10, 30_000, 'the outage to outlast many tries');
    expect(fake.codes(FRONT_DOOR)).toEqual([]);
    expect(fake.codes(ROOM)).toHaveLength(1);
    const jobs = await t.runtime.cleanupQueue.getJobs(['delayed', 'active', 'waiting', 'failed']);
    const revoke = jobs.filter((j) => j.data.reason === 'cancelled');
    expect(revoke).toHaveLength(1);
    expect(revoke[0]!.data).toMatchObject({ ref: REF, outageSince: expect.any(Number) });
    expect(revoke[0]!.attemptsMade).toBe(0);

    fake.relinkGateway(ROOM);
    await waitFor(() => fake.codes(ROOM).length === 0, 15_000, 'the room code to come off');
    await waitFor(async () => (await t.runtime.pins.get(REF)) === undefined, 10_000, 'the PIN record to go');
    expect(await t.alerts()).toEqual([]);
  });
});
