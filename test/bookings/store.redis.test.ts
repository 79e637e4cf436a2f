import { afterAll, describe, expect, it } from 'vitest';
import { BookingStore } from '../../src/bookings/store.js';
import { sampleBooking } from '../helpers/bookings.js';
import { testRedis } from '../helpers/redis.js';

const t = testRedis();
let now = new Date('2026-11-20T10:00:00.000Z');
const store = new BookingStore(t.redis, t.keys, () => now);

afterAll(() => t.cleanup());

const input = sampleBooking;

describe('BookingStore', () => {
  it('stores a new booking as active and reports no previous one', async () => {
    const { booking, previous } = await store.upsert(input('AB1234'));
    expect(previous).toBeUndefined();
    expect(booking).toEqual({ ...input('AB1234'), status: 'active', updatedAt: '2026-11-20T10:00:00.000Z' });
    expect(await store.get('AB1234')).toEqual(booking);
    expect(JSON.parse((await t.redis.get(t.keys.booking('AB1234')))!)).toEqual(booking);
  });

  it('indexes by check-out time so ended stays can be found', async () => {
    await store.upsert(input('IDX001', { checkOut: '2026-12-10T11:00:00+00:00' }));
    expect(await t.redis.zscore(t.keys.bookingIndex(), 'IDX001')).toBe(String(Date.parse('2026-12-10T11:00:00Z')));
    const ended = await t.redis.zrangebyscore(t.keys.bookingIndex(), 0, Date.parse('2026-12-05T00:00:00Z'));
    expect(ended).toContain('AB1234');
    expect(ended).not.toContain('IDX001');
  });

  it('replaces on upsert, returns what was there, and moves the index entry', async () => {
    now = new Date('2026-11-21T10:00:00.000Z');
    const { booking, previous } = await store.upsert(input('AB1234', { guestName: 'Ada King', checkOut: '2026-12-05' }));
    expect(previous?.guestName).toBe('Ada Lovelace');
    expect(booking.guestName).toBe('Ada King');
    expect(booking.updatedAt).toBe('2026-11-21T10:00:00.000Z');
    expect(await t.redis.zscore(t.keys.bookingIndex(), 'AB1234')).toBe(String(Date.parse('2026-12-05T12:00:00Z')));
  });

  it('normalizes refs on every operation', async () => {
    await store.upsert(input('cd-56 78', { checkOut: '2026-12-02' }));
    expect(await t.redis.exists(t.keys.booking('CD5678'))).toBe(1);
    expect((await store.get(' cd5678 '))?.ref).toBe('CD5678');
    expect((await store.get('CD-5678'))?.ref).toBe('CD5678');
    expect((await store.cancel('cd 5678'))?.status).toBe('cancelled');
  });

  it('returns undefined for an unknown ref', async () => {
    expect(await store.get('NOPE999')).toBeUndefined();
    expect(await store.cancel('NOPE999')).toBeUndefined();
    expect(await t.redis.exists(t.keys.booking('NOPE999'))).toBe(0);
  });

  it('cancels by keeping the record with status cancelled; a later upsert reactivates it', async () => {
    await store.upsert(input('EF9012'));
    now = new Date('2026-11-22T10:00:00.000Z');
    const cancelled = await store.cancel('EF9012');
    expect(cancelled).toMatchObject({ ref: 'EF9012', status: 'cancelled', updatedAt: '2026-11-22T10:00:00.000Z', guestName: 'Ada Lovelace' });
    expect(await store.get('EF9012')).toEqual(cancelled);
    const again = await store.upsert(input('EF9012'));
    expect(again.previous?.status).toBe('cancelled');
    expect(again.booking.status).toBe('active');
  });

  it('lists every booking ordered by check-out, skipping index entries whose record is gone', async () => {
    await t.redis.zadd(t.keys.bookingIndex(), 1, 'GONE01');
    const all = await store.list();
    expect(all.map((b) => b.ref)).toEqual(['CD5678', 'EF9012', 'AB1234', 'IDX001']);
  });

  it('refuses to hand out a corrupt record', async () => {
    await t.redis.set(t.keys.booking('BAD001'), '{"ref":"BAD001"}');
    await expect(store.get('BAD001')).rejects.toThrow(/BAD001: stored record is not a valid booking/);
  });
});

describe('BookingStore writes by a source (a booking feed)', () => {
  const FEED = 'ical:0123456789ab';
  const mine = (current: { source?: string } | undefined) => current === undefined || current.source === FEED;

  it('writes a new or its own booking with its origin, indexed; refuses one a person wrote, leaving it as it was', async () => {
    const created = await store.upsertIf(input('SRC001'), { source: FEED, guestNameUnknown: true }, mine);
    expect(created).toMatchObject({ booking: { ref: 'SRC001', source: FEED, guestNameUnknown: true, status: 'active' }, previous: undefined });
    expect(await t.redis.zscore(t.keys.bookingIndex(), 'SRC001')).not.toBeNull();
    const changed = await store.upsertIf(input('SRC001', { checkOut: '2026-12-04' }), { source: FEED }, mine);
    expect(changed).toMatchObject({ booking: { checkOut: '2026-12-04' }, previous: { checkOut: '2026-12-03' } });

    const { booking: theirs } = await store.upsert(input('SRC002'));
    expect(await store.upsertIf(input('SRC002', { guestName: 'Someone' }), { source: FEED }, mine)).toEqual({ refused: theirs });
    expect(await store.get('SRC002')).toEqual(theirs);
    expect(await store.cancelIf('SRC002', mine)).toEqual({ refused: theirs });
    expect((await store.get('SRC002'))?.status).toBe('active');
  });

  it('a source\'s cancel keeps it the source\'s; a person\'s cancel or save makes it theirs', async () => {
    await store.upsertIf(input('SRC003'), { source: FEED }, mine);
    expect(await store.cancelIf('SRC003', mine)).toMatchObject({ booking: { status: 'cancelled', source: FEED } });
    await store.upsertIf(input('SRC003'), { source: FEED }, mine);
    expect(await store.cancel('SRC003')).not.toHaveProperty('source');
    expect(await store.get('SRC003')).toMatchObject({ status: 'cancelled' });
    expect(await store.get('SRC003')).not.toHaveProperty('source');
    await store.upsertIf(input('SRC004'), { source: FEED, guestNameUnknown: true }, mine);
    const { booking } = await store.upsert(input('SRC004', { guestName: 'Real Name' }));
    expect(booking).not.toHaveProperty('source');
    expect(booking).not.toHaveProperty('guestNameUnknown');
  });
});

describe('BookingStore.list on an empty prefix', () => {
  it('returns []', async () => {
    const other = testRedis();
    try {
      expect(await new BookingStore(other.redis, other.keys).list()).toEqual([]);
    } finally {
      await other.cleanup();
    }
  });
});

describe('BookingStore.find: a booking by any of its refs', () => {
  const source = { source: 'beds24:account' } as const;

  it('finds by the booking\'s own ref first, then by another ref it names, normalised; never by one two bookings name', async () => {
    await store.upsertIf(input('80000001'), { ...source, aliases: ['HMFIND0001'] }, () => true);
    await store.upsertIf(input('80000002'), { ...source, aliases: ['GROUP00001'] }, () => true);
    await store.upsertIf(input('80000003'), { ...source, aliases: ['GROUP00001'] }, () => true);
    await store.upsert(input('HMOWN00001'));
    await store.upsertIf(input('80000004'), { ...source, aliases: ['HMOWN00001'] }, () => true);

    expect((await store.find('hm-find 0001'))?.ref).toBe('80000001');
    expect((await store.find('80000001'))?.ref).toBe('80000001');
    // A channel's group of rooms under one reference: no guess between them.
    expect(await store.find('GROUP00001')).toBeUndefined();
    expect((await store.find('HMOWN00001'))?.ref).toBe('HMOWN00001');
    expect(await store.find('NOPE00001')).toBeUndefined();
    // get() stays exact: only the booking's own ref.
    expect(await store.get('HMFIND0001')).toBeUndefined();
  });

  it('a ref the booking no longer names finds it no more, nor does one a person\'s save dropped', async () => {
    await store.upsertIf(input('80000010'), { ...source, aliases: ['HMOLD00010'] }, () => true);
    await store.upsertIf(input('80000010'), { ...source, aliases: ['HMNEW00010'] }, () => true);
    expect(await store.find('HMOLD00010')).toBeUndefined();
    expect(await t.redis.smembers(t.keys.bookingAlias('HMOLD00010'))).toEqual([]);
    expect((await store.find('HMNEW00010'))?.ref).toBe('80000010');
    // Cancelled by its source it keeps its refs (a guest hears it is cancelled, not that it is unknown).
    await store.cancelIf('80000010', () => true);
    expect(await store.find('HMNEW00010')).toMatchObject({ ref: '80000010', status: 'cancelled' });
    await store.upsert(input('80000010'));
    expect(await store.find('HMNEW00010')).toBeUndefined();
  });

  it('an index entry whose booking does not name the ref (a write that never happened) finds nothing', async () => {
    await store.upsert(input('80000020'));
    await t.redis.sadd(t.keys.bookingAlias('HMSTALE020'), '80000020');
    expect(await store.find('HMSTALE020')).toBeUndefined();
  });
});
