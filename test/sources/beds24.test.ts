import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../src/properties/properties.js';
import { creditsFrom, creditsLow } from '../../src/sources/beds24/credits.js';
import { queryString } from '../../src/sources/beds24/http.js';
import { beds24Mapping, normalisePhone, PLACEHOLDER_NAME, readBeds24Bookings } from '../../src/sources/beds24/reservations.js';
import { planSync } from '../../src/sources/plan.js';
import type { Booking } from '../../src/bookings/booking.js';
import { B24, catalogWithBeds24 } from '../helpers/beds24.js';
import { demoPropertiesJson } from '../helpers/properties.js';

/** Issue 17 (1b): what a Beds24 answer means, before anything is written. */

const mapping = beds24Mapping(catalogWithBeds24());

function entry(extra: Record<string, unknown> = {}) {
  return {
    id: 123456,
    propertyId: B24.property,
    roomId: B24.r1,
    status: 'confirmed',
    arrival: '2030-05-01',
    departure: '2030-05-04',
    firstName: 'Anna',
    lastName: 'Schmidt',
    email: 'anna@example.com',
    phone: '447400123456',
    apiReference: 'HM-ABCD 1234',
    ...extra,
  };
}

describe('reading Beds24 bookings', () => {
  it('a confirmed booking becomes a stay in the mapped room, under its Beds24 id, with the channel reference as another ref', () => {
    const reading = readBeds24Bookings([entry()], mapping);
    expect(reading.reservations).toEqual([
      {
        ref: '123456',
        guestName: 'Anna Schmidt',
        guestNameUnknown: false,
        propertyId: 'harbour',
        roomId: 'r1',
        checkIn: '2030-05-01',
        checkOut: '2030-05-04',
        guestPhone: '+447400123456',
        guestEmail: 'anna@example.com',
        aliases: ['HMABCD1234'],
      },
    ]);
    expect(reading).toMatchObject({ cancelled: [], unreadable: [], ignored: 0, notices: [] });
  });

  it('a channel reference shorter than 6 characters (a plain number under 6 digits) finds nothing: it would be guessed', () => {
    const aliasesOf = (apiReference: unknown) => readBeds24Bookings([entry({ apiReference })], mapping).reservations[0]?.aliases;
    expect(aliasesOf('123')).toBeUndefined();
    expect(aliasesOf(12345)).toBeUndefined();
    expect(aliasesOf('HM-1 2')).toBeUndefined(); // "HM12" once spaces and dashes go
    expect(aliasesOf('AB-12C')).toBeUndefined();
    expect(aliasesOf(654321)).toEqual(['654321']);
    expect(aliasesOf('ab12cd')).toEqual(['AB12CD']);
  });

  it('cancelled bookings are listed as cancellations; blocks, requests and inquiries are no stays', () => {
    const reading = readBeds24Bookings(
      [entry({ id: 1001, status: 'cancelled' }), entry({ id: 1002, status: 'black', firstName: null, lastName: null }), entry({ id: 1003, status: 'request' }), entry({ id: 1004, status: 'inquiry' }), entry({ id: 1005, status: 'new' })],
      mapping,
    );
    expect(reading.cancelled).toEqual(['1001']);
    expect(reading.ignored).toBe(3);
    expect(reading.notStays).toEqual([
      { ref: '1002', status: 'black' },
      { ref: '1003', status: 'request' },
      { ref: '1004', status: 'inquiry' },
    ]);
    expect(reading.reservations.map((r) => r.ref)).toEqual(['1005']);
  });

  it('a booking in a room nobody mapped is not guessed into one: a notice names the Beds24 booking, and it is left alone', () => {
    const reading = readBeds24Bookings([entry({ id: 777, roomId: B24.unmapped }), entry({ id: 778, propertyId: 999, roomId: B24.r1 })], mapping);
    expect(reading.reservations).toEqual([]);
    expect(reading.unreadable).toEqual(['777', '778']);
    expect(reading.notices.map((n) => n.detail)).toEqual([expect.stringContaining('Beds24 booking 777'), expect.stringContaining('Beds24 booking 778')]);
    expect(new Set(reading.notices.map((n) => n.key)).size).toBe(2);
  });

  it('no name (a token without bookings-personal): a placeholder that proves nothing; a bad email is dropped; a missing date leaves it alone', () => {
    const reading = readBeds24Bookings([entry({ id: 1001, firstName: '', lastName: null, email: 'not-an-email' }), entry({ id: 1002, departure: null })], mapping);
    expect(reading.reservations).toEqual([expect.objectContaining({ ref: '1001', guestName: PLACEHOLDER_NAME, guestNameUnknown: true })]);
    expect(reading.reservations[0]).not.toHaveProperty('guestEmail');
    expect(reading.unreadable).toEqual(['1002']);
  });

  it('an entry that is not a booking is unreadable by its id, and the others still count', () => {
    const reading = readBeds24Bookings([{ id: 1009, status: 'confirmed' }, entry({ id: 1010 })], mapping);
    expect(reading.unreadable).toEqual(['1009']);
    expect(reading.reservations.map((r) => r.ref)).toEqual(['1010']);
  });

  it('one booking listed twice (pages shifting under the read) counts once, as its last entry', () => {
    const reading = readBeds24Bookings([entry({ id: 1001 }), entry({ id: 1001, departure: '2030-05-06' })], mapping);
    expect(reading.reservations.map((r) => [r.ref, r.checkOut])).toEqual([['1001', '2030-05-06']]);
    expect(reading.unreadable).toEqual([]);
  });

  it('phones: E.164 with the property\'s country for a national number, a "+" Beds24 dropped put back, anything else kept as written', () => {
    expect(normalisePhone('07400 123456', 'GB')).toBe('+447400123456');
    expect(normalisePhone('447400123456', 'GB')).toBe('+447400123456');
    expect(normalisePhone('+33 6 12 34 56 78', 'GB')).toBe('+33612345678');
    expect(normalisePhone('33612345678', 'GB')).toBe('+33612345678');
    expect(normalisePhone('ext 12', 'GB')).toBe('ext 12');
    expect(normalisePhone(undefined, 'GB')).toBeUndefined();
    // The mobile is preferred over the landline.
    expect(readBeds24Bookings([entry({ mobile: '07400 123999' })], mapping).reservations[0]?.guestPhone).toBe('+447400123999');
  });
});

describe('the Beds24 credit headers', () => {
  it('are read under both names, whatever their case', () => {
    expect(creditsFrom({ 'x-five-min-limit-remaining': '42', 'X-Five-Min-Limit-Resets-In': '120', 'x-request-cost': '1.2' })).toEqual({ remaining: 42, resetsInSeconds: 120, cost: 1.2 });
    expect(creditsFrom({ 'X-FiveMinCreditLimit-Remaining': '7', 'x-fivemincreditlimit-resetsin': '30', 'X-RequestCost': '2' })).toEqual({ remaining: 7, resetsInSeconds: 30, cost: 2 });
    expect(creditsFrom({ 'content-type': 'application/json' })).toEqual({});
  });

  it('a request that would leave less than the reserve waits', () => {
    expect(creditsLow({ remaining: 50, cost: 1 })).toBe(false);
    expect(creditsLow({ remaining: 10, cost: 1 })).toBe(true);
    expect(creditsLow({})).toBe(false);
  });

  it('lists go as the parameter repeated, as Beds24 reads them', () => {
    expect(queryString({ status: ['new', 'cancelled'], propertyId: [1, 2], page: 2, skip: undefined })).toBe('?status=new&status=cancelled&propertyId=1&propertyId=2&page=2');
  });
});

describe('the Beds24 mapping in properties.json', () => {
  const withMapping = (edit: (p: ReturnType<typeof demoPropertiesJson>['properties'][number]) => object) => ({ properties: demoPropertiesJson().properties.map(edit) });

  it('a Beds24 room or property id mapped twice, or a room mapped without its property, is refused', () => {
    const twice = withMapping((p) => ({ ...p, beds24PropertyId: 1, rooms: p.rooms.map((r) => ({ ...r, beds24RoomId: 10 })) }));
    expect(() => parseProperties(twice, 'f')).toThrow(/Beds24 room 10 is already mapped/);
    const noProperty = withMapping((p) => ({ ...p, rooms: p.rooms.map((r, i) => ({ ...r, beds24RoomId: 10 + i })) }));
    expect(() => parseProperties(noProperty, 'f')).toThrow(/beds24PropertyId/);
    const json = demoPropertiesJson();
    const two = { properties: [{ ...json.properties[0]!, beds24PropertyId: 1 }, { ...json.properties[0]!, id: 'other', beds24PropertyId: 1 }] };
    expect(() => parseProperties(two, 'f')).toThrow(/Beds24 property 1 is already mapped/);
  });

  it('a changed mapping changes the fingerprint the cursor is kept for', () => {
    const other = beds24Mapping(parseProperties(withMapping((p) => ({ ...p, beds24PropertyId: B24.property, rooms: p.rooms.map((r, i) => ({ ...r, beds24RoomId: 9000 + i })) })), 'f'));
    expect(other.fingerprint).not.toBe(mapping.fingerprint);
    expect(beds24Mapping(catalogWithBeds24()).fingerprint).toBe(mapping.fingerprint);
  });
});

describe('planning an incremental answer', () => {
  const owned = (ref: string): Booking => ({
    ref,
    guestName: 'Anna',
    propertyId: 'harbour',
    roomId: 'r1',
    checkIn: '2030-05-01',
    checkOut: '2030-05-04',
    status: 'active',
    updatedAt: '2030-01-01T00:00:00Z',
    source: 'beds24:account',
  });
  const base = { sourceId: 'beds24:account', current: new Map<string, Booking>(), stayEnd: () => Date.parse('2030-05-04T10:00:00Z'), mayAdopt: () => false, now: Date.parse('2030-01-01T00:00:00Z') };

  it('a booking it does not list is not cancelled; one it says is cancelled is', () => {
    const plan = planSync({
      ...base,
      snapshot: { reservations: [], unreadable: [], ignored: 0, incremental: { cancelled: ['2'], commit: async () => {} } },
      owned: [owned('1'), owned('2'), { ...owned('3'), source: 'ical:abc' }],
    });
    expect(plan.cancel.map((b) => b.ref)).toEqual(['2']);
  });

  it('another source\'s booking it says is cancelled is not cancelled', () => {
    const plan = planSync({
      ...base,
      snapshot: { reservations: [], unreadable: [], ignored: 0, incremental: { cancelled: ['3'], commit: async () => {} } },
      owned: [{ ...owned('3'), source: 'ical:abc' }],
    });
    expect(plan.cancel).toEqual([]);
  });

  it('a new channel reference or email is a change', () => {
    const previous = { ...owned('1'), aliases: ['HMOLD00001'] };
    const plan = planSync({
      ...base,
      current: new Map([['1', previous]]),
      snapshot: {
        reservations: [{ ref: '1', guestName: 'Anna', guestNameUnknown: false, propertyId: 'harbour', roomId: 'r1', checkIn: '2030-05-01', checkOut: '2030-05-04', guestEmail: 'a@example.com', aliases: ['HMNEW00001'] }],
        unreadable: [],
        ignored: 0,
        incremental: { cancelled: [], commit: async () => {} },
      },
      owned: [previous],
    });
    expect(plan.change.map((c) => c.what)).toEqual([['guest', 'reference']]);
  });
});
