import { DateTime } from 'luxon';
import type { Config } from '../../src/config.js';
import { parseProperties, type PropertyCatalog } from '../../src/properties/properties.js';
import { feedId } from '../../src/sources/ical/feed.js';
import { demoPropertiesJson } from './properties.js';

/** A London date `n` days from today, as feeds write stays. */
export function day(n: number): string {
  return DateTime.now().setZone('Europe/London').startOf('day').plus({ days: n }).toISODate()!;
}

/** The demo properties with these feed URLs on its rooms (`rooms[].ical`). */
export function propertiesWithFeeds(feeds: { r1?: string[]; r2?: string[] }) {
  const json = demoPropertiesJson();
  return {
    properties: json.properties.map((p) => ({
      ...p,
      rooms: p.rooms.map((r) => {
        const urls = feeds[r.id as 'r1' | 'r2'];
        return urls && urls.length > 0 ? { ...r, ical: urls } : r;
      }),
    })),
  };
}

export function catalogWithFeeds(feeds: { r1?: string[]; r2?: string[] }): PropertyCatalog {
  return parseProperties(propertiesWithFeeds(feeds), 'test properties');
}

/** The `source` a feed's bookings carry. */
export function sourceOf(url: string): string {
  return `ical:${feedId(url)}`;
}

/** Test-sized sync settings: a hang is given up on quickly. */
export function withTestSync(overrides: Partial<Config['bookingSync']> = {}) {
  return (config: Config): Config => ({ ...config, bookingSync: { ...config.bookingSync, fetchTimeoutMs: 1_000, ...overrides } });
}
