import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { bookingInputSchema } from '../../bookings/booking.js';
import { normalizeRef, REF_PATTERN } from '../../flows/parse/ref.js';
import { parsePhone, type CountryCode } from '../../flows/parse/phone.js';
import type { Property, PropertyCatalog, Room } from '../../properties/properties.js';
import type { SourceReservation, SourceSnapshot } from '../source.js';
import { beds24BookingSchema, type Beds24Booking } from './schemas.js';

/** Which property and room each Beds24 id is, from properties.json (`beds24PropertyId`, `rooms[].beds24RoomId`). */
export interface Beds24Mapping {
  propertyIds: number[];
  rooms: ReadonlyMap<number, { property: Property; room: Room }>;
  /** Changes whenever the mapping does: a new mapping reads everything again (a room mapped late gets its bookings). */
  fingerprint: string;
}

export function beds24Mapping(catalog: PropertyCatalog): Beds24Mapping {
  const propertyIds: number[] = [];
  const rooms = new Map<number, { property: Property; room: Room }>();
  for (const property of catalog.list()) {
    if (property.beds24PropertyId === undefined) continue;
    propertyIds.push(property.beds24PropertyId);
    for (const room of property.rooms) if (room.beds24RoomId !== undefined) rooms.set(room.beds24RoomId, { property, room });
  }
  const pairs = [...rooms].map(([id, { property, room }]) => `${property.beds24PropertyId}/${id}=${property.id}/${room.id}`).sort();
  const fingerprint = createHash('sha256').update(JSON.stringify([propertyIds.sort((a, b) => a - b), pairs])).digest('hex').slice(0, 16);
  return { propertyIds, rooms, fingerprint };
}

/** What the guest gets when Beds24 gives no name (a token without the bookings-personal scope, an iCal-imported channel). */
export const PLACEHOLDER_NAME = 'Beds24 guest';

const email = z.email();

/**
 * A phone number as E.164 where it can be read: as written, with the property's country for a
 * national number, then as an international number whose "+" Beds24 dropped ("447700900123").
 * Otherwise kept as written, so a proof can only compare it digit for digit (context-loader.ts).
 */
export function normalisePhone(raw: string | undefined, country: CountryCode | undefined): string | undefined {
  if (!raw) return undefined;
  const asWritten = parsePhone(raw, country);
  if (asWritten.ok) return asWritten.value;
  const digits = raw.replace(/\D/g, '');
  if (!raw.includes('+') && digits.length >= 8) {
    const international = parsePhone(`+${digits}`);
    if (international.ok) return international.value;
  }
  return raw.slice(0, 40);
}

function countryOf(property: Property): CountryCode | undefined {
  return parsePhoneNumberFromString(property.contactPhone)?.country as CountryCode | undefined;
}

export interface Beds24Reading extends Omit<SourceSnapshot, 'incremental'> {
  /** Refs Beds24 says are cancelled. */
  cancelled: string[];
  /** Blocks, requests and inquiries, by ref: none is a booking, but one may have been. */
  notStays: Array<{ ref: string; status: string }>;
  notices: Array<{ key: string; detail: string }>;
}

/** The shortest channel reference taken as another ref (a plain number under 6 digits is shorter). */
export const MIN_ALIAS_LENGTH = 6;

/** Statuses that are a guest's stay; `cancelled` cancels; `black` (a block), `request` and `inquiry` are no stay (yet). */
const STAYS = new Set(['confirmed', 'new']);

/** A booking here that Beds24 may have moved away: where it is here and until when its code works, as staff read it. */
export interface HeldHere {
  where: string;
  until: string;
}

/**
 * Beds24's answer as the sync reads it. A booking in a room nobody mapped is not guessed into
 * one: staff hear of it once, naming the Beds24 booking (and, when it is a booking here, that
 * its code still opens the room it was moved from: `held`). One Beds24 lists twice (a page
 * boundary moving under us) counts once, as its last entry.
 */
export function readBeds24Bookings(entries: readonly unknown[], mapping: Beds24Mapping, held: ReadonlyMap<string, HeldHere> = new Map()): Beds24Reading {
  const byId = new Map<number, Beds24Booking>();
  const unreadable = new Set<string>();
  for (const entry of entries) {
    const parsed = beds24BookingSchema.safeParse(entry);
    if (parsed.success) byId.set(parsed.data.id, parsed.data);
    else {
      const id = (entry as { id?: unknown } | null)?.id;
      // An entry without even an id cannot be followed; one with an id is left as it is.
      unreadable.add(typeof id === 'number' || typeof id === 'string' ? normalizeRef(String(id)) : 'an entry without an id');
    }
  }
  const reading: Beds24Reading = { reservations: [], unreadable: [], ignored: 0, cancelled: [], notStays: [], notices: [] };
  for (const b of byId.values()) {
    const ref = normalizeRef(String(b.id));
    if (b.status === 'cancelled') {
      // Whatever its room: the sync cancels only a booking it wrote itself.
      reading.cancelled.push(ref);
      continue;
    }
    if (!STAYS.has(b.status)) {
      reading.ignored++;
      reading.notStays.push({ ref, status: b.status });
      continue;
    }
    const place = mapping.rooms.get(b.roomId);
    if (!place || place.property.beds24PropertyId !== b.propertyId) {
      unreadable.add(ref);
      const here = held.get(ref);
      if (here) {
        // Moved in Beds24 to a room we cannot place: the booking here is left as it is, and so is its code.
        reading.notices.push({
          key: `moved-unmapped:${b.id}:${b.propertyId}:${b.roomId}`,
          detail:
            `Beds24 booking ${b.id} (${b.arrival ?? '?'} → ${b.departure ?? '?'}) was moved in Beds24 to property ${b.propertyId}, room ${b.roomId}, which no room in properties.json maps. ` +
            `Booking ${ref} here still holds a code for ${here.where} until ${here.until}; move or cancel it (PUT or DELETE /admin/bookings/${ref}), or map the room and restart.`,
        });
        continue;
      }
      reading.notices.push({
        key: `unmapped:${b.id}:${b.propertyId}:${b.roomId}`,
        detail:
          `Beds24 booking ${b.id} (${b.arrival ?? '?'} → ${b.departure ?? '?'}) is for Beds24 property ${b.propertyId}, room ${b.roomId}, which no room in properties.json maps ` +
          '(beds24PropertyId / rooms[].beds24RoomId). No booking was made for it, so its guest cannot check in here. Map the room and restart: the next sync reads it again.',
      });
      continue;
    }
    const reservation = toReservation(ref, b, place.property, place.room);
    if (reservation) reading.reservations.push(reservation);
    else unreadable.add(ref);
  }
  reading.unreadable = [...unreadable];
  return reading;
}

function toReservation(ref: string, b: Beds24Booking, property: Property, room: Room): SourceReservation | undefined {
  const name = [b.firstName, b.lastName].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  const phone = normalisePhone(b.mobile ?? b.phone, countryOf(property));
  const guestEmail = b.email && email.safeParse(b.email).success ? b.email : undefined;
  const parsed = bookingInputSchema.safeParse({
    ref,
    guestName: (name || PLACEHOLDER_NAME).slice(0, 200),
    propertyId: property.id,
    roomId: room.id,
    // Dates only: the property's check-in and check-out times apply (locks/stay-window.ts).
    checkIn: b.arrival,
    checkOut: b.departure,
    ...(phone ? { guestPhone: phone } : {}),
    ...(guestEmail ? { guestEmail } : {}),
  });
  if (!parsed.success) return undefined;
  const alias = b.apiReference ? normalizeRef(b.apiReference) : undefined;
  // A short channel reference ("123", "AB12") would be a ref guessed in a few tries: only one of MIN_ALIAS_LENGTH or more finds the stay.
  const { guestPhone, guestEmail: parsedEmail, ...rest } = parsed.data;
  return {
    ...rest,
    guestNameUnknown: !name,
    ...(guestPhone ? { guestPhone } : {}),
    ...(parsedEmail ? { guestEmail: parsedEmail } : {}),
    ...(alias && alias !== ref && alias.length >= MIN_ALIAS_LENGTH && REF_PATTERN.test(alias) ? { aliases: [alias] } : {}),
  };
}
