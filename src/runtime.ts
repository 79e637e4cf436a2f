import type { Queue, Worker } from 'bullmq';
import type { Invitations } from './bot/guest-channel.js';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createBookingService } from './bookings/booking-jobs.js';
import type { BookingService } from './bookings/service.js';
import { BookingStore } from './bookings/store.js';
import { retentionMs, type Config } from './config.js';
import { RedisContextLoader } from './conversation/context-loader.js';
import { DefaultEffectRunner, type ChannelSender } from './conversation/effect-runner.js';
import { ConversationEngine } from './conversation/engine.js';
import { GuestData } from './conversation/guest-data.js';
import { GuessLimits } from './conversation/guess-limits.js';
import { BookingReassigner } from './conversation/reassign.js';
import { RedisMutex } from './redis/mutex.js';
import type { StaffMirror } from './conversation/mirror.js';
import { ConversationStore } from './conversation/store.js';
import { errorMessage } from './errors.js';
import type { PublicId } from './flows/public-id.js';
import type { Channel } from './flows/state.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { createCleanupWorker } from './jobs/cleanup.worker.js';
import { Departures } from './jobs/departure.js';
import {
  createLockCheckQueue,
  createLockCheckWorker,
  scheduleDailyLockCheck,
  unscheduleDailyLockCheck,
  type LockCheckJobData,
} from './jobs/lock-check.worker.js';
import { createPinWorker } from './jobs/pin.worker.js';
import { INVITE_SWEEP, runInviteSweep } from './jobs/invitations.js';
import { PROVISION_SWEEP, runProvisionSweep } from './jobs/provision.js';
import { StaySweeps } from './jobs/stay-sweeps.js';
import {
  createCleanupQueue,
  createQueues,
  enqueueCleanup,
  enqueueDeparture,
  enqueuePinJob,
  pinJobId,
  scheduleCheckoutCleanup,
  scheduleForget,
  type CleanupJobData,
  type Queues,
} from './jobs/queues.js';
import { createTimerWorker } from './jobs/timers.worker.js';
import {
  createBookingSyncQueue,
  createBookingSyncWorker,
  scheduleBookingSync,
  type BookingSyncJobData,
} from './jobs/booking-sync.worker.js';
import { BookingSync } from './sources/sync.js';
import { sourcesOf } from './sources/sources-of.js';
import { PinIssuer } from './locks/pin-issuer.js';
import { shortenPin } from './locks/pin-shortener.js';
import { PinStore } from './locks/pin-store.js';
import { stayWindow } from './locks/stay-window.js';
import type { LockProvider } from './locks/provider.js';
import { SimulatedLockProvider } from './locks/simulated.js';
import type { PropertyCatalog } from './properties/properties.js';
import { createBullConnection } from './redis-connect.js';
import { redisKeys, type RedisKeys } from './redis-keys.js';
import { SharedLimiters } from './redis/shared-limiters.js';
import { StaffAlerts } from './oversight/alerts.js';
import { AuditLog } from './oversight/audit.js';
import { createTTLock, type TTLock } from './ttlock/create.js';
import { checkLock, locksOf } from './ttlock/lock-check.js';

/** The chat mutex's TTL: the sweeper (every 2 s) finishes a crashed process's chat within about this plus 2 s; long enough to ride out a Redis restart of a few seconds. */
const CHAT_LOCK_MS = 4_000;

export interface RuntimeOptions {
  config: Config;
  catalog: PropertyCatalog;
  logger: Logger;
  /** A connected client (the caller checked that Redis answers). */
  redis: Redis;
  /** How logs, audit entries, alerts and job ids name a chat (`loadPublicId`). */
  publicId: PublicId;
  /** Replaces the provider chosen by config (tests). */
  provider?: LockProvider;
  metrics?: Metrics;
}

export interface StartWorkersOptions {
  sweepIntervalMs?: number;
  /** Proactive invitations (a channel's, when one is configured): sent `beforeCheckInMs` before check-in. */
  invitations?: (Invitations & { beforeCheckInMs: number }) | undefined;
  /** Stalled-job detection of the PIN worker (tests shorten it to recover a killed worker quickly). */
  pinWorker?: { lockDuration?: number; stalledInterval?: number };
}

export interface Workers {
  /** Resolves once the daily lock check and the sweep for codes made ahead are (un)scheduled. */
  ready(): Promise<void>;
  /** Lets running jobs finish for up to `graceMs`, then stops; unfinished jobs are retried by another worker. */
  close(graceMs: number): Promise<void>;
}

/**
 * Everything a web or worker process needs, built once from the config. The only place that
 * knows how the parts fit; entry points (main.ts, the console chat, tests) start what they need.
 */
export class Runtime {
  readonly keys: RedisKeys;
  readonly metrics: Metrics;
  readonly bookings: BookingStore;
  readonly pins: PinStore;
  readonly provider: LockProvider;
  readonly issuer: PinIssuer;
  readonly store: ConversationStore;
  readonly engine: ConversationEngine;
  readonly alerts: StaffAlerts;
  readonly audit: AuditLog;
  readonly queues: Queues;
  readonly cleanupQueue: Queue<CleanupJobData>;
  /** The daily lock check (clock, timezone, battery, gateway), scheduled by workers with LOCK_PROVIDER=ttlock. */
  readonly lockCheckQueue: Queue<LockCheckJobData>;
  /** Sweeps for bookings whose code is due before arrival (PIN_PROVISION_AHEAD_HOURS). */
  readonly provisionQueue: Queue;
  /** Sweeps for bookings whose WhatsApp invitation is due (INVITE_HOURS_BEFORE_CHECKIN). */
  readonly inviteQueue: Queue;
  /** The TTLock client stack, when the locks are TTLock's (and not replaced by the caller). */
  readonly ttlock: TTLock | undefined;
  /** Filled in by each channel adapter that is configured in this process. */
  readonly senders: Partial<Record<Channel, ChannelSender>> = {};
  /** Where staff follow conversations (filled in when the staff group is configured). */
  readonly mirrors: StaffMirror[] = [];
  readonly bookingService: BookingService;
  /** Deletes a booking's guest data after check-out plus the retention period. */
  readonly guestData: GuestData;
  /** Send rates every process shares (a bot's or a sender number's messages a second). */
  readonly limiters: SharedLimiters;
  /** Guessing limits: unknown refs per chat and overall, identity tries per booking. */
  readonly guessLimits: GuessLimits;
  /** Staff take a booking away from the chat that claimed it. */
  readonly reassigner: BookingReassigner;
  private readonly bullConnection: Redis;
  // --- booking feeds (src/sources)
  /** One sync of every booking feed (rooms[].ical); the scheduled job and `npm run bookings:sync` run it. */
  readonly bookingSync: BookingSync;
  readonly bookingSyncQueue: Queue<BookingSyncJobData>;
  // ---
  // --- arrival and departure (src/jobs/stay-sweeps.ts)
  /** The lock records poll (arrivals, wrong codes) and the check-out reminders. */
  readonly staySweeps: StaySweeps;
  // ---

  constructor(readonly options: RuntimeOptions) {
    const { config, redis, logger, catalog } = options;
    this.keys = redisKeys(config.redisPrefix);
    this.limiters = new SharedLimiters({ redis, prefix: this.keys.prefix, logger: logger.child({ component: 'limiters' }) });
    this.metrics = options.metrics ?? createMetrics();
    this.bookings = new BookingStore(redis, this.keys);
    this.pins = new PinStore(redis, this.keys);
    const locks = config.locks;
    if (options.provider) {
      this.provider = options.provider;
      this.ttlock = undefined;
    } else if (locks.provider === 'ttlock') {
      this.ttlock = createTTLock({ settings: locks, redis, keys: this.keys, catalog, logger });
      this.provider = this.ttlock.provider;
    } else {
      this.ttlock = undefined;
      this.provider = new SimulatedLockProvider(redis, this.keys, { minLatencyMs: locks.minLatencyMs, maxLatencyMs: locks.maxLatencyMs });
    }
    this.issuer = new PinIssuer({
      provider: this.provider,
      pins: this.pins,
      bookings: this.bookings,
      catalog,
      pinLength: config.pin.length,
      buffers: { earlyMinutes: config.pin.earlyMinutes, lateMinutes: config.pin.lateMinutes },
      logger: logger.child({ component: 'pin' }),
      // Read when called: the queue is made below.
      scheduleLeftovers: (ref) => enqueueCleanup(this.cleanupQueue, { ref, reason: 'superseded' }),
    });
    this.alerts = new StaffAlerts(redis, this.keys, logger.child({ component: 'staff' }), [], (kind) => this.metrics.staffAlerts.inc({ kind }));
    this.audit = new AuditLog(redis, this.keys);
    this.bullConnection = createBullConnection(config.redisUrl);
    this.queues = createQueues(this.bullConnection, this.keys.bullPrefix(), config.pin.attempts);
    this.cleanupQueue = createCleanupQueue(this.bullConnection, this.keys.bullPrefix());
    this.lockCheckQueue = createLockCheckQueue(this.bullConnection, this.keys.bullPrefix());
    this.provisionQueue = PROVISION_SWEEP.createQueue(this.bullConnection, this.keys.bullPrefix());
    this.inviteQueue = INVITE_SWEEP.createQueue(this.bullConnection, this.keys.bullPrefix());
    this.store = new ConversationStore(redis, this.keys);
    const id = config.identity;
    this.guessLimits = new GuessLimits(
      redis,
      this.keys,
      { identityTries: id.maxTries, refMissesPerHour: id.refMissesPerHour, refFailuresPerMinute: id.refFailuresPerMinute },
      options.publicId,
    );
    this.engine = new ConversationEngine({
      store: this.store,
      // Short, renewed while held: a dead process's chat is taken up within seconds, not half a minute.
      mutex: new RedisMutex(redis, CHAT_LOCK_MS),
      mutexKey: (k) => this.keys.convMutex(k),
      context: new RedisContextLoader({
        bookings: this.bookings,
        pins: this.pins,
        owner: (ref) => this.store.owner(ref),
        catalog,
        limits: this.guessLimits,
        identityPolicy: id.policy,
        pinTimeoutMs: config.pin.timeoutSeconds * 1000,
        publicId: options.publicId,
        departureMessages: config.departure.messages,
      }),
      limits: this.guessLimits,
      effects: new DefaultEffectRunner({
        redis,
        keys: this.keys,
        senders: this.senders,
        pinQueue: this.queues.pin,
        timerQueue: this.queues.timers,
        publicId: options.publicId,
        alerts: this.alerts,
        audit: this.audit,
        logger: logger.child({ component: 'effects' }),
        mirrors: this.mirrors,
        reportUndelivered: (convKey, event) => this.engine.notify(convKey, event),
        tell: (convKey, event, deliveryId) => this.engine.notify(convKey, event, deliveryId),
        startDeparture: (ref, endsAt, by) => enqueueDeparture(this.cleanupQueue, ref, endsAt, by),
        onSent: (channel, result) => this.metrics.outboundMessages.inc({ channel, result }),
      }),
      logger: logger.child({ component: 'engine' }),
      onInbound: (channel) => this.metrics.inboundMessages.inc({ channel }),
      onDropped: (channel, reason) => this.metrics.inboundDropped.inc({ channel, reason }),
      inboundLimit: config.inboundLimit,
      mirroring: () => this.mirrors.length > 0,
    });
    this.reassigner = new BookingReassigner({
      redis,
      keys: this.keys,
      pins: this.pins,
      startPinJob: (ref) => enqueuePinJob(this.queues.pin, ref),
      startPinJobAfterRunning: (ref) => enqueueCleanup(this.cleanupQueue, { ref, reason: 'reassigned' }),
      drain: (convKey) => this.engine.drain(convKey),
      notify: (convKey, event) => this.engine.notify(convKey, event),
    });
    const keepGuestDataMs = retentionMs(config);
    this.guestData = new GuestData({
      redis,
      keys: this.keys,
      bookings: this.bookings,
      catalog,
      audit: this.audit,
      alerts: this.alerts,
      timers: this.queues.timers,
      publicId: options.publicId,
      retentionMs: keepGuestDataMs,
      logger: logger.child({ component: 'retention' }),
    });
    this.bookingService = createBookingService({
      store: this.bookings,
      cleanupQueue: this.cleanupQueue,
      retentionMs: keepGuestDataMs,
      notify: (convKey, event) => this.engine.notify(convKey, event),
    });
    // --- booking feeds (src/sources)
    this.bookingSyncQueue = createBookingSyncQueue(this.bullConnection, this.keys.bullPrefix());
    this.bookingSync = new BookingSync({
      sources: sourcesOf(catalog, {
        fetchTimeoutMs: config.bookingSync.fetchTimeoutMs,
        ...(config.beds24 ? { beds24: { ...config.beds24, redis, keys: this.keys, logger: logger.child({ component: 'beds24' }) } } : {}),
      }),
      // The same store and hooks as bookingService (it holds no state of its own), with the source's methods.
      service: createBookingService({
        store: this.bookings,
        cleanupQueue: this.cleanupQueue,
        retentionMs: keepGuestDataMs,
        notify: (convKey, event) => this.engine.notify(convKey, event),
      }),
      store: this.bookings,
      catalog,
      redis,
      keys: this.keys,
      alert: (detail) => this.alerts.raise({ kind: 'booking_feed', ref: undefined, convKey: '', detail, at: Date.now() }),
      logger: logger.child({ component: 'booking-sync' }),
      settings: config.bookingSync,
    });
    // ---
    // --- arrival and departure (src/jobs/stay-sweeps.ts)
    this.staySweeps = new StaySweeps(this.bullConnection, this.keys.bullPrefix(), {
      pollMs: config.arrival.pollMs,
      departureMessages: config.departure.messages,
    });
    // ---
  }

  /** Starts the BullMQ workers and the sweeper that finishes work a dead process left queued. */
  startWorkers(opts: StartWorkersOptions = {}): Workers {
    const { config, logger } = this.options;
    const bullPrefix = this.keys.bullPrefix();
    const notify = (convKey: string, event: Parameters<ConversationEngine['notify']>[1], deliveryId?: string) => this.engine.notify(convKey, event, deliveryId);
    const workers: Worker[] = [
      createPinWorker({
        connection: createBullConnection(config.redisUrl),
        bullPrefix,
        redis: this.options.redis,
        keys: this.keys,
        issuer: this.issuer,
        pins: this.pins,
        notify,
        logger: logger.child({ component: 'pin-worker' }),
        publicId: this.options.publicId,
        alerts: this.alerts,
        concurrency: config.pin.workerConcurrency,
        // Stalled jobs are looked for twice per lock period: a dead worker's job restarts within 1.5 locks.
        lockDuration: config.pin.jobLockMs,
        stalledInterval: Math.floor(config.pin.jobLockMs / 2),
        ...opts.pinWorker,
        onResult: (result, seconds) => {
          this.metrics.pinJobs.inc({ result });
          if (result === 'ready') this.metrics.pinJobSeconds.observe(seconds);
        },
        retry: config.pin.retry,
        checkInOf: (ref) => this.checkInOf(ref),
        scheduleCleanup: async (ref, stayEnd) => {
          await scheduleCheckoutCleanup(this.cleanupQueue, ref, stayEnd + config.pin.cleanupAfterMinutes * 60_000);
          // Bookings stored before retention existed get their deletion booked here too.
          await scheduleForget(this.cleanupQueue, ref, stayEnd + retentionMs(config));
        },
      }),
      createTimerWorker({
        connection: createBullConnection(config.redisUrl),
        bullPrefix,
        notify,
        alerts: this.alerts,
        logger: logger.child({ component: 'timers' }),
      }),
      createCleanupWorker({
        connection: createBullConnection(config.redisUrl),
        bullPrefix,
        issuer: this.issuer,
        alerts: this.alerts,
        logger: logger.child({ component: 'cleanup' }),
        pinJobRunning: async (ref) => (await (await this.queues.pin.getJob(pinJobId(ref)))?.getState()) === 'active',
        pins: this.pins,
        reissue: (ref) => enqueuePinJob(this.queues.pin, ref),
        cleanupAfterMs: config.pin.cleanupAfterMinutes * 60_000,
        guestData: this.guestData,
        departures: this.departures(notify),
        outageRetry: config.pin.retry,
      }),
      PROVISION_SWEEP.createWorker({
        connection: createBullConnection(config.redisUrl),
        bullPrefix,
        logger,
        run: () =>
          runProvisionSweep({
            upcoming: (now) => this.bookings.upcoming(now),
            pins: this.pins,
            catalog: this.options.catalog,
            aheadMs: config.pin.provisionAheadMs,
            startPinJob: (ref) => enqueuePinJob(this.queues.pin, ref),
            logger: logger.child({ component: 'provision' }),
          }),
      }),
    ];
    const invitations = opts.invitations;
    if (invitations) {
      workers.push(
        INVITE_SWEEP.createWorker({
          connection: createBullConnection(config.redisUrl),
          bullPrefix,
          logger,
          run: () =>
            runInviteSweep({
              upcoming: (now) => this.bookings.upcoming(now),
              catalog: this.options.catalog,
              beforeCheckInMs: invitations.beforeCheckInMs,
              owner: (ref) => this.store.owner(ref),
              send: (phone, ref) => invitations.send(phone, ref),
              optedOut: (phone) => invitations.optedOut(phone),
              redis: this.options.redis,
              keys: this.keys,
              alerts: this.alerts,
              audit: this.audit,
              logger: logger.child({ component: 'invite' }),
            }),
        }),
      );
    }
    // The daily lock check only means something on TTLock locks (simulated ones have no clock).
    const { ttlock } = this;
    const lockSettings = config.locks;
    let scheduling: Promise<void>;
    if (ttlock && lockSettings.provider === 'ttlock') {
      const locks = locksOf(this.options.catalog);
      workers.push(
        createLockCheckWorker({
          connection: createBullConnection(config.redisUrl),
          bullPrefix,
          locks,
          check: (lockId, info) => checkLock({ ttlock }, lockId, info),
          alerts: this.alerts,
          redis: this.options.redis,
          keys: this.keys,
          logger: logger.child({ component: 'lock-check' }),
        }),
      );
      scheduling = scheduleDailyLockCheck(this.lockCheckQueue, lockSettings.checkHourUtc);
    } else {
      scheduling = unscheduleDailyLockCheck(this.lockCheckQueue).then(() => undefined);
    }
    scheduling = Promise.all([
      scheduling.catch((err: unknown) => logger.error({ err: errorMessage(err) }, 'could not (un)schedule the daily lock check')),
      PROVISION_SWEEP.schedule(this.provisionQueue, config.pin.provisionAheadMs > 0).catch((err: unknown) =>
        logger.error({ err: errorMessage(err) }, 'could not (un)schedule the sweep for codes made ahead of arrival'),
      ),
      INVITE_SWEEP.schedule(this.inviteQueue, invitations !== undefined).catch((err: unknown) =>
        logger.error({ err: errorMessage(err) }, 'could not (un)schedule the sweep for WhatsApp invitations'),
      ),
    ]).then(() => undefined);
    // --- booking feeds (src/sources)
    const feeds = this.bookingSync.sourceCount > 0;
    if (feeds) {
      const run = () => this.bookingSync.run();
      workers.push(createBookingSyncWorker({ connection: createBullConnection(config.redisUrl), bullPrefix, run, logger: logger.child({ component: 'booking-sync' }) }));
    }
    const bookingSyncScheduled = scheduleBookingSync(this.bookingSyncQueue, feeds ? config.bookingSync.everyMs : 0).catch((err: unknown) =>
      logger.error({ err: errorMessage(err) }, 'could not (un)schedule the booking sync'),
    );
    scheduling = Promise.all([scheduling, bookingSyncScheduled]).then(() => undefined);
    // ---
    // --- arrival and departure (src/jobs/stay-sweeps.ts)
    {
      const upcoming = (now: number) => this.bookings.upcoming(now);
      const catalog = this.options.catalog;
      const redis = this.options.redis;
      const stayNotify = (convKey: string, event: Parameters<ConversationEngine['notify']>[1], deliveryId: string) => this.engine.notify(convKey, event, deliveryId);
      const stayingChat = (ref: string) => this.stayingChat(ref);
      const stay = this.staySweeps.start({
        connection: () => createBullConnection(config.redisUrl),
        bullPrefix,
        logger,
        arrivals: {
          upcoming,
          catalog,
          stayingChat,
          records: (lockId, since, until) => this.provider.readRecords(lockId, since, until),
          notify: stayNotify,
          alerts: this.alerts,
          redis,
          keys: this.keys,
          welcome: config.arrival.messages,
        },
        checkout: { upcoming, catalog, stayingChat, notify: stayNotify, redis, keys: this.keys, reminderTime: config.departure.reminderTime },
      });
      workers.push(...stay.workers);
      scheduling = Promise.all([scheduling, stay.scheduled]).then(() => undefined);
    }
    // ---
    let sweeping = false;
    const sweeper = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      this.engine
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
  private departures(notify: (convKey: string, event: Parameters<ConversationEngine['notify']>[1], deliveryId: string) => Promise<void>): Departures {
    const { config, logger, catalog } = this.options;
    const log = logger.child({ component: 'departure' });
    return new Departures({
      bookings: this.bookings,
      catalog,
      lateMinutes: config.pin.lateMinutes,
      shorten: (ref, end) => shortenPin({ provider: this.provider, pins: this.pins, logger: log }, ref, end),
      reschedule: async (ref, end) => {
        await scheduleCheckoutCleanup(this.cleanupQueue, ref, end + config.pin.cleanupAfterMinutes * 60_000);
        await scheduleForget(this.cleanupQueue, ref, end + retentionMs(config));
      },
      owner: (ref) => this.store.owner(ref),
      notify,
      alerts: this.alerts,
      publicId: this.options.publicId,
      logger: log,
    });
  }

  /** The booking's check-in instant (no PIN_EARLY_MINUTES), the base of the PIN job's retry horizon. */
  private async checkInOf(ref: string): Promise<number | undefined> {
    const booking = await this.bookings.get(ref);
    const place = booking && this.options.catalog.room(booking.propertyId, booking.roomId);
    return place ? stayWindow(booking, place.property, { earlyMinutes: 0, lateMinutes: 0 }).start : undefined;
  }

  // --- arrival and departure
  /** The chat that proved the booking and was sent its door code, with the digits it holds. */
  async stayingChat(ref: string): Promise<{ convKey: string; codes: string[]; from?: number } | undefined> {
    const convKey = await this.store.owner(ref);
    const conv = convKey ? await this.store.load(convKey) : undefined;
    if (!convKey || !conv || conv.state.ref !== ref || !conv.state.pin.sent) return undefined;
    const pin = await this.pins.get(ref);
    const codes = [...new Set([pin?.given, pin?.status === 'ready' ? pin.code : undefined].filter((c): c is string => !!c))];
    if (codes.length === 0) return undefined;
    // While a move is under way the old digits' window is not on record: no lower bound then.
    return { convKey, codes, ...(codes.length === 1 && pin?.start ? { from: pin.start } : {}) };
  }
  // ---

  async close(): Promise<void> {
    await this.provider.close?.();
    await this.staySweeps.close();
    await this.limiters.close();
    // A queue still checking the Redis version when its shared connection quits rejects with no
    // one listening: let them finish starting first (a runtime closed right after it was built).
    const queues = [this.queues.pin, this.queues.timers, this.cleanupQueue, this.lockCheckQueue, this.provisionQueue, this.inviteQueue, this.bookingSyncQueue];
    await Promise.all(queues.map((q) => q.waitUntilReady().catch(() => {})));
    await Promise.all(queues.map((q) => q.close()));
    await this.bullConnection.quit().catch(() => {});
  }
}
