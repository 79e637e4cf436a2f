import { Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEANUP_QUEUE, departureJobId, enqueueCodeCheck, enqueueDeparture, enqueuePinJob, pinJobId } from '../../src/jobs/queues.js';
import { createBullConnection } from '../../src/redis-connect.js';
import { bookingToday } from '../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

/**
 * A PIN job (issue or code check) never works beside a running departure of its booking: the
 * departure changes the codes' end in place, and the departure already waits for a running PIN job.
 */
let t: TestRuntime | undefined;
let holder: Worker | undefined;
afterEach(async () => {
  await holder?.close(true);
  holder = undefined;
  await t?.close();
  t = undefined;
});

/** Takes the booking's departure job and keeps it running (a manual worker: no processor), until `finish`. */
async function departureRunning(rt: TestRuntime, ref: string): Promise<{ finish(): Promise<void> }> {
  await enqueueDeparture(rt.runtime.cleanupQueue, ref, Date.now() + 15 * 60_000, 'console:leaver');
  holder = new Worker(CLEANUP_QUEUE, null, { connection: createBullConnection(rt.config.redisUrl), prefix: rt.keys.bullPrefix(), autorun: false });
  const token = 'test-holder';
  const job = await holder.getNextJob(token);
  expect(job?.id).toBe(departureJobId(ref));
  expect(await job!.getState()).toBe('active');
  return { finish: () => job!.moveToCompleted('done', token, false).then(() => undefined) };
}

const pinDelayed = (rt: TestRuntime, ref: string) => waitFor(async () => (await rt.pinJobState(ref)) === 'delayed', 10_000, 'the PIN job to wait');

describe('a PIN job while the booking\'s departure runs', () => {
  it('issue: waits (delayed, nothing on the locks) and runs once the departure is done', { timeout: 30_000 }, async () => {
    const ref = 'GATE1';
    const rt = (t = await startTestRuntime({ bookings: [bookingToday(ref)] }));
    const departure = await departureRunning(rt, ref);
    rt.startWorkers();
    await enqueuePinJob(rt.runtime.queues.pin, ref);
    await pinDelayed(rt, ref);
    // It looks again and again while the departure runs, never adding a code.
    const firstLook = (await rt.runtime.queues.pin.getJob(pinJobId(ref)))!.processedOn;
    await waitFor(async () => {
      const job = await rt.runtime.queues.pin.getJob(pinJobId(ref));
      return job?.processedOn !== firstLook && (await job?.getState()) === 'delayed';
    }, 10_000, 'the PIN job to look again and wait again');
    expect(await rt.runtime.pins.get(ref)).toBeUndefined();
    for (const lockId of [1001, 2001]) expect((await rt.codes(lockId)).filter((c) => c.name === ref)).toEqual([]);

    await departure.finish();
    await waitFor(async () => (await rt.runtime.pins.get(ref))?.status === 'ready', 15_000, 'the PIN after the departure');
    for (const lockId of [1001, 2001]) expect((await rt.codes(lockId)).filter((c) => c.name === ref)).toHaveLength(1);
  });

  it('a code check: waits too, and reports only once the departure is done', { timeout: 30_000 }, async () => {
    const ref = 'GATE2';
    const rt = (t = await startTestRuntime({ bookings: [bookingToday(ref)] }));
    const departure = await departureRunning(rt, ref);
    rt.startWorkers();
    expect(await enqueueCodeCheck(rt.runtime.queues.pin, ref, 'console:guest')).toBe('queued');
    await pinDelayed(rt, ref);
    expect((await rt.runtime.audit.list(ref)).map((e) => e.action).filter((a) => a.startsWith('code_checked'))).toEqual([]);

    await departure.finish();
    await waitFor(async () => (await rt.pinJobState(ref)) === 'completed', 15_000, 'the check after the departure');
  });
});
