import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PropertyCatalog } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';
import { Beds24Source } from './beds24/source.js';
import { IcalFeed } from './ical/feed.js';
import type { BookingSource } from './source.js';

export interface SourceOptions {
  /** Per feed request, body included. */
  fetchTimeoutMs: number;
  fetch?: typeof fetch;
  /** Beds24 API v2 (BEDS24_REFRESH_TOKEN), read for the properties that set `beds24PropertyId`. */
  beds24?: {
    refreshToken: string;
    baseUrl: string;
    redis: Redis;
    keys: RedisKeys;
    logger: Logger;
    now?: () => number;
    overlapMs?: number;
  };
}

/** Every booking source: the iCal feeds of each room (`rooms[].ical`), and Beds24 when it is set up and some property is mapped. */
export function sourcesOf(catalog: PropertyCatalog, opts: SourceOptions): BookingSource[] {
  const feeds: BookingSource[] = catalog.list().flatMap((property) =>
    property.rooms.flatMap((room) =>
      (room.ical ?? []).map(
        (url) =>
          new IcalFeed({
            url,
            room: { propertyId: property.id, roomId: room.id, timezone: property.timezone },
            timeoutMs: opts.fetchTimeoutMs,
            ...(opts.fetch ? { fetch: opts.fetch } : {}),
          }),
      ),
    ),
  );
  const b = opts.beds24;
  if (b && catalog.list().some((p) => p.beds24PropertyId !== undefined)) {
    feeds.push(new Beds24Source({ ...b, timeoutMs: opts.fetchTimeoutMs, catalog }));
  }
  return feeds;
}
