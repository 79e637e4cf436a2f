import { randomUUID } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';
import { errorMessage } from '../errors.js';

/**
 * The booking sync (src/sources): every BOOKING_SYNC_MINUTES, one run reads every booking feed
 * and brings the bookings in line. The scheduler's id is fixed, so however many workers start,
 * there is one schedule; the run itself holds a Redis mutex, so a manual sync never overlaps it.
 */
export const BOOKING_SYNC_QUEUE = 'booking-sync';
export const BOOKING_SYNC_SCHEDULER_ID = 'booking-sync-every';

export const bookingSyncJobSchema = z.object({});
export type BookingSyncJobData = z.infer<typeof bookingSyncJobSchema>;

export function createBookingSyncQueue(connection: ConnectionOptions, prefix: string): Queue<BookingSyncJobData> {
  return new Queue<BookingSyncJobData>(BOOKING_SYNC_QUEUE, { connection, prefix });
}

// No retries: the next scheduled run is the retry, and a feed's own failures are handled inside (backoff).
const jobOptions = { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } } as const;

/** Off (0) or no feeds: a schedule left from an earlier setting goes. Upserting again replaces, never adds. */
export async function scheduleBookingSync(queue: Queue<BookingSyncJobData>, everyMs: number): Promise<void> {
  if (everyMs <= 0) {
    await queue.removeJobScheduler(BOOKING_SYNC_SCHEDULER_ID);
    return;
  }
  await queue.upsertJobScheduler(BOOKING_SYNC_SCHEDULER_ID, { every: everyMs }, { name: 'sync', data: {}, opts: jobOptions });
}

/** A run now, besides the scheduled ones. */
export function syncBookingsNow(queue: Queue<BookingSyncJobData>): Promise<Job<BookingSyncJobData>> {
  return queue.add('sync', {}, { ...jobOptions, jobId: `booking-sync-now-${randomUUID()}` });
}

export interface BookingSyncWorkerDeps {
  connection: ConnectionOptions;
  bullPrefix: string;
  /** One sync (BookingSync.run); it returns at once when another process holds the sync. */
  run: () => Promise<unknown>;
  logger: Logger;
}

export function createBookingSyncWorker(deps: BookingSyncWorkerDeps): Worker<BookingSyncJobData> {
  const worker = new Worker<BookingSyncJobData>(
    BOOKING_SYNC_QUEUE,
    async (job: Job<BookingSyncJobData>) => {
      bookingSyncJobSchema.parse(job.data);
      return deps.run();
    },
    { connection: deps.connection, prefix: deps.bullPrefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => deps.logger.error({ job: job?.id, err: errorMessage(err) }, 'booking sync failed'));
  worker.on('error', (err) => deps.logger.error({ err: errorMessage(err) }, 'booking sync worker error'));
  return worker;
}
