import type { AxiosInstance } from 'axios';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PropertyCatalog } from '../../properties/properties.js';
import type { RedisKeys } from '../../redis-keys.js';
import type { Booking } from '../../bookings/booking.js';
import { stayWindow } from '../../locks/stay-window.js';
import { SourceError, type BookingSource, type ReadContext, type SourceSnapshot } from '../source.js';
import { creditsLow, type Credits } from './credits.js';
import { beds24Get, createBeds24Http, type Beds24Response, type Query } from './http.js';
import { beds24Mapping, readBeds24Bookings, type HeldHere } from './reservations.js';
import { BEDS24_STATUSES, bookingsPageSchema, errorResponseSchema } from './schemas.js';
import { Beds24Tokens } from './token.js';

export interface Beds24SourceOptions {
  refreshToken: string;
  baseUrl: string;
  /** Per request. */
  timeoutMs: number;
  catalog: PropertyCatalog;
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  now?: () => number;
  /**
   * How far before the last read each incremental read starts (default a day). Beds24 does not say
   * in which timezone it reads `modifiedFrom` (booking-sources.md §2.2): a day covers any, and
   * reading a change twice rewrites nothing.
   */
  overlapMs?: number;
  http?: AxiosInstance;
}

/** The cursor: when the last fully applied read started, and for which mapping. */
const cursorSchema = z.object({ at: z.number(), mapping: z.string() });

/** A read the credit limit cut short, applied up to `nextPage` (not read yet): the next read goes on with its window. */
const progressSchema = z.object({
  startedAt: z.number(),
  mapping: z.string(),
  window: z.object({ departureFrom: z.string(), modifiedFrom: z.string().optional() }),
  nextPage: z.number().int().min(2),
});
type Progress = z.infer<typeof progressSchema>;
/** A read not finished within this is started afresh (from the cursor). */
const PROGRESS_TTL_MS = 24 * 3600_000;
/** Bookings asked for by id in one request (repeated `id` parameters). */
const ID_BATCH = 50;
/** Beds24 booking ids are numbers: another ref here (an alias) is not one. */
const BEDS24_ID = /^\d+$/;

/** A first read of a large account is many pages; more than this is not an answer we can trust whole. */
const MAX_PAGES = 200;
const DAY_MS = 24 * 3600_000;
/** Kept when Beds24 says nothing of when its credit window resets. */
const DEFAULT_PAUSE_MS = 5 * 60_000;

/**
 * Beds24 (API v2) as a booking source: one account, the properties properties.json maps. The
 * first read takes every current and future booking; later ones only those modified since the
 * last read that was fully applied (a cursor in Redis, moved by the sync after applying). It is
 * incremental: a booking it does not list is unchanged, not gone; `cancelled` cancels.
 */
export class Beds24Source implements BookingSource {
  readonly id = 'beds24:account';
  readonly label = 'Beds24';
  readonly failureHint = 'Check that Beds24 answers and that BEDS24_REFRESH_TOKEN is still valid (Settings → Apps & Integrations → API in Beds24).';
  private readonly http: AxiosInstance;
  private readonly tokens: Beds24Tokens;
  private readonly now: () => number;

  constructor(private readonly o: Beds24SourceOptions) {
    this.http = o.http ?? createBeds24Http(o.baseUrl, o.timeoutMs);
    this.now = o.now ?? Date.now;
    this.tokens = new Beds24Tokens({
      redis: o.redis,
      key: o.keys.beds24Token(),
      refusedKey: o.keys.beds24Refused(),
      http: this.http,
      timeoutMs: o.timeoutMs,
      refreshToken: o.refreshToken,
      logger: o.logger,
      now: this.now,
    });
  }

  async read(context?: ReadContext): Promise<SourceSnapshot> {
    const { redis, keys } = this.o;
    const mapping = beds24Mapping(this.o.catalog);
    await this.tokens.assertUsable();
    const paused = await redis.pttl(keys.beds24Pause());
    if (paused > 0) throw new SourceError(`waiting for Beds24's credit limit to reset (about ${Math.ceil(paused / 1000)} s)`);
    // A read cut short by the credit limit goes on where it stopped (one page back: pages may have
    // shifted), with the window it began with; a changed mapping starts afresh.
    const progress = progressSchema.safeParse(safeJson(await redis.get(keys.beds24Progress()))).data;
    const resume = progress && progress.mapping === mapping.fingerprint ? progress : undefined;
    const startedAt = resume?.startedAt ?? this.now();
    const window = resume?.window ?? (await this.windowFrom(startedAt, mapping.fingerprint));
    const query: Query = {
      propertyId: mapping.propertyIds,
      // Every status, cancelled included (not sent by default), and past the "upcoming only" default: stays under way too.
      status: [...BEDS24_STATUSES],
      ...window,
    };

    const entries: unknown[] = [];
    /** Set when the read stops before its end: the first page the next read has not read. */
    let stoppedAt: number | undefined;
    let page = resume ? Math.max(1, resume.nextPage - 1) : 1;
    let credits: Credits = {};
    for (; ; page++) {
      if (page > MAX_PAGES) throw new SourceError(`Beds24 listed more than ${MAX_PAGES} pages of bookings`);
      const res = await this.get('/bookings', page === 1 ? query : { ...query, page });
      const parsed = bookingsPageSchema.safeParse(res.body);
      if (!parsed.success) throw new SourceError(`Beds24 /bookings gave an answer that is not a page of bookings (page ${page})`);
      entries.push(...parsed.data.data);
      credits = res.credits;
      const more = parsed.data.pages?.nextPageExists === true;
      if (creditsLow(credits)) {
        await this.pause(credits);
        if (more) stoppedAt = page + 1;
        break;
      }
      if (!more) break;
    }

    // Bookings here that the read did not list may have moved out of the mapped properties: asked for by id.
    const owned = context ? await context.owned() : [];
    if (stoppedAt === undefined) {
      const listed = new Set(entries.map(idOf));
      const missing = owned.map((b) => b.ref).filter((ref) => BEDS24_ID.test(ref) && !listed.has(ref));
      if (missing.length > 0 && creditsLow(credits)) stoppedAt = page + 1;
      for (let i = 0; stoppedAt === undefined && i < missing.length; i += ID_BATCH) {
        const res = await this.get('/bookings', { id: missing.slice(i, i + ID_BATCH), status: [...BEDS24_STATUSES], ...window });
        const parsed = bookingsPageSchema.safeParse(res.body);
        if (!parsed.success) throw new SourceError('Beds24 /bookings gave an answer that is not a page of bookings (bookings by id)');
        entries.push(...parsed.data.data);
        if (creditsLow(res.credits)) {
          await this.pause(res.credits);
          // The last page is read again next time, then these.
          if (i + ID_BATCH < missing.length) stoppedAt = page + 1;
        }
      }
    }

    const reading = readBeds24Bookings(entries, mapping, this.heldHere(owned));
    const { cancelled, notStays, notices, ...snapshot } = reading;
    if (stoppedAt !== undefined) {
      this.o.logger.info({ pagesRead: page, resumesAt: stoppedAt - 1 }, "Beds24's credit limit is nearly used: what was read is applied, the rest is read once it resets");
    }
    return {
      ...snapshot,
      notices,
      incremental: {
        cancelled,
        notStays,
        // What an answer lists is true whether or not it is whole (a booking it leaves out is unchanged):
        // a part is applied, and only the cursor waits for the last page.
        commit: async () => {
          if (stoppedAt !== undefined) {
            const next: Progress = { startedAt, mapping: mapping.fingerprint, window, nextPage: stoppedAt };
            await redis.set(keys.beds24Progress(), JSON.stringify(next), 'PX', PROGRESS_TTL_MS);
            return;
          }
          await redis.set(keys.beds24Cursor(), JSON.stringify({ at: startedAt, mapping: mapping.fingerprint }));
          await redis.del(keys.beds24Progress());
        },
      },
    };
  }

  /** The read's window: from the cursor (a day before it), or everything current and future. */
  private async windowFrom(startedAt: number, fingerprint: string): Promise<Progress['window']> {
    const cursor = cursorSchema.safeParse(safeJson(await this.o.redis.get(this.o.keys.beds24Cursor()))).data;
    // A changed mapping reads everything again: a room mapped since gets the bookings it missed.
    const since = cursor && cursor.mapping === fingerprint ? cursor.at - (this.o.overlapMs ?? DAY_MS) : undefined;
    return {
      departureFrom: DateTime.fromMillis(startedAt - DAY_MS, { zone: 'utc' }).toISODate()!,
      ...(since !== undefined ? { modifiedFrom: DateTime.fromMillis(since, { zone: 'utc' }).toFormat("yyyy-LL-dd'T'HH:mm:ss") } : {}),
    };
  }

  /** Where each booking here is and until when its code works, for a notice about one Beds24 moved away. */
  private heldHere(owned: readonly Booking[]): Map<string, HeldHere> {
    const held = new Map<string, HeldHere>();
    for (const b of owned) {
      const place = this.o.catalog.room(b.propertyId, b.roomId);
      const until = place
        ? DateTime.fromMillis(stayWindow(b, place.property, { earlyMinutes: 0, lateMinutes: 0 }).end, { zone: place.property.timezone }).toFormat('yyyy-LL-dd HH:mm')
        : b.checkOut;
      held.set(b.ref, { where: place ? `${place.room.name} (${place.property.name})` : `${b.propertyId}/${b.roomId}`, until });
    }
    return held;
  }

  /** A GET with the shared token: a 401 gets a fresh token and one more try. */
  private async get(path: string, query: Query): Promise<Beds24Response> {
    let token = await this.tokens.accessToken();
    let res = await beds24Get(this.http, path, query, { token }, this.o.timeoutMs);
    if (res.status === 401) {
      token = await this.tokens.accessToken(token);
      res = await beds24Get(this.http, path, query, { token }, this.o.timeoutMs);
    }
    if (res.status === 429) {
      await this.pause(res.credits);
      throw new SourceError('Beds24 says the credit limit is used up (HTTP 429)');
    }
    if (res.status < 200 || res.status >= 300) {
      const why = errorResponseSchema.safeParse(res.body).data?.error;
      throw new SourceError(`Beds24 ${path} answered HTTP ${res.status}${why ? ` (${why.slice(0, 120)})` : ''}`);
    }
    return res;
  }

  /** No request until the credit window resets, in any process. */
  private async pause(credits: Credits): Promise<void> {
    const ms = credits.resetsInSeconds !== undefined && credits.resetsInSeconds > 0 ? credits.resetsInSeconds * 1000 : DEFAULT_PAUSE_MS;
    this.o.logger.warn({ remaining: credits.remaining, resetsInSeconds: credits.resetsInSeconds }, 'Beds24 credit limit nearly used: pausing reads');
    await this.o.redis.set(this.o.keys.beds24Pause(), String(credits.remaining ?? 0), 'PX', Math.min(ms, DEFAULT_PAUSE_MS * 2));
  }
}

/** An entry's Beds24 id as a ref ('' when it has none). */
function idOf(entry: unknown): string {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id).trim() : '';
}

function safeJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
