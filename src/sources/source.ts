import { AppError } from '../errors.js';

/**
 * Somewhere bookings come from without a person typing them: an iCal feed today, the Beds24 API
 * next. A source is read whole each sync; the sync (sync.ts) compares what it says with the
 * bookings it owns and makes the difference through the booking service, distrusting answers
 * that look like a glitch. A new kind of source only has to implement this.
 */
export interface BookingSource {
  /** Stored on every booking it writes (`ical:<feed id>`); stable while its configuration is. */
  readonly id: string;
  /** How logs, staff and the CLI name it: never its secret (a feed URL's token). */
  readonly label: string;
  /** Everything it holds now. Throws SourceError rather than answer with part of it. */
  read(): Promise<SourceSnapshot>;
}

/** One stay, as the source gives it; dates are the property's local dates (check-out exclusive). */
export interface SourceReservation {
  ref: string;
  propertyId: string;
  roomId: string;
  checkIn: string;
  checkOut: string;
  guestName: string;
  /** `guestName` is a placeholder: the source gives no name. */
  guestNameUnknown: boolean;
  /** Masked when the source gives only the last digits ("•••• 4821"). */
  guestPhone?: string;
}

export interface SourceSnapshot {
  reservations: SourceReservation[];
  /**
   * Refs of stays the source lists but that could not be read (a date missing): neither
   * changed nor cancelled on this answer's word.
   */
  unreadable: string[];
  /** Entries that are not stays (blocked nights, Booking.com's closed nights, tentative holds). */
  ignored: number;
}

/** The source could not be read this time (network, HTTP status, timeout, not a calendar). */
export class SourceError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    // Always worth another try later: a feed that is down now is usually back soon.
    super(message, true, { ...options, notNow: true });
  }
}
