import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';
import { normalizeRef } from '../flows/parse/ref.js';
import { bookingSchema, boundaryMillis, type Booking, type BookingInput, type BookingOrigin } from './booking.js';

/** Write `next` only if the record still holds `expected`. Keys and arguments: in the .lua file. */
const COMPARE_AND_SET = LuaScript.fromFile(new URL('./lua/compare-and-set.lua', import.meta.url));

/** As COMPARE_AND_SET ('' expects no record), and indexes the booking by check-out in the same step. Keys and arguments: in the .lua file. */
const WRITE_IF_UNCHANGED = LuaScript.fromFile(new URL('./lua/write-if-unchanged.lua', import.meta.url));

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
    // A person's booking has no other refs: what a source had given it find it no more.
    await this.unindexAliases(ref, previous?.aliases, []);
    return { booking, previous };
  }

  /**
   * An upsert by a source (a booking feed): written only if `mayWrite` accepts the record it would
   * replace (undefined: none), decided on that very record, so a person's write in between wins.
   */
  async upsertIf(
    input: BookingInput,
    origin: BookingOrigin,
    mayWrite: (current: Booking | undefined) => boolean,
  ): Promise<{ booking: Booking; previous: Booking | undefined } | { refused: Booking | undefined }> {
    const ref = normalizeRef(input.ref);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(this.keys.booking(ref));
      // A corrupt record is replaced, as upsert does.
      const current = raw === null ? undefined : bookingSchema.safeParse(safeJson(raw)).data;
      if (!mayWrite(current)) return { refused: current };
      const booking: Booking = { ...input, ...origin, ref, status: 'active', updatedAt: this.clock().toISOString() };
      // Indexed before the write: an index entry whose booking does not name it is ignored by find(), a missing one would lose the guest.
      await this.indexAliases(ref, booking.aliases);
      const written = await WRITE_IF_UNCHANGED.run(
        this.redis,
        [this.keys.booking(ref), this.keys.bookingIndex()],
        [raw ?? '', JSON.stringify(booking), boundaryMillis(booking.checkOut), ref],
      );
      if (written === 1) {
        await this.unindexAliases(ref, current?.aliases, booking.aliases ?? []);
        return { booking, previous: current };
      }
    }
    throw new Error(`booking ${ref}: changed concurrently ${MAX_CAS_ATTEMPTS} times while a source wrote it`);
  }

  /**
   * The booking a guest means by `typed`: the one whose ref it is, else the one booking that names
   * it among its other refs (a channel's reference). Two bookings naming it (a channel's group of
   * rooms under one reference) find none: a guest is never handed a booking by a guess.
   */
  async find(typed: string): Promise<Booking | undefined> {
    const key = normalizeRef(typed);
    const own = await this.get(key);
    if (own) return own;
    const refs = await this.redis.smembers(this.keys.bookingAlias(key));
    if (refs.length === 0) return undefined;
    const named = (await this.load(refs)).filter((b) => b.aliases?.includes(key));
    return named.length === 1 ? named[0] : undefined;
  }

  private async indexAliases(ref: string, aliases: readonly string[] | undefined): Promise<void> {
    if (!aliases || aliases.length === 0) return;
    const tx = this.redis.multi();
    for (const alias of aliases) tx.sadd(this.keys.bookingAlias(alias), ref);
    await tx.exec();
  }

  private async unindexAliases(ref: string, before: readonly string[] | undefined, after: readonly string[]): Promise<void> {
    const gone = (before ?? []).filter((a) => !after.includes(a));
    if (gone.length === 0) return;
    const tx = this.redis.multi();
    for (const alias of gone) tx.srem(this.keys.bookingAlias(alias), ref);
    await tx.exec();
  }

  async get(ref: string): Promise<Booking | undefined> {
    const key = normalizeRef(ref);
    const raw = await this.redis.get(this.keys.booking(key));
    return raw === null ? undefined : decode(key, raw);
  }

  /**
   * Keeps the record (status 'cancelled') so a late guest who proves it hears "cancelled", not
   * "unknown". Cancelled by a person, a feed's booking becomes theirs: the feed will not bring it back.
   */
  async cancel(ref: string): Promise<Booking | undefined> {
    const result = await this.cancelWhere(ref, () => true, false);
    return 'refused' in result ? undefined : result.booking;
  }

  /** A source's cancel: only if `mayCancel` accepts the record as it is at that moment. It stays the source's. */
  async cancelIf(ref: string, mayCancel: (current: Booking) => boolean): Promise<{ booking: Booking | undefined } | { refused: Booking }> {
    return this.cancelWhere(ref, mayCancel, true);
  }

  private async cancelWhere(
    ref: string,
    mayCancel: (current: Booking) => boolean,
    keepSource: boolean,
  ): Promise<{ booking: Booking | undefined } | { refused: Booking }> {
    const key = normalizeRef(ref);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(this.keys.booking(key));
      if (raw === null) return { booking: undefined };
      const current = decode(key, raw);
      if (!mayCancel(current)) return { refused: current };
      const { source, ...rest } = current;
      const cancelled: Booking = { ...rest, ...(keepSource && source ? { source } : {}), status: 'cancelled', updatedAt: this.clock().toISOString() };
      const written = await COMPARE_AND_SET.run(this.redis, [this.keys.booking(key)], [raw, JSON.stringify(cancelled)]);
      if (written === 1) return { booking: cancelled };
    }
    throw new Error(`booking ${key}: changed concurrently ${MAX_CAS_ATTEMPTS} times while cancelling`);
  }

  /**
   * The guest has left: the stay ends at `checkOut` (an ISO instant with offset), if `isLater` says
   * the booking's current check-out is later (so a repeat changes nothing). Only an active booking.
   * A feed's booking becomes a person's (no `source`): the feed, which still lists the booked
   * dates, must not stretch the stay back. Returns the booking as it is afterwards.
   */
  async endStayAt(ref: string, checkOut: string, isLater: (current: Booking) => boolean): Promise<Booking | undefined> {
    const key = normalizeRef(ref);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const raw = await this.redis.get(this.keys.booking(key));
      if (raw === null) return undefined;
      const current = decode(key, raw);
      if (current.status !== 'active' || !isLater(current)) return current;
      const { source: _source, ...rest } = current;
      const ended: Booking = { ...rest, checkOut, updatedAt: this.clock().toISOString() };
      const written = await WRITE_IF_UNCHANGED.run(
        this.redis,
        [this.keys.booking(key), this.keys.bookingIndex()],
        [raw, JSON.stringify(ended), boundaryMillis(checkOut), key],
      );
      if (written === 1) return ended;
    }
    throw new Error(`booking ${key}: changed concurrently ${MAX_CAS_ATTEMPTS} times while ending its stay`);
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
