import { randomUUID } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { errorMessage } from '../errors.js';
import type { RedisKeys } from '../redis-keys.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import type { LockInfo, LockReport } from '../ttlock/lock-check.js';

/**
 * The daily lock check: the checks of `npm run locks -- health` for every lock in the properties
 * file, and one staff alert per lock that needs attention. A lock's clock drifts and its timezone
 * misses DST changes without anyone noticing until a guest's code fails at the door.
 */
export const LOCK_CHECK_QUEUE = 'lock-check';
/** Fixed, so every worker that starts upserts the same scheduler: one run a day, however many processes. */
export const LOCK_CHECK_SCHEDULER_ID = 'lock-check-daily';

export const lockCheckJobSchema = z.object({});
export type LockCheckJobData = z.infer<typeof lockCheckJobSchema>;

export function createLockCheckQueue(connection: ConnectionOptions, prefix: string): Queue<LockCheckJobData> {
  return new Queue<LockCheckJobData>(LOCK_CHECK_QUEUE, { connection, prefix });
}

const jobOptions = {
  // A run that failed as a whole (Redis away) is tried again; alerts it raised are not repeated (see runLockCheck).
  attempts: 3,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: { count: 30 },
  removeOnFail: { count: 30 },
} as const;

/** Every day at `hourUtc`:00 UTC. Upserting again (another worker, a restart, a new hour) replaces the schedule, never adds one. */
export async function scheduleDailyLockCheck(queue: Queue<LockCheckJobData>, hourUtc: number): Promise<void> {
  await queue.upsertJobScheduler(LOCK_CHECK_SCHEDULER_ID, { pattern: `0 ${hourUtc} * * *`, tz: 'UTC' }, { name: 'check', data: {}, opts: jobOptions });
}

/** Locks without a clock (the simulated provider): a schedule left from a TTLock deployment goes. */
export async function unscheduleDailyLockCheck(queue: Queue<LockCheckJobData>): Promise<void> {
  await queue.removeJobScheduler(LOCK_CHECK_SCHEDULER_ID);
}

/** A run now, besides the daily one. Returns its job. */
export async function checkLocksNow(queue: Queue<LockCheckJobData>): Promise<Job<LockCheckJobData>> {
  return queue.add('check', {}, { ...jobOptions, jobId: `lock-check-now-${randomUUID()}` });
}

export interface LockCheckRunDeps {
  /** The locks of the properties file. */
  locks: ReadonlyMap<number, LockInfo>;
  check: (lockId: number, info: LockInfo) => Promise<LockReport>;
  alerts: Pick<StaffAlerts, 'raise'>;
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  now?: () => number;
}

/** How long a run remembers which locks it alerted about (longer than any retry of it). */
const ALERTED_TTL_SECONDS = 2 * 24 * 3600;

/**
 * Checks every lock, one after another (each clock read waits for its gateway's turn), and raises
 * one alert per lock that needs attention. `runId` names this run: a retry of the same run (a
 * crash mid-way, a stalled job) skips the locks it already alerted about.
 */
export async function runLockCheck(deps: LockCheckRunDeps, runId: string): Promise<{ checked: number; needAttention: number[] }> {
  const now = deps.now ?? Date.now;
  const needAttention: number[] = [];
  for (const [lockId, info] of deps.locks) {
    let issues: string[];
    try {
      issues = (await deps.check(lockId, info)).issues;
    } catch (err) {
      issues = [`could not be checked: ${errorMessage(err)}`];
    }
    if (issues.length === 0) continue;
    needAttention.push(lockId);
    const first = await deps.redis.set(deps.keys.staffAlertOnce(`lock-check:${runId}:${lockId}`), '1', 'EX', ALERTED_TTL_SECONDS, 'NX');
    if (first !== 'OK') continue;
    await deps.alerts.raise({
      kind: 'lock_attention',
      ref: undefined,
      convKey: '',
      detail: [`Lock ${lockId} (${info.label}):`, ...issues.map((i) => `- ${i}`)].join('\n'),
      at: now(),
    });
  }
  deps.logger.info({ run: runId, checked: deps.locks.size, needAttention }, 'daily lock check done');
  return { checked: deps.locks.size, needAttention };
}

export function createLockCheckWorker(deps: LockCheckRunDeps & { connection: ConnectionOptions; bullPrefix: string }): Worker<LockCheckJobData> {
  const worker = new Worker<LockCheckJobData>(
    LOCK_CHECK_QUEUE,
    async (job: Job<LockCheckJobData>) => {
      lockCheckJobSchema.parse(job.data);
      return runLockCheck(deps, job.id ?? `job-${job.timestamp}`);
    },
    { connection: deps.connection, prefix: deps.bullPrefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => deps.logger.error({ job: job?.id, err: errorMessage(err) }, 'daily lock check failed'));
  worker.on('error', (err) => deps.logger.error({ err: errorMessage(err) }, 'lock check worker error'));
  return worker;
}
