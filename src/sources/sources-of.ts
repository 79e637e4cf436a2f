import type { PropertyCatalog } from '../properties/properties.js';
import { IcalFeed } from './ical/feed.js';
import type { BookingSource } from './source.js';

export interface SourceOptions {
  /** Per feed request, body included. */
  fetchTimeoutMs: number;
  fetch?: typeof fetch;
}

/** Every booking source properties.json names: today the iCal feeds of each room (`rooms[].ical`). */
export function sourcesOf(catalog: PropertyCatalog, opts: SourceOptions): BookingSource[] {
  return catalog.list().flatMap((property) =>
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
}
