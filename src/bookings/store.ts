import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';
import { normalizeRef } from '../flows/parse/ref.js';
import { bookingSchema, boundaryMillis, type Booking, type BookingInput } from './booking.js';

/** Write `next` only if the record still holds `expected`. Keys and arguments: in the .lua file. */
const COMPARE_AND_SET = LuaScript.fromFile(new URL('./lua/compare-and-set.lua', import.meta.url));

const MAX_CAS_ATTEMPTS = 5;

export class BookingStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async upsert(input: BookingInput): Promise<{ booking: Booking; previous: Booking | undefined }> {
    const ref = normalizeRef(input.ref);
    const booking: Booking = { ...input, ref, status: 'active', updatedAt: this.clock().toISOString() };
    // SET ... GET returns the old value inside the same transaction, so `previous` is exactly what was replaced.
    const results = await this.redis
      .multi()
      .set(this.keys.booking(ref), JSON.stringify(booking), 'GET')
      .zadd(this.keys.bookingIndex(), boundaryMillis(booking.checkOut), ref)
      .exec();
    if (!results) throw new Error(`booking ${ref}: Redis transaction was aborted`);
    const [setResult] = results;
    if (setResult?.[0]) throw setResult[0];
    const old = setResult?.[1];
    // A corrupt old record is being replaced anyway; treat it as absent rather than fail the fix.
    const previous = typeof old === 'string' ? bookingSchema.safeParse(safeJson(old)).data : undefined;
    return { booking, previous };
  }

  async get(ref: string): Promise<Booking | undefined> {
    const key = normalizeRef(ref);
    const raw = await this.redis.get(this.keys.booking(key));
    return raw === null ? undefined : decode(key, raw);
  }

  /** Keeps the record (status 'cancelled') so a late guest who proves it hears "cancelled", not "unknown". */
  async cancel(ref: string): Promise<Booking | undefined> {
    const key = normalizeRef(ref);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(this.keys.booking(key));
      if (raw === null) return undefined;
      const current = decode(key, raw);
      const cancelled: Booking = { ...current, status: 'cancelled', updatedAt: this.clock().toISOString() };
      const written = await COMPARE_AND_SET.run(this.redis, [this.keys.booking(key)], [raw, JSON.stringify(cancelled)]);
      if (written === 1) return cancelled;
    }
    throw new Error(`booking ${key}: changed concurrently ${MAX_CAS_ATTEMPTS} times while cancelling`);
  }

  /** Forgets which chat proved the booking; returns it. A booking made again under this ref is proven afresh. */
  async releaseOwner(ref: string): Promise<string | null> {
    return this.redis.getdel(this.keys.convByBooking(normalizeRef(ref)));
  }

  /** Drops the guest's phone and email (end of the retention period); the booking itself stays. */
  async forgetContact(ref: string): Promise<void> {
    const key = normalizeRef(ref);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(this.keys.booking(key));
      if (raw === null) return;
      const { guestPhone, guestEmail, ...rest } = decode(key, raw);
      if (guestPhone === undefined && guestEmail === undefined) return;
      const written = await COMPARE_AND_SET.run(this.redis, [this.keys.booking(key)], [raw, JSON.stringify(rest)]);
      if (written === 1) return;
    }
    throw new Error(`booking ${key}: changed concurrently ${MAX_CAS_ATTEMPTS} times while forgetting its contact details`);
  }

  /** Ordered by check-out. Loads everything: fine for the few hundred bookings of a small operator. */
  async list(): Promise<Booking[]> {
    return this.load(await this.redis.zrange(this.keys.bookingIndex(), 0, -1));
  }

  /** Bookings whose check-out day is not over at `now` (a day's margin: the index knows dates, not the property's timezone). */
  async upcoming(now: number): Promise<Booking[]> {
    return this.load(await this.redis.zrangebyscore(this.keys.bookingIndex(), now - 24 * 3600_000, '+inf'));
  }

  private async load(refs: string[]): Promise<Booking[]> {
    if (refs.length === 0) return [];
    const raws = await this.redis.mget(refs.map((r) => this.keys.booking(r)));
    const bookings: Booking[] = [];
    refs.forEach((ref, i) => {
      const raw = raws[i];
      // The index can outlive a record deleted by cleanup; such refs are simply skipped.
      if (raw !== null && raw !== undefined) bookings.push(decode(ref, raw));
    });
    return bookings;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function decode(ref: string, raw: string): Booking {
  const parsed = bookingSchema.safeParse(safeJson(raw));
  if (!parsed.success) throw new Error(`booking ${ref}: stored record is not a valid booking`);
  return parsed.data;
}
