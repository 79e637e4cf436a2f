import { randomUUID } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.js';

/**
 * A job that looks over the bookings every few minutes and starts what has come due (codes made
 * ahead, invitations). Its own queue with a job scheduler of a fixed id: every worker upserts the
 * same one, so one sweep runs at a time however many processes there are; a sweep is safe to
 * repeat, so one that failed is simply tried again.
 */
export interface Sweep {
  /** The queue's name; the scheduler's id is `<name>-sweep`. */
  readonly name: string;
  createQueue(connection: ConnectionOptions, prefix: string): Queue;
  /** Off: a schedule left from an earlier setting goes. */
  schedule(queue: Queue, on: boolean): Promise<void>;
  /** A sweep now, besides the scheduled ones. */
  runNow(queue: Queue): Promise<Job>;
  createWorker(deps: { connection: ConnectionOptions; bullPrefix: string; logger: Logger; run: () => Promise<unknown> }): Worker;
}

const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } } as const;

export function sweep(name: string, everyMs = 5 * 60_000): Sweep {
  const schedulerId = `${name}-sweep`;
  return {
    name,
    createQueue: (connection, prefix) => new Queue(name, { connection, prefix }),
    schedule: async (queue, on) => {
      if (on) await queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name: 'sweep', data: {}, opts: JOB_OPTIONS });
      else await queue.removeJobScheduler(schedulerId);
    },
    runNow: (queue) => queue.add('sweep', {}, { ...JOB_OPTIONS, jobId: `${name}-now-${randomUUID()}` }),
    createWorker: ({ connection, bullPrefix, logger, run }) => {
      const worker = new Worker(name, run, { connection, prefix: bullPrefix, concurrency: 1 });
      worker.on('failed', (job, err) => logger.error({ job: job?.id, err: errorMessage(err) }, `${name} sweep failed`));
      worker.on('error', (err) => logger.error({ err: errorMessage(err) }, `${name} worker error`));
      return worker;
    },
  };
}
