import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createBookingSyncWorker, scheduleBookingSync } from '../jobs/booking-sync.worker.js';
import { INVITE_SWEEP, runInviteSweep } from '../jobs/invitations.js';
import { createLockCheckWorker, scheduleDailyLockCheck, unscheduleDailyLockCheck } from '../jobs/lock-check.worker.js';
import { PROVISION_SWEEP, runProvisionSweep } from '../jobs/provision.js';
import { enqueuePinJob } from '../jobs/queues.js';
import { checkLock, locksOf } from '../ttlock/lock-check.js';
import type { StartWorkersOptions, WorkerServices } from './start-workers.js';

/** What a repeatable job is given when the workers start. */
export interface RepeatableJobContext {
  services: WorkerServices;
  opts: StartWorkersOptions;
  /** A new blocking connection for one worker. */
  connection(): Redis;
  bullPrefix: string;
}

/**
 * A job that runs on a schedule (a sweep, the daily lock check, the booking sync): every worker
 * process (un)schedules it, and runs its worker when it is on in this deployment. Adding one is
 * adding an entry to REPEATABLE_JOBS.
 */
export interface RepeatableJob {
  /** What the log names when (un)scheduling fails: "could not (un)schedule <what>". */
  what: string;
  /** The workers when the job is on here (else none), and the schedule to set or remove. */
  start(ctx: RepeatableJobContext): { workers: Worker[]; schedule(): Promise<unknown> };
}

/** The daily lock check only means something on TTLock locks (simulated ones have no clock). */
const lockCheck: RepeatableJob = {
  what: 'the daily lock check',
  start: ({ services: s, connection, bullPrefix }) => {
    const { ttlock } = s;
    const settings = s.config.locks;
    if (!ttlock || settings.provider !== 'ttlock') return { workers: [], schedule: () => unscheduleDailyLockCheck(s.lockCheckQueue) };
    const worker = createLockCheckWorker({
      connection: connection(),
      bullPrefix,
      locks: locksOf(s.catalog),
      check: (lockId, info) => checkLock({ ttlock }, lockId, info),
      alerts: s.alerts,
      redis: s.redis,
      keys: s.keys,
      logger: s.logger.child({ component: 'lock-check' }),
    });
    return { workers: [worker], schedule: () => scheduleDailyLockCheck(s.lockCheckQueue, settings.checkHourUtc) };
  },
};

const provision: RepeatableJob = {
  what: 'the sweep for codes made ahead of arrival',
  start: ({ services: s, connection, bullPrefix }) => {
    const aheadMs = s.config.pin.provisionAheadMs;
    const worker = PROVISION_SWEEP.createWorker({
      connection: connection(),
      bullPrefix,
      logger: s.logger,
      run: () =>
        runProvisionSweep({
          upcoming: (now) => s.bookings.upcoming(now),
          pins: s.pins,
          catalog: s.catalog,
          aheadMs,
          startPinJob: (ref) => enqueuePinJob(s.queues.pin, ref),
          logger: s.logger.child({ component: 'provision' }),
        }),
    });
    return { workers: [worker], schedule: () => PROVISION_SWEEP.schedule(s.provisionQueue, aheadMs > 0) };
  },
};

/** Proactive invitations, when a channel offers them (StartWorkersOptions.invitations). */
const invitations: RepeatableJob = {
  what: 'the sweep for WhatsApp invitations',
  start: ({ services: s, opts, connection, bullPrefix }) => {
    const invitations = opts.invitations;
    const schedule = () => INVITE_SWEEP.schedule(s.inviteQueue, invitations !== undefined);
    if (!invitations) return { workers: [], schedule };
    const worker = INVITE_SWEEP.createWorker({
      connection: connection(),
      bullPrefix,
      logger: s.logger,
      run: () =>
        runInviteSweep({
          upcoming: (now) => s.bookings.upcoming(now),
          catalog: s.catalog,
          beforeCheckInMs: invitations.beforeCheckInMs,
          owner: (ref) => s.store.owner(ref),
          send: (phone, ref) => invitations.send(phone, ref),
          optedOut: (phone) => invitations.optedOut(phone),
          redis: s.redis,
          keys: s.keys,
          alerts: s.alerts,
          audit: s.audit,
          logger: s.logger.child({ component: 'invite' }),
        }),
    });
    return { workers: [worker], schedule };
  },
};

/** The booking feeds (src/sources), when properties.json has any. */
const bookingSync: RepeatableJob = {
  what: 'the booking sync',
  start: ({ services: s, connection, bullPrefix }) => {
    const feeds = s.bookingSync.sourceCount > 0;
    const schedule = () => scheduleBookingSync(s.bookingSyncQueue, feeds ? s.config.bookingSync.everyMs : 0);
    if (!feeds) return { workers: [], schedule };
    const worker = createBookingSyncWorker({ connection: connection(), bullPrefix, run: () => s.bookingSync.run(), logger: s.logger.child({ component: 'booking-sync' }) });
    return { workers: [worker], schedule };
  },
};

/** The lock records poll (arrivals, wrong codes) and the check-out reminders (src/jobs/stay-sweeps.ts). */
const stay: RepeatableJob = {
  what: 'the sweeps of the stay',
  start: ({ services: s, connection, bullPrefix }) => {
    const upcoming = (now: number) => s.bookings.upcoming(now);
    const notify = (convKey: string, event: Parameters<WorkerServices['engine']['notify']>[1], deliveryId: string) => s.engine.notify(convKey, event, deliveryId);
    const started = s.staySweeps.start({
      connection,
      bullPrefix,
      logger: s.logger,
      arrivals: {
        upcoming,
        catalog: s.catalog,
        stayingChat: s.stayingChat,
        records: (lockId, since, until) => s.provider.readRecords(lockId, since, until),
        notify,
        alerts: s.alerts,
        redis: s.redis,
        keys: s.keys,
        welcome: s.config.arrival.messages,
      },
      checkout: { upcoming, catalog: s.catalog, stayingChat: s.stayingChat, notify, redis: s.redis, keys: s.keys, reminderTime: s.config.departure.reminderTime },
    });
    // Scheduling started with the workers; it logs its own failures and never rejects.
    return { workers: started.workers, schedule: () => started.scheduled };
  },
};

export const REPEATABLE_JOBS: readonly RepeatableJob[] = [lockCheck, provision, invitations, bookingSync, stay];
