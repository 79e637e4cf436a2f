import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BookingStore } from '../bookings/store.js';
import { ConversationStore } from '../conversation/store.js';
import { createMetrics, type Metrics } from '../http/metrics.js';
import { createBookingSyncQueue, type BookingSyncJobData } from '../jobs/booking-sync.worker.js';
import { INVITE_SWEEP } from '../jobs/invitations.js';
import { createLockCheckQueue, type LockCheckJobData } from '../jobs/lock-check.worker.js';
import { PROVISION_SWEEP } from '../jobs/provision.js';
import { StaySweeps } from '../jobs/stay-sweeps.js';
import { createCleanupQueue, createQueues, type CleanupJobData, type Queues } from '../jobs/queues.js';
import { PinStore } from '../locks/pin-store.js';
import { AuditLog } from '../oversight/audit.js';
import { createBullConnection } from '../redis-connect.js';
import { redisKeys, type RedisKeys } from '../redis-keys.js';
import { SharedLimiters } from '../redis/shared-limiters.js';
import type { Base } from './bootstrap.js';

/**
 * What the services and the adapters' outbound parts are built on: keys, shared send rates,
 * metrics, the job queues and the Redis-backed stores. None of it needs the engine, so a
 * channel's sender and the staff group's poster can be made from it before the engine is.
 */
export interface Infrastructure extends Base {
  readonly keys: RedisKeys;
  /** Send rates every process shares (a bot's or a sender number's messages a second). */
  readonly limiters: SharedLimiters;
  readonly metrics: Metrics;
  readonly queues: Queues;
  readonly cleanupQueue: Queue<CleanupJobData>;
  /** The daily lock check (clock, timezone, battery, gateway), scheduled by workers with LOCK_PROVIDER=ttlock. */
  readonly lockCheckQueue: Queue<LockCheckJobData>;
  /** Sweeps for bookings whose code is due before arrival (PIN_PROVISION_AHEAD_HOURS). */
  readonly provisionQueue: Queue;
  /** Sweeps for bookings whose WhatsApp invitation is due (INVITE_HOURS_BEFORE_CHECKIN). */
  readonly inviteQueue: Queue;
  readonly bookingSyncQueue: Queue<BookingSyncJobData>;
  /** The lock records poll (arrivals, wrong codes) and the check-out reminders: their queues, workers and schedules. */
  readonly staySweeps: StaySweeps;
  readonly bookings: BookingStore;
  readonly pins: PinStore;
  readonly store: ConversationStore;
  readonly audit: AuditLog;
  /** Stops what this built (queues, their shared connection, the limiters); not the Redis client it was given. */
  closeInfrastructure(): Promise<void>;
}

export function createInfrastructure(base: Base): Infrastructure {
  const { config, redis, logger } = base;
  const keys = redisKeys(config.redisPrefix);
  const bullPrefix = keys.bullPrefix();
  const limiters = new SharedLimiters({ redis, prefix: keys.prefix, logger: logger.child({ component: 'limiters' }) });
  const bullConnection: Redis = createBullConnection(config.redisUrl);
  const queues = createQueues(bullConnection, bullPrefix, config.pin.attempts);
  const cleanupQueue = createCleanupQueue(bullConnection, bullPrefix);
  const lockCheckQueue = createLockCheckQueue(bullConnection, bullPrefix);
  const provisionQueue = PROVISION_SWEEP.createQueue(bullConnection, bullPrefix);
  const inviteQueue = INVITE_SWEEP.createQueue(bullConnection, bullPrefix);
  const bookingSyncQueue = createBookingSyncQueue(bullConnection, bullPrefix);
  const staySweeps = new StaySweeps(bullConnection, bullPrefix, { pollMs: config.arrival.pollMs, departureMessages: config.departure.messages });
  const all: Queue[] = [queues.pin, queues.timers, cleanupQueue, lockCheckQueue, provisionQueue, inviteQueue, bookingSyncQueue];
  return {
    ...base,
    keys,
    limiters,
    metrics: createMetrics(),
    queues,
    cleanupQueue,
    lockCheckQueue,
    provisionQueue,
    inviteQueue,
    bookingSyncQueue,
    staySweeps,
    bookings: new BookingStore(redis, keys),
    pins: new PinStore(redis, keys),
    store: new ConversationStore(redis, keys),
    audit: new AuditLog(redis, keys),
    async closeInfrastructure() {
      await staySweeps.close();
      await limiters.close();
      // A queue still checking the Redis version when its shared connection quits rejects with no
      // one listening: let them finish starting first (services closed right after they were built).
      await Promise.all(all.map((q) => q.waitUntilReady().catch(() => {})));
      await Promise.all(all.map((q) => q.close()));
      await bullConnection.quit().catch(() => {});
    },
  };
}
