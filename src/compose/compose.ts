import type { AdaptersInboundDeps } from '../bot/channels.js';
import { createBookingService } from '../bookings/booking-jobs.js';
import type { StoreBookingService } from '../bookings/service.js';
import { retentionMs } from '../config.js';
import { RedisContextLoader } from '../conversation/context-loader.js';
import { DefaultEffectRunner, type ChannelSender } from '../conversation/effect-runner.js';
import { ConversationEngine } from '../conversation/engine.js';
import { GuestData } from '../conversation/guest-data.js';
import { GuessLimits } from '../conversation/guess-limits.js';
import type { StaffMirror } from '../conversation/mirror.js';
import { BookingReassigner } from '../conversation/reassign.js';
import type { Channel } from '../flows/state.js';
import type { StayingChat } from '../jobs/arrivals.js';
import { enqueueCleanup, enqueueDeparture, enqueuePinJob } from '../jobs/queues.js';
import { PinIssuer } from '../locks/pin-issuer.js';
import type { LockProvider } from '../locks/provider.js';
import { SimulatedLockProvider } from '../locks/simulated.js';
import { StaffAlerts, type AlertSink } from '../oversight/alerts.js';
import { RedisMutex } from '../redis/mutex.js';
import { bookingSyncOf } from '../sources/booking-sync-of.js';
import type { BookingSync } from '../sources/sync.js';
import { createTTLock, type TTLock } from '../ttlock/create.js';
import type { Infrastructure } from './infrastructure.js';

/** The chat mutex's TTL: the sweeper (every 2 s) finishes a crashed process's chat within about this plus 2 s; long enough to ride out a Redis restart of a few seconds. */
const CHAT_LOCK_MS = 4_000;

/** The adapters' outbound parts, built from the infrastructure before the engine (they do not need it). */
export interface Outbound {
  /** One sender per channel configured in this process; a send to another channel fails for good. */
  senders?: Readonly<Partial<Record<Channel, ChannelSender>>>;
  /** Where staff follow conversations (the staff group, when configured). */
  mirrors?: readonly StaffMirror[];
  /** Where alerts go besides Redis and the log (the staff group, a terminal). */
  alertSinks?: readonly AlertSink[];
}

/** Every service of one process, by name. Only entry points (and the test harness) hold this. */
export interface Services extends Infrastructure {
  readonly provider: LockProvider;
  /** The TTLock client stack, when the locks are TTLock's. */
  readonly ttlock: TTLock | undefined;
  readonly issuer: PinIssuer;
  readonly alerts: StaffAlerts;
  /** Guessing limits: unknown refs per chat and overall, identity tries per booking. */
  readonly guessLimits: GuessLimits;
  readonly engine: ConversationEngine;
  /** Staff take a booking away from the chat that claimed it. */
  readonly reassigner: BookingReassigner;
  /** Deletes a booking's guest data after check-out plus the retention period. */
  readonly guestData: GuestData;
  /** The only way bookings are written: it schedules what a change needs (moved codes, guest data deletion, the chat told). */
  readonly bookingService: StoreBookingService;
  /** One sync of every booking source (rooms' iCal feeds, Beds24), run by the scheduled job (`npm run bookings:sync` builds its own). */
  readonly bookingSync: BookingSync;
  /** The chat that proved the booking and was sent its door code, with the digits it holds. */
  readonly stayingChat: (ref: string) => Promise<StayingChat | undefined>;
  /** Stops the provider and the infrastructure; the Redis client stays the caller's. */
  close(): Promise<void>;
}

/**
 * Builds every service once, in dependency order, and returns them by name. The adapters' outbound
 * parts come in ready-made (see Outbound), so nothing is added to a service after it is built.
 */
export function compose(infra: Infrastructure, outbound: Outbound = {}): Services {
  const { config, redis, logger, catalog, keys, metrics, bookings, pins, store, audit, queues, cleanupQueue, publicId } = infra;
  let ttlock: TTLock | undefined;
  let provider: LockProvider;
  const locks = config.locks;
  if (locks.provider === 'ttlock') {
    ttlock = createTTLock({ settings: locks, redis, keys, catalog, logger });
    provider = ttlock.provider;
  } else {
    provider = new SimulatedLockProvider(redis, keys, { minLatencyMs: locks.minLatencyMs, maxLatencyMs: locks.maxLatencyMs });
  }
  const issuer = new PinIssuer({
    provider,
    pins,
    bookings,
    catalog,
    pinLength: config.pin.length,
    buffers: { earlyMinutes: config.pin.earlyMinutes, lateMinutes: config.pin.lateMinutes },
    logger: logger.child({ component: 'pin' }),
    scheduleLeftovers: (ref) => enqueueCleanup(cleanupQueue, { ref, reason: 'superseded' }),
  });
  const alerts = new StaffAlerts(redis, keys, logger.child({ component: 'staff' }), [...(outbound.alertSinks ?? [])], (kind) => metrics.staffAlerts.inc({ kind }));
  const id = config.identity;
  const guessLimits = new GuessLimits(
    redis,
    keys,
    { identityTries: id.maxTries, refMissesPerHour: id.refMissesPerHour, refFailuresPerMinute: id.refFailuresPerMinute },
    publicId,
  );
  // Copies, as for the senders: what the caller does with its arrays afterwards changes nothing here.
  const mirrors = [...(outbound.mirrors ?? [])];
  // The effect runner reports undelivered messages back to the engine it belongs to.
  const notify: ConversationEngine['notify'] = (convKey, event, deliveryId) => engine.notify(convKey, event, deliveryId);
  const engine: ConversationEngine = new ConversationEngine({
    store,
    // Short, renewed while held: a dead process's chat is taken up within seconds, not half a minute.
    mutex: new RedisMutex(redis, CHAT_LOCK_MS),
    mutexKey: (k) => keys.convMutex(k),
    context: new RedisContextLoader({
      bookings,
      pins,
      owner: (ref) => store.owner(ref),
      catalog,
      limits: guessLimits,
      identityPolicy: id.policy,
      pinTimeoutMs: config.pin.timeoutSeconds * 1000,
      publicId,
      departureMessages: config.departure.messages,
    }),
    limits: guessLimits,
    effects: new DefaultEffectRunner({
      redis,
      keys,
      senders: { ...outbound.senders },
      pinQueue: queues.pin,
      timerQueue: queues.timers,
      publicId,
      alerts,
      audit,
      logger: logger.child({ component: 'effects' }),
      mirrors,
      reportUndelivered: (convKey, event) => notify(convKey, event),
      tell: (convKey, event, deliveryId) => notify(convKey, event, deliveryId),
      startDeparture: (ref, endsAt, by, convKey) => enqueueDeparture(cleanupQueue, ref, endsAt, by, convKey),
      onSent: (channel, result) => metrics.outboundMessages.inc({ channel, result }),
    }),
    logger: logger.child({ component: 'engine' }),
    onInbound: (channel) => metrics.inboundMessages.inc({ channel }),
    onDropped: (channel, reason) => metrics.inboundDropped.inc({ channel, reason }),
    inboundLimit: config.inboundLimit,
    mirroring: mirrors.length > 0,
  });
  const reassigner = new BookingReassigner({
    redis,
    keys,
    pins,
    startPinJob: (ref) => enqueuePinJob(queues.pin, ref),
    startPinJobAfterRunning: (ref) => enqueueCleanup(cleanupQueue, { ref, reason: 'reassigned' }),
    drain: (convKey) => engine.drain(convKey),
    notify: (convKey, event) => engine.notify(convKey, event),
  });
  const keepGuestDataMs = retentionMs(config);
  const guestData = new GuestData({
    redis,
    keys,
    bookings,
    catalog,
    audit,
    alerts,
    timers: queues.timers,
    publicId,
    retentionMs: keepGuestDataMs,
    logger: logger.child({ component: 'retention' }),
  });
  const bookingService = createBookingService({
    store: bookings,
    cleanupQueue,
    retentionMs: keepGuestDataMs,
    notify: (convKey, event) => engine.notify(convKey, event),
  });
  // The same service (it holds no state of its own), with the source's methods.
  const bookingSync = bookingSyncOf({ config, catalog, redis, keys, logger, service: bookingService, store: bookings, alerts });
  const stayingChat = async (ref: string): Promise<StayingChat | undefined> => {
    const convKey = await store.owner(ref);
    const conv = convKey ? await store.load(convKey) : undefined;
    if (!convKey || !conv || conv.state.ref !== ref || !conv.state.pin.sent) return undefined;
    const pin = await pins.get(ref);
    const codes = [...new Set([pin?.given, pin?.status === 'ready' ? pin.code : undefined].filter((c): c is string => !!c))];
    if (codes.length === 0) return undefined;
    // While a move is under way the old digits' window is not on record: no lower bound then.
    return { convKey, codes, ...(codes.length === 1 && pin?.start ? { from: pin.start } : {}) };
  };
  return {
    ...infra,
    provider,
    ttlock,
    issuer,
    alerts,
    guessLimits,
    engine,
    reassigner,
    guestData,
    bookingService,
    bookingSync,
    stayingChat,
    async close() {
      await provider.close?.();
      await infra.closeInfrastructure();
    },
  };
}

/** What the adapters' inbound halves (channels' webhooks and polling, staff commands) use, named from the services. */
export function adapterDepsOf(s: Services): AdaptersInboundDeps {
  return {
    config: s.config,
    redis: s.redis,
    keys: s.keys,
    engine: s.engine,
    alerts: s.alerts,
    countSpool: (result) => s.metrics.whatsappSpool.inc({ result }),
    store: s.store,
    bookings: s.bookings,
    pins: s.pins,
    catalog: s.catalog,
    audit: s.audit,
    reassigner: s.reassigner,
    limits: s.guessLimits,
  };
}
