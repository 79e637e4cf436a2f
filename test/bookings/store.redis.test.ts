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
