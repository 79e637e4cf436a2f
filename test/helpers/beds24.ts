import type { Config } from '../../src/config.js';
import { parseProperties, type PropertyCatalog } from '../../src/properties/properties.js';
import type { FakeBeds24Booking, FakeBeds24Server } from '../fakes/beds24-server.js';
import { day, propertiesWithFeeds } from './feeds.js';

/** The demo property's ids in Beds24: property 501, Room 1 is 5011, Room 2 is 5012 (5019 is mapped nowhere). */
export const B24 = { property: 501, r1: 5011, r2: 5012, unmapped: 5019 } as const;

/** The demo properties, mapped to Beds24, with these iCal feeds on their rooms. */
export function catalogWithBeds24(feeds: { r1?: string[]; r2?: string[] } = {}): PropertyCatalog {
  const json = propertiesWithFeeds(feeds);
  return parseProperties(
    {
      properties: json.properties.map((p) => ({
        ...p,
        beds24PropertyId: B24.property,
        rooms: p.rooms.map((r) => ({ ...r, beds24RoomId: r.id === 'r1' ? B24.r1 : B24.r2 })),
      })),
    },
    'test properties',
  );
}

/** Test-sized sync settings, and Beds24 at the fake; no overlap, so a read lists exactly what changed since the last. */
export function withBeds24(fake: FakeBeds24Server, refreshToken = fake.refreshToken) {
  return (config: Config): Config => ({
    ...config,
    bookingSync: { ...config.bookingSync, fetchTimeoutMs: 2_000 },
    beds24: { refreshToken, baseUrl: fake.baseUrl, overlapMs: 0 },
  });
}

let nextId = 70_000_001;

/** A confirmed booking in Room 1 from `from` to `to` days from today, a guest with a name, phone and email. */
export function b24Booking(from: number, to: number, extra: Partial<FakeBeds24Booking> = {}): FakeBeds24Booking {
  return {
    id: nextId++,
    propertyId: B24.property,
    roomId: B24.r1,
    status: 'confirmed',
    arrival: day(from),
    departure: day(to),
    firstName: 'Anna',
    lastName: 'Schmidt',
    email: 'anna@example.com',
    phone: '447400123456',
    channel: 'booking',
    // Made a while ago: a later change is what a modified-since read lists.
    modifiedTime: `${new Date(Date.now() - 3600_000).toISOString().slice(0, 19)}Z`,
    ...extra,
  };
}
