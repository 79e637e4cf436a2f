import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, errorMessage } from '../errors.js';
import type { PinIssuer } from '../locks/pin-issuer.js';
import type { StaffAlerts } from '../staff/alerts.js';
import { jobIdPart } from './queues.js';

export const CLEANUP_QUEUE = 'cleanup';
export const cleanupJobSchema = z.object({ ref: z.string().min(1), reason: z.enum(['cancelled', 'checked_out']) });
export type CleanupJobData = z.infer<typeof cleanupJobSchema>;

export function createCleanupQueue(connection: ConnectionOptions, prefix: string): Queue<CleanupJobData> {
  return new Queue<CleanupJobData>(CLEANUP_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 30 * 24 * 3600, count: 5000 },
    },
  });
}

export async function enqueueCleanup(queue: Queue<CleanupJobData>, data: CleanupJobData, delayMs = 0): Promise<void> {
  await queue.add('revoke', data, { jobId: `revoke-${jobIdPart(data.ref)}-${Date.now()}`, delay: delayMs });
}

/** Takes a booking's codes off its locks. A code left behind after every retry is a staff alert. */
export function createCleanupWorker(deps: {
  connection: ConnectionOptions;
  bullPrefix: string;
  issuer: PinIssuer;
  alerts: StaffAlerts;
  logger: Logger;
  /**
   * True while the booking's PIN job is running. Cleanup waits for it (retries later): a run
   * that began before the cancellation may still be adding codes that a cleanup now would miss.
   * A run that begins after it sees the booking cancelled and adds nothing.
   */
  pinJobRunning?: (ref: string) => Promise<boolean>;
}): Worker<CleanupJobData> {
  const worker = new Worker<CleanupJobData>(
    CLEANUP_QUEUE,
    async (job: Job<CleanupJobData>) => {
      const { ref } = cleanupJobSchema.parse(job.data);
      if (await deps.pinJobRunning?.(ref)) throw new AppError(`the PIN job of ${ref} is still adding codes; cleanup retries later`, true);
      await deps.issuer.revoke(ref);
      deps.logger.info({ ref, reason: job.data.reason }, 'booking codes removed');
    },
    { connection: deps.connection, prefix: deps.bullPrefix, concurrency: 2 },
  );
  worker.on('failed', (job, err) => {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    deps.alerts
      .raise({
        kind: 'pin_failed',
        ref: job.data.ref,
        convKey: '',
        detail: `Booking ${job.data.ref} (${job.data.reason}): its door codes could not be removed: ${err.message}. Remove them by hand.`,
        at: Date.now(),
      })
      .catch((e: unknown) => deps.logger.error({ ref: job.data.ref, err: errorMessage(e) }, 'could not raise cleanup alert'));
  });
  worker.on('error', (err) => deps.logger.error({ err: errorMessage(err) }, 'cleanup worker error'));
  return worker;
}
