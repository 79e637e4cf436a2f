import { Queue, type ConnectionOptions, type DefaultJobOptions, type Job, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { PublicId } from '../flows/public-id.js';

export const PIN_QUEUE = 'pin';
export const TIMER_QUEUE = 'timers';

export const pinJobSchema = z.object({
  ref: z.string().min(1),
  /**
   * A guest said the code does not work: check it on the booking's locks, put it back where it is
   * missing, and report to this conversation (`codeChecked`). Run as the booking's PIN job (same
   * id), so it never overlaps another run that adds or moves the booking's codes.
   */
  check: z.object({ convKey: z.string().min(1) }).optional(),
});
export type PinJobData = z.infer<typeof pinJobSchema>;

export const timerJobSchema = z.object({ kind: z.literal('pinDeadline'), ref: z.string().min(1), convKey: z.string().min(1) });
export type TimerJobData = z.infer<typeof timerJobSchema>;

/** BullMQ forbids ':' in custom ids; refs and conversation keys may contain it. */
export function jobIdPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** One PIN job per booking: a second enqueue while one exists is a no-op. */
export function pinJobId(ref: string): string {
  return `pin-${jobIdPart(ref)}`;
}

/** By the chat's public id: job ids end up in BullMQ's event stream and in logs, and a chat key can be a phone number. */
export function deadlineJobId(ref: string, convKey: string, publicId: PublicId): string {
  return `deadline-${jobIdPart(ref)}-${jobIdPart(publicId(convKey))}`;
}

/**
 * Removes a booking's PIN deadline jobs for these chats, unless one is running right now. A
 * finished one keeps the chat key (maybe a phone number) in its data until BullMQ trims the
 * history; one still waiting would bring a forgotten chat back when it fires. Returns how many went.
 */
export async function removeDeadlines(queue: Pick<Queue<TimerJobData>, 'getJob'>, ref: string, convKeys: Iterable<string>, publicId: PublicId): Promise<number> {
  let removed = 0;
  for (const convKey of convKeys) {
    const job = await queue.getJob(deadlineJobId(ref, convKey, publicId));
    if (!job || (await job.getState()) === 'active') continue;
    // Throws if it started meanwhile: then it finishes and BullMQ's history limits apply.
    if (await job.remove().then(() => true, () => false)) removed++;
  }
  return removed;
}

/** History kept for operators, bounded so Redis does not grow without end. */
const kept: Pick<DefaultJobOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

export interface Queues {
  pin: Queue<PinJobData>;
  timers: Queue<TimerJobData>;
}

export function createQueues(connection: ConnectionOptions, prefix: string, pinAttempts: number): Queues {
  const pin = new Queue<PinJobData>(PIN_QUEUE, {
    connection,
    prefix,
    // `attempts` (PIN_JOB_ATTEMPTS) and this backoff apply to failures that are retryable but not
    // an outage; the worker waits outages out itself (moveToDelayed), which BullMQ does not count.
    defaultJobOptions: { attempts: pinAttempts, backoff: { type: 'exponential', delay: 2_000 }, ...kept },
  });
  const timers = new Queue<TimerJobData>(TIMER_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1_000 }, ...kept },
  });
  return { pin, timers };
}

/**
 * Adds the booking's PIN job, or re-runs it if an old one finished (the job is idempotent: it
 * reuses what an earlier run created). A job still waiting or running is left alone.
 */
export async function enqueuePinJob(queue: Queue<PinJobData>, ref: string): Promise<void> {
  await addUnlessPending(queue, 'create', { ref }, { jobId: pinJobId(ref) });
}

/**
 * Queues a check of the booking's code on its locks for `convKey` (see `pinJobSchema.check`).
 * `busy`: a PIN job of the booking is waiting or running, which does the same work (and tells the
 * guest's chat when it is done), so nothing is queued.
 */
export async function enqueueCodeCheck(queue: Queue<PinJobData>, ref: string, convKey: string): Promise<'queued' | 'busy'> {
  const jobId = pinJobId(ref);
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return 'busy';
    await existing.remove().catch(() => {});
  }
  // The queue's attempts and backoff: a check reports its own lock errors, and one that finds the PIN
  // needs making or moving goes on as the booking's PIN job, with that job's retries.
  await queue.add('check', { ref, check: { convKey } }, { jobId });
  // BullMQ ignores an add whose id exists (a finished job that could not be removed, a PIN job
  // queued meanwhile): only a job that names this chat will answer it.
  const added = await queue.getJob(jobId);
  if (added?.data.check?.convKey !== convKey) return 'busy';
  const state = await added.getState();
  // This chat's earlier check, finished, still under the id: the add did nothing.
  if (state === 'completed' || state === 'failed') return 'busy';
  return 'queued';
}

/**
 * Adds a job under a fixed id. Finished jobs are kept for a while (history) and BullMQ ignores an
 * add whose id exists, so a finished one is removed first or the new add would be a silent no-op.
 * A job still waiting, delayed or running is left alone.
 */
export async function addUnlessPending<T>(
  queue: { getJob(id: string): Promise<Job | undefined>; add(name: string, data: T, opts: JobsOptions): Promise<unknown> },
  name: string,
  data: T,
  opts: JobsOptions & { jobId: string },
): Promise<void> {
  const existing = await queue.getJob(opts.jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed') return;
    await existing.remove().catch(() => {}); // raced with another remover: fine, add below decides
  }
  await queue.add(name, data, opts);
}

/**
 * True when a `failed` event is the job's last: BullMQ will not try it again. `attemptsMade`
 * cannot tell: a job failed for stalling too often ends with attempts to spare.
 */
export function isFinalFailure(job: Pick<Job, 'finishedOn'>): boolean {
  return typeof job.finishedOn === 'number' && job.finishedOn > 0;
}

// ---------------------------------------------------------------- cleanup

export const CLEANUP_QUEUE = 'cleanup';
/**
 * `cancelled`: take the codes off now. `checked_out`: the stay (plus buffer) is over; remove the
 * codes and forget the PIN. `changed`: the booking's dates or room changed; move its PIN.
 * `forget`: the retention period after check-out is over; delete the guest's personal data.
 * `superseded`: the PIN was moved, and codes it no longer needs (old room, old digits) could not
 * be taken off at once; try again. `departed`: the guest has left; the booking's code ends at
 * `endsAt` (changed in place) and its check-out moves there (jobs/departure.ts).
 */
export const cleanupJobSchema = z.object({
  ref: z.string().min(1),
  reason: z.enum(['cancelled', 'checked_out', 'changed', 'forget', 'superseded', 'reassigned', 'departed']),
  /** `departed`: when the code is to stop working (epoch ms, whole minutes). */
  endsAt: z.number().int().positive().optional(),
  /** `departed`: the staff member who checked the guest out (/checkout); unset, the guest did. */
  by: z.string().max(200).optional(),
  /** `departed`: the chat that asked (it held the booking then): a booking reassigned since is left alone. */
  convKey: z.string().min(1).max(300).optional(),
  /** When the locks' outage this job is waiting out began (set by the job itself). */
  outageSince: z.number().optional(),
  /** Staff were told the codes are still on a lock during that outage. */
  outageAlerted: z.boolean().optional(),
});
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
  const name = data.reason === 'changed' ? 'move' : data.reason === 'superseded' ? 'leftovers' : data.reason === 'reassigned' ? 'after-reassign' : 'revoke';
  await queue.add(name, data, { jobId: `${name}-${jobIdPart(data.ref)}-${Date.now()}`, delay: delayMs });
}

/** One departure per booking: a second request while one is waiting or running is the same one. */
export function departureJobId(ref: string): string {
  return `departure-${jobIdPart(ref)}`;
}

/** Queues cutting the booking's code short to end at `endsAt` (retried; a finished one may be asked again). */
export async function enqueueDeparture(queue: Queue<CleanupJobData>, ref: string, endsAt: number, by?: string, convKey?: string): Promise<void> {
  await addUnlessPending(queue, 'depart', { ref, reason: 'departed', endsAt, ...(by ? { by } : {}), ...(convKey ? { convKey } : {}) }, { jobId: departureJobId(ref) });
}

/** One end-of-stay cleanup per booking, moved when the stay moves. */
export function checkoutJobId(ref: string): string {
  return `checkout-${jobIdPart(ref)}`;
}

/**
 * Books (or moves) the removal of a booking's codes and PIN record for `at` (epoch ms). A job
 * already waiting or running is left alone: it checks the booking's end itself when it runs.
 */
export async function scheduleCheckoutCleanup(queue: Queue<CleanupJobData>, ref: string, at: number): Promise<void> {
  await scheduleOnce(queue, checkoutJobId(ref), { ref, reason: 'checked_out' }, at);
}

/** One deletion of guest data per booking, moved when the stay moves. */
export function forgetJobId(ref: string): string {
  return `forget-${jobIdPart(ref)}`;
}

/**
 * Books (or moves) the deletion of a booking's guest data for `at` (epoch ms: check-out plus the
 * retention period; the job checks the booking's check-out again when it runs).
 */
export async function scheduleForget(queue: Queue<CleanupJobData>, ref: string, at: number): Promise<void> {
  await scheduleOnce(queue, forgetJobId(ref), { ref, reason: 'forget' }, at);
}

async function scheduleOnce(queue: Queue<CleanupJobData>, jobId: string, data: CleanupJobData, at: number): Promise<void> {
  const delay = Math.max(0, at - Date.now());
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'delayed') {
      // Throws only if it started meanwhile; then it re-checks the end itself.
      await existing.changeDelay(delay).catch(() => {});
      return;
    }
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
    await existing.remove().catch(() => {});
  }
  await queue.add(data.reason, data, { jobId, delay });
}
