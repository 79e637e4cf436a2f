import { DateTime } from 'luxon';
import type { Booking } from '../bookings/booking.js';
import type { Property } from '../properties/properties.js';

export interface StayWindow {
  /** Epoch ms, whole minutes (TTLock keeps minute precision). */
  start: number;
  end: number;
}

export interface WindowBuffers {
  earlyMinutes: number;
  lateMinutes: number;
}

/**
 * When the code works. A date-only check-in/out means the property's check-in/out time on that
 * day in the property's timezone (so DST is the zone's business, not ours); a date-time with an
 * offset is taken as the instant it names.
 */
export function stayWindow(booking: Pick<Booking, 'checkIn' | 'checkOut'>, property: Property, buffers: WindowBuffers): StayWindow {
  const start = boundary(booking.checkIn, property.checkInTime, property.timezone).minus({ minutes: buffers.earlyMinutes });
  const end = boundary(booking.checkOut, property.checkOutTime, property.timezone).plus({ minutes: buffers.lateMinutes });
  return { start: floorMinute(start.toMillis()), end: floorMinute(end.toMillis()) };
}

function boundary(value: string, localTime: string, zone: string): DateTime {
  const dt = value.length === 10 ? DateTime.fromISO(`${value}T${localTime}`, { zone }) : DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) throw new Error(`invalid stay boundary ${value}: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt;
}

function floorMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

/** "Fri 27 Nov 2026, 15:00" in the property's timezone; `format` is Luxon's tokens, read in `locale`. */
export function formatStayBoundary(ms: number, zone: string, locale = 'en-GB', format = 'ccc d LLL yyyy, HH:mm'): string {
  return DateTime.fromMillis(ms, { zone }).setLocale(locale).toFormat(format);
}
