import { Job, Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueCodeCheck, enqueuePinJob, PIN_QUEUE, pinJobId } from '../../src/jobs/queues.js';
import { createBullConnection } from '../../src/redis-connect.js';
import { bookingToday } from '../helpers/checkin.js';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.js';

/** `queued` only when a job that will answer this chat is really there: BullMQ ignores an add under an existing id. */
let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ bookings: [bookingToday('RACE1'), bookingToday('RACE2')] });
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => t?.close());

describe('enqueueCodeCheck when BullMQ ignores the add', () => {
  it('a PIN job added between the look and the add (a racing enqueuePinJob): busy, and the PIN job is left as it is', async () => {
    const queue = t.runtime.queues.pin;
    const realGetJob = queue.getJob.bind(queue);
    // The look finds nothing; the PIN job lands right after it, before the check's add.
    vi.spyOn(queue, 'getJob').mockImplementationOnce(async () => {
      await enqueuePinJob(queue, 'RACE1');
      return undefined;
    });
    const answer = await enqueueCodeCheck(queue, 'RACE1', 'console:guest');
    const job = await realGetJob(pinJobId('RACE1'));
    await job?.remove(); // the next case takes the queue's next job by hand
    expect(answer).toBe('busy');
    expect(job?.name).toBe('create');
    expect(job?.data).toEqual({ ref: 'RACE1' });
  });

  it('an earlier check of this chat, finished, that could not be removed: busy, not "queued" for a job that never runs', async () => {
    const queue = t.runtime.queues.pin;
    expect(await enqueueCodeCheck(queue, 'RACE2', 'console:guest')).toBe('queued');
    const worker = new Worker(PIN_QUEUE, null, { connection: createBullConnection(t.config.redisUrl), prefix: t.keys.bullPrefix(), autorun: false });
    try {
      const job = await worker.getNextJob('tok');
      expect(job?.id).toBe(pinJobId('RACE2'));
      await job!.moveToCompleted('checked', 'tok', false);
    } finally {
      await worker.close(true);
    }
    vi.spyOn(Job.prototype, 'remove').mockRejectedValue(new Error('Job is locked'));
    expect(await enqueueCodeCheck(queue, 'RACE2', 'console:guest')).toBe('busy');
  });
});
