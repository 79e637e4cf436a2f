import type { Worker } from 'bullmq';
import type { Invitations } from '../bot/guest-channel.js';
import { retentionMs } from '../config.js';
import type { ConversationEngine } from '../conversation/engine.js';
import { errorMessage } from '../errors.js';
import { createCleanupWorker } from '../jobs/cleanup.worker.js';
import { Departures } from '../jobs/departure.js';
import { createPinWorker } from '../jobs/pin.worker.js';
import { departureJobId, enqueuePinJob, pinJobId, scheduleCheckoutCleanup, scheduleForget } from '../jobs/queues.js';
import { createTimerWorker } from '../jobs/timers.worker.js';
import { shortenPin } from '../locks/pin-shortener.js';
import { stayWindow } from '../locks/stay-window.js';
import { createBullConnection } from '../redis-connect.js';
import type { Services } from './compose.js';
import { REPEATABLE_JOBS, type RepeatableJob } from './repeatable-jobs.js';

export interface StartWorkersOptions {
  sweepIntervalMs?: number;
  /** Proactive invitations (a channel's, when one is configured): sent `beforeCheckInMs` before check-in. */
  invitations?: (Invitations & { beforeCheckInMs: number }) | undefined;
  /** Stalled-job detection of the PIN worker (tests shorten it to recover a killed worker quickly). */
  pinWorker?: { lockDuration?: number; stalledInterval?: number };
}

/** The services the workers run on; of the engine, only what they call. */
export type WorkerServices = Omit<Services, 'engine'> & { readonly engine: Pick<ConversationEngine, 'notify' | 'sweep'> };

export interface Workers {
  /** Resolves once every repeatable job is (un)scheduled. */
  ready(): Promise<void>;
  /** Lets running jobs finish for up to `graceMs`, then stops; unfinished jobs are retried by another worker. */
  close(graceMs: number): Promise<void>;
}

/** Starts the BullMQ workers, the repeatable jobs and the sweeper that finishes work a dead process left queued. */
export function startWorkers(s: WorkerServices, opts: StartWorkersOptions = {}, repeatable: readonly RepeatableJob[] = REPEATABLE_JOBS): Workers {
  const { config, logger } = s;
  const bullPrefix = s.keys.bullPrefix();
  const connection = () => createBullConnection(config.redisUrl);
  const notify = s.engine.notify.bind(s.engine);
  const checkInOf = async (ref: string): Promise<number | undefined> => {
    // The booking's check-in instant (no PIN_EARLY_MINUTES), the base of the PIN job's retry horizon.
    const booking = await s.bookings.get(ref);
    const place = booking && s.catalog.room(booking.propertyId, booking.roomId);
    return place ? stayWindow(booking, place.property, { earlyMinutes: 0, lateMinutes: 0 }).start : undefined;
  };
  const workers: Worker[] = [
    createPinWorker({
      connection: connection(),
      bullPrefix,
      redis: s.redis,
      keys: s.keys,
      issuer: s.issuer,
      pins: s.pins,
      notify,
      logger: logger.child({ component: 'pin-worker' }),
      publicId: s.publicId,
      alerts: s.alerts,
      concurrency: config.pin.workerConcurrency,
      // Stalled jobs are looked for twice per lock period: a dead worker's job restarts within 1.5 locks.
      lockDuration: config.pin.jobLockMs,
      stalledInterval: Math.floor(config.pin.jobLockMs / 2),
      ...opts.pinWorker,
      onResult: (result, seconds) => {
        s.metrics.pinJobs.inc({ result });
        if (result === 'ready') s.metrics.pinJobSeconds.observe(seconds);
      },
      retry: config.pin.retry,
      checkInOf,
      departureRunning: async (ref) => (await (await s.cleanupQueue.getJob(departureJobId(ref)))?.getState()) === 'active',
      scheduleCleanup: async (ref, stayEnd) => {
        await scheduleCheckoutCleanup(s.cleanupQueue, ref, stayEnd + config.pin.cleanupAfterMinutes * 60_000);
        // Bookings stored before retention existed get their deletion booked here too.
        await scheduleForget(s.cleanupQueue, ref, stayEnd + retentionMs(config));
      },
    }),
    createTimerWorker({
      connection: connection(),
      bullPrefix,
      notify,
      alerts: s.alerts,
      logger: logger.child({ component: 'timers' }),
    }),
    createCleanupWorker({
      connection: connection(),
      bullPrefix,
      issuer: s.issuer,
      alerts: s.alerts,
      logger: logger.child({ component: 'cleanup' }),
      pinJobRunning: async (ref) => (await (await s.queues.pin.getJob(pinJobId(ref)))?.getState()) === 'active',
      pins: s.pins,
      reissue: (ref) => enqueuePinJob(s.queues.pin, ref),
      cleanupAfterMs: config.pin.cleanupAfterMinutes * 60_000,
      guestData: s.guestData,
      departures: departuresOf(s, notify),
      outageRetry: config.pin.retry,
    }),
  ];
  const schedules: Array<Promise<unknown>> = [];
  for (const job of repeatable) {
    const started = job.start({ services: s, opts, connection, bullPrefix });
    workers.push(...started.workers);
    schedules.push(started.schedule().catch((err: unknown) => logger.error({ err: errorMessage(err) }, `could not (un)schedule ${job.what}`)));
  }
  const scheduling = Promise.all(schedules).then(() => undefined);
  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    s.engine
      .sweep()
      .catch((err: unknown) => logger.error({ err: errorMessage(err) }, 'sweep failed'))
      .finally(() => (sweeping = false));
  }, opts.sweepIntervalMs ?? 2_000);
  return {
    ready: () => scheduling,
    close: async (graceMs: number) => {
      clearInterval(sweeper);
      await scheduling;
      let timer: NodeJS.Timeout | undefined;
      const graceful = Promise.all(workers.map((w) => w.close()));
      const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), graceMs);
      });
      if ((await Promise.race([graceful, expired])) === 'expired') {
        logger.warn('shutdown grace period over; unfinished jobs will be retried by another worker');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      clearTimeout(timer);
      await Promise.all(workers.map((w) => w.disconnect().catch(() => {})));
    },
  };
}

/** A departed guest's stay and door code, cut short (the cleanup queue's `departed` jobs). */
function departuresOf(s: WorkerServices, notify: ConversationEngine['notify']): Departures {
  const { config } = s;
  const logger = s.logger.child({ component: 'departure' });
  return new Departures({
    bookings: s.bookings,
    catalog: s.catalog,
    lateMinutes: config.pin.lateMinutes,
    shorten: (ref, end) => shortenPin({ provider: s.provider, pins: s.pins, logger }, ref, end),
    reschedule: async (ref, end) => {
      await scheduleCheckoutCleanup(s.cleanupQueue, ref, end + config.pin.cleanupAfterMinutes * 60_000);
      await scheduleForget(s.cleanupQueue, ref, end + retentionMs(config));
    },
    owner: (ref) => s.store.owner(ref),
    notify: (convKey, event, deliveryId) => notify(convKey, event, deliveryId),
    alerts: s.alerts,
    publicId: s.publicId,
    logger,
  });
}
