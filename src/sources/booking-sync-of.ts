import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';
import { sourcesOf } from './sources-of.js';
import { BookingSync, type BookingSyncDeps } from './sync.js';

export interface BookingSyncWiring {
  config: Pick<Config, 'bookingSync' | 'beds24'>;
  catalog: PropertyCatalog;
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  service: BookingSyncDeps['service'];
  store: BookingSyncDeps['store'];
  alerts: Pick<StaffAlerts, 'raise'>;
}

/**
 * The sync of every configured source (the rooms' iCal feeds, Beds24), as the scheduled job and
 * `npm run bookings:sync` both run it: one wiring, so the command reads what the job reads.
 */
export function bookingSyncOf(w: BookingSyncWiring): BookingSync {
  const { config, catalog, redis, keys, logger } = w;
  return new BookingSync({
    sources: sourcesOf(catalog, {
      fetchTimeoutMs: config.bookingSync.fetchTimeoutMs,
      ...(config.beds24 ? { beds24: { ...config.beds24, redis, keys, logger: logger.child({ component: 'beds24' }) } } : {}),
    }),
    service: w.service,
    store: w.store,
    catalog,
    redis,
    keys,
    alert: (detail) => w.alerts.raise({ kind: 'booking_feed', ref: undefined, convKey: '', detail, at: Date.now() }),
    logger: logger.child({ component: 'booking-sync' }),
    settings: config.bookingSync,
  });
}
