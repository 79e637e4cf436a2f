import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { enqueuePinJob } from '../../src/jobs/queues.js';
import { answer, bookingToday, CONTACT_PHONE, STEPS_TO } from '../helpers/checkin.js';
import {
  pinIn,
  spawnWorkerProcess,
  startTestRuntime,
  waitFor,
  type TestRuntime,
  type TestRuntimeOptions,
  type WorkerProcess,
} from '../helpers/runtime.js';

const REF = 'PIN100';
const CHAT = 'guest';
const FRONT_DOOR = 1001;
const ROOM = 2001;

let t: TestRuntime | undefined;
let child: WorkerProcess | undefined;

afterEach(async () => {
  await child?.kill('SIGKILL');
  child = undefined;
  await t?.close();
  t = undefined;
});

async function start(opts: TestRuntimeOptions = {}): Promise<TestRuntime> {
  t = await startTestRuntime({ bookings: [bookingToday(REF)], ...opts });
  return t;
}

const pinMessages = (rt: TestRuntime) => rt.sent(CHAT).filter((m) => pinIn(m) !== undefined);

/** Waits for the job to end and the chat to settle, then checks: one PIN message, the record's digits, one code per lock. */
async function expectOnePinEverywhere(rt: TestRuntime): Promise<string> {
  await waitFor(async () => (await rt.pinJobState(REF)) === 'completed', 20_000, 'the PIN job to complete');
  await waitFor(() => pinMessages(rt).length > 0, 10_000, 'the PIN message');
  await rt.quiet(CHAT);
  const record = await rt.runtime.pins.get(REF);
  expect(record?.status).toBe('ready');
  const code = record!.code;
  expect(pinMessages(rt).map(pinIn)).toEqual([code]);
  for (const lockId of [FRONT_DOOR, ROOM]) {
    const codes = await rt.codes(lockId);
    expect(codes.map((c) => ({ name: c.name, code: c.code })), `codes on lock ${lockId}`).toEqual([{ name: REF, code }]);
    expect(record!.locks[String(lockId)]).toBe(codes[0]!.codeId);
  }
  return code;
}

describe('the PIN job', () => {
  it('runs PIN_WORKER_CONCURRENCY jobs at once in a worker, and no more', async () => {
    const refs = ['CONC1', 'CONC2', 'CONC3', 'CONC4', 'CONC5', 'CONC6'];
    const rt = await start({
      workers: true,
      bookings: refs.map((ref) => bookingToday(ref)),
      env: { PIN_WORKER_CONCURRENCY: '3', SIMULATED_LOCK_MIN_MS: '400', SIMULATED_LOCK_MAX_MS: '500' },
    });
    for (const ref of refs) await enqueuePinJob(rt.runtime.queues.pin, ref);
    let most = 0;
    await waitFor(async () => {
      most = Math.max(most, await rt.runtime.queues.pin.getActiveCount());
      return (await rt.runtime.queues.pin.getCompletedCount()) === refs.length;
    }, 20_000, 'every PIN job to complete');
    expect(most).toBe(3);
  });

  it('pushes the PIN to a guest who confirmed before it was ready', async () => {
    const rt = await start({ workers: true, env: { SIMULATED_LOCK_MIN_MS: '1200', SIMULATED_LOCK_MAX_MS: '1500' } });
    const replies = await answer(rt, CHAT, STEPS_TO.confirm(REF));
    expect(replies.map((m) => m.text)).toEqual([en.pinComing()]);
    expect(pinMessages(rt)).toEqual([]);
    await expectOnePinEverywhere(rt);
    // The push came after the promise, as the last message.
    expect(pinIn(rt.sent(CHAT).at(-1)!)).toBeDefined();
    expect((await rt.alerts()).map((a) => a.kind)).toEqual([]);
  });

  it('retries a busy gateway and ends with exactly one code per lock', async () => {
    const rt = await start({ workers: true });
    // Attempt 1 fails on the front door; attempt 2 adds it, then fails on the room; attempt 3 succeeds.
    await rt.locks.injectFailures(FRONT_DOOR, ['busy']);
    await rt.locks.injectFailures(ROOM, ['busy']);
    await answer(rt, CHAT, STEPS_TO.confirm(REF));
    await expectOnePinEverywhere(rt);
    // Three runs: two failures, then success. A busy gateway is an outage, waited out without
    // using up PIN_JOB_ATTEMPTS: BullMQ counts only the successful attempt.
    const job = (await rt.runtime.queues.pin.getJob(`pin-${REF}`))!;
    expect(job.attemptsStarted).toBe(3);
    expect(job.attemptsMade).toBe(1);
    expect(await rt.redis.llen(rt.keys.simLockFailures(FRONT_DOOR))).toBe(0);
    expect(await rt.redis.llen(rt.keys.simLockFailures(ROOM))).toBe(0);
  });

  it('reuses a code whose add succeeded but whose answer was lost', async () => {
    const rt = await start({ workers: true });
    await rt.locks.injectFailures(ROOM, ['lost-response']);
    await answer(rt, CHAT, STEPS_TO.confirm(REF));
    await expectOnePinEverywhere(rt);
    const job = (await rt.runtime.queues.pin.getJob(`pin-${REF}`))!;
    expect(job.attemptsStarted).toBe(2); // the lost answer (a timeout: waited out, not counted), then the reuse
    expect(job.attemptsMade).toBe(1);
    expect(await rt.redis.llen(rt.keys.simLockFailures(ROOM))).toBe(0); // the failure did happen
    // The room lock created one code ever: the retry found it, it did not remove and re-add it.
    expect(await rt.redis.get(`${rt.keys.simLock(ROOM)}:seq`)).toBe('1');
  });

  describe('that fails for good', () => {
    async function expectFailureHandled(rt: TestRuntime): Promise<void> {
      await waitFor(() => rt.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 20_000, 'the pinFailed message');
      await waitFor(async () => (await rt.pinJobState(REF)) === 'failed', 10_000, 'the job to be failed');
      await rt.quiet(CHAT);
      expect(pinMessages(rt)).toEqual([]);
      expect(rt.sent(CHAT).filter((m) => m.text === en.pinFailed(CONTACT_PHONE))).toHaveLength(1);
      const failed = (await rt.alerts()).filter((a) => a.kind === 'pin_failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ ref: REF, convKey: `console:${CHAT}` });
      expect(failed[0]!.detail).toContain(REF);
      // Both or nothing: the front-door code added before the failure is gone again.
      expect(await rt.redis.get(`${rt.keys.simLock(FRONT_DOOR)}:seq`)).toBe('1'); // it was added
      expect(await rt.codes(FRONT_DOOR)).toEqual([]);
      expect(await rt.codes(ROOM)).toEqual([]);
      expect((await rt.runtime.pins.get(REF))?.status).toBe('failed');
      expect((await rt.runtime.store.load(`console:${CHAT}`))?.state.pin).toMatchObject({ status: 'failed', sent: false, failureAlerted: true });
    }

    it('on a permanent lock error: the guest is told, staff are alerted once, no code stays behind', async () => {
      const rt = await start({ workers: true });
      await rt.locks.injectFailures(ROOM, ['permanent']);
      await answer(rt, CHAT, STEPS_TO.confirm(REF));
      await expectFailureHandled(rt);
      expect((await rt.runtime.queues.pin.getJob(`pin-${REF}`))?.attemptsMade).toBe(1);
    });

    it('when every attempt fails with an error that is not an outage (PIN_JOB_ATTEMPTS=2)', async () => {
      const rt = await start({ workers: true, env: { PIN_JOB_ATTEMPTS: '2' } });
      await rt.locks.injectFailures(ROOM, ['unexpected', 'unexpected']);
      await answer(rt, CHAT, STEPS_TO.confirm(REF));
      await expectFailureHandled(rt);
      expect((await rt.runtime.queues.pin.getJob(`pin-${REF}`))?.attemptsMade).toBe(2);
    });
  });

  it('tells guest and staff when the PIN is late, and still pushes it when it comes', async () => {
    const rt = await start({
      workers: true,
      env: { SIMULATED_LOCK_MIN_MS: '2500', SIMULATED_LOCK_MAX_MS: '2500' },
      // PIN_TIMEOUT_SECONDS is at least 5 in production config; a test needs less.
      configure: (c) => ({ ...c, pin: { ...c.pin, timeoutSeconds: 1 } }),
    });
    const replies = await answer(rt, CHAT, STEPS_TO.confirm(REF));
    expect(replies.map((m) => m.text)).toEqual([en.pinComing()]);
    await waitFor(() => rt.sent(CHAT).some((m) => m.text === en.pinDelayed(CONTACT_PHONE)), 10_000, 'the pinDelayed message');
    const late = (await rt.alerts()).filter((a) => a.kind === 'pin_late');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ ref: REF, convKey: `console:${CHAT}` });
    expect(pinMessages(rt)).toEqual([]); // the delay message came first
    await expectOnePinEverywhere(rt);
    const texts = rt.sent(CHAT).map((m) => m.text);
    expect(texts.indexOf(en.pinDelayed(CONTACT_PHONE))).toBeLessThan(texts.findIndex((x) => /Your door code is \d/.test(x)));
    expect((await rt.alerts()).filter((a) => a.kind === 'pin_late')).toHaveLength(1);
  });

  it('survives its worker process being killed mid-job: the job runs again and reuses what was added', async () => {
    // The conversation runs here without workers; the PIN job runs in a child process with slow locks.
    const rt = await start();
    const stalled = { lockDuration: 1_500, stalledInterval: 300 };
    child = spawnWorkerProcess({
      prefix: rt.prefix,
      log: rt.log,
      env: { SIMULATED_LOCK_MIN_MS: '2000', SIMULATED_LOCK_MAX_MS: '2000' },
      // Its sweeper stays out of the way, so everything the guest gets is sent from here (where the chat is).
      startWorkers: { sweepIntervalMs: 60_000, pinWorker: stalled },
    });
    await child.ready;
    const replies = await answer(rt, CHAT, STEPS_TO.confirm(REF));
    expect(replies.map((m) => m.text)).toEqual([en.pinComing()]);

    await waitFor(async () => (await rt.codes(FRONT_DOOR)).length > 0, 15_000, 'the front door to get its code');
    expect(await child.kill('SIGKILL')).toBe('SIGKILL');
    child = undefined;
    // Killed while the room lock was still being programmed.
    expect(await rt.codes(ROOM)).toEqual([]);
    expect(await rt.pinJobState(REF)).toBe('active');
    expect((await rt.runtime.pins.get(REF))?.status).toBe('pending');

    // A new worker finds the job stalled (its lock expired with the process) and runs it again.
    rt.startWorkers({ pinWorker: stalled });
    await expectOnePinEverywhere(rt);
    expect(rt.sent(CHAT).every((m) => m.by === 'local')).toBe(true);
    expect((await rt.alerts()).map((a) => a.kind)).toEqual([]);
  });

  it('takes a cancelled booking’s codes off both locks', async () => {
    const rt = await start({ workers: true });
    await answer(rt, CHAT, STEPS_TO.confirm(REF));
    await expectOnePinEverywhere(rt);
    await rt.runtime.bookingService.cancel(REF);
    await waitFor(
      async () => (await rt.codes(FRONT_DOOR)).length === 0 && (await rt.codes(ROOM)).length === 0,
      10_000,
      'the codes to be removed',
    );
    await waitFor(async () => (await rt.runtime.pins.get(REF)) === undefined, 5_000, 'the PIN record to be deleted');
    expect((await rt.alerts()).map((a) => a.kind)).toEqual([]);
  });
});
