import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { bookingInputSchema } from '../../bookings/booking.js';
import { normalizeRef, REF_PATTERN } from '../../flows/parse/ref.js';
import { SourceError, type SourceReservation, type SourceSnapshot } from '../source.js';
import type { FeedDay, FeedEvent, ParsedFeed } from './parse.js';

export type FeedPlatform = 'airbnb' | 'vrbo' | 'booking' | 'other';

/** Where the feed is read into: one room of one property. */
export interface FeedRoom {
  propertyId: string;
  roomId: string;
  /** The property's IANA timezone: the day of a stay given as an instant. */
  timezone: string;
}

export function platformOf(host: string, prodId: string): FeedPlatform {
  const h = host.toLowerCase();
  if (/(^|\.)airbnb\./.test(h) || /airbnb/i.test(prodId)) return 'airbnb';
  if (/(^|\.)booking\.com$/.test(h) || /booking\.com/i.test(prodId)) return 'booking';
  if (/(^|\.)(vrbo|homeaway|abritel|fewo-direkt|stayz|bookabach)\./.test(h) || /homeaway|vrbo/i.test(prodId)) return 'vrbo';
  return 'other';
}

/** What a platform's feed says about nights nobody stays: manual blocks, rules, other channels' stays. */
const BLOCKED = /not available|unavailable|blocked|^closed\b|indisponible|nicht verf[üu]gbar|no disponible/i;
/** Vrbo/Abritel holds not yet confirmed ("include tentative reservations" in its export). */
const TENTATIVE = /^(tentative|provisoire|provisional)\b/i;
/** Vrbo's "Reserved - Anna" (Abritel "Réservée - Anna"): the first name. */
const RESERVED_NAME = /^(?:reserved|r[ée]serv[ée]e?|reservad[oa]|reserviert|prenotat[oa])\s*[-–—:]\s*(.+)$/i;
/** Airbnb's reservation link: `…/hosting/reservations/details/<CODE>`, or (2020) `…/reservation/itinerary?code=<CODE>`. */
const AIRBNB_CODE = [/\/reservations?\/details\/([A-Za-z0-9]+)/i, /[?&]code=([A-Za-z0-9]+)/i];
const LAST_4 = /Last 4 Digits\)?\s*:\s*(\d{4})\b/i;

const PLACEHOLDER_NAMES: Record<FeedPlatform, string> = {
  airbnb: 'Airbnb guest',
  vrbo: 'Vrbo guest',
  booking: 'Booking.com guest',
  other: 'Feed guest',
};

/** Crockford's base 32: no I, L, O or U, so a ref read out over the phone is not misheard. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ref for a stay whose feed gives no booking code (Vrbo, other calendars): stable for its UID,
 * within the ref rule, and not guessable from anything the guest sees. Staff tell the guest.
 */
export function refFromUid(uid: string): string {
  const digest = createHash('sha256').update(uid).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 10; i++) out += BASE32[Number((bits >> BigInt(59 - i * 5)) & 31n)];
  return `IC${out}`;
}

function airbnbCode(description: string): string | undefined {
  for (const pattern of AIRBNB_CODE) {
    const code = pattern.exec(description)?.[1];
    if (code && REF_PATTERN.test(normalizeRef(code))) return normalizeRef(code);
  }
  return undefined;
}

type Reading = { kind: 'ignored' } | { kind: 'stay'; ref: string; reservation: SourceReservation | undefined };

function read(event: FeedEvent, platform: FeedPlatform, room: FeedRoom): Reading {
  // Booking.com marks every closed night the same way, its own guests' included: no stay can be told from a block.
  if (platform === 'booking' || event.status === 'CANCELLED' || event.status === 'TENTATIVE') return { kind: 'ignored' };
  if (BLOCKED.test(event.summary) || TENTATIVE.test(event.summary)) return { kind: 'ignored' };
  const code = airbnbCode(event.description);
  if (!code && !event.uid) throw new SourceError('an event has neither a UID nor a booking code: its stays cannot be followed');
  const ref = code ?? refFromUid(event.uid!);
  const checkIn = localDate(event.start, room.timezone);
  const checkOut = localDate(event.end, room.timezone);
  const named = RESERVED_NAME.exec(event.summary)?.[1]?.trim();
  const last4 = LAST_4.exec(event.description)?.[1];
  const parsed = bookingInputSchema.safeParse({
    ref,
    guestName: (named || PLACEHOLDER_NAMES[platform]).slice(0, 200),
    propertyId: room.propertyId,
    roomId: room.roomId,
    checkIn,
    checkOut,
    // Masked, so identity checks compare the last 4 digits only (see conversation/context-loader.ts).
    ...(last4 ? { guestPhone: `•••• ${last4}` } : {}),
  });
  if (!parsed.success) return { kind: 'stay', ref, reservation: undefined };
  const { guestPhone, ...rest } = parsed.data;
  return {
    kind: 'stay',
    ref,
    reservation: { ...rest, guestNameUnknown: !named, ...(guestPhone ? { guestPhone } : {}) },
  };
}

function localDate(day: FeedDay | undefined, zone: string): string | undefined {
  if (!day) return undefined;
  if (day.kind === 'date') return day.date;
  return DateTime.fromMillis(day.ms, { zone }).toISODate() ?? undefined;
}

/**
 * The feed's stays for the room. A stay whose dates cannot be read, or whose ref the feed lists
 * twice, is reported as unreadable: its booking is then left as it is rather than guessed at.
 */
export function reservationsOf(feed: ParsedFeed, platform: FeedPlatform, room: FeedRoom): SourceSnapshot {
  const byRef = new Map<string, SourceReservation>();
  const unreadable = new Set<string>();
  let ignored = 0;
  for (const event of feed.events) {
    const reading = read(event, platform, room);
    if (reading.kind === 'ignored') {
      ignored++;
      continue;
    }
    const { ref, reservation } = reading;
    if (!reservation || byRef.has(ref) || unreadable.has(ref)) {
      byRef.delete(ref);
      unreadable.add(ref);
    } else byRef.set(ref, reservation);
  }
  return { reservations: [...byRef.values()], unreadable: [...unreadable], ignored };
}
