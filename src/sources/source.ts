import type { Booking } from '../bookings/booking.js';
import { AppError } from '../errors.js';

/**
 * Somewhere bookings come from without a person typing them: an iCal feed today, the Beds24 API
 * next. A source is read whole each sync; the sync (sync.ts) compares what it says with the
 * bookings it owns and makes the difference through the booking service, distrusting answers
 * that look like a glitch. A new kind of source only has to implement this.
 */
export interface BookingSource {
  /** Stored on every booking it writes (`ical:<feed id>`, `beds24:account`); stable while its configuration is. */
  readonly id: string;
  /** How logs, staff and the CLI name it: never its secret (a feed URL's token). */
  readonly label: string;
  /** What staff should check when it has been failing for a while (the alert ends with it). */
  readonly failureHint?: string;
  /**
   * Everything it holds now, or (an incremental source) what changed since its last committed
   * answer. Throws SourceError rather than answer with part of it; an incremental source may
   * answer with part of a long read (what it lists is true) and go on from there next time.
   */
  read(context?: ReadContext): Promise<SourceSnapshot>;
}

/** What the sync tells a source about the bookings here. */
export interface ReadContext {
  /** The source's own active bookings whose stay has not ended. */
  owned(): Promise<Booking[]>;
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
  guestEmail?: string;
  /** Other refs a guest may type for this stay (a channel's own reference): they find it too. */
  aliases?: string[];
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
  /**
   * Set by an incremental source (Beds24): the answer holds only what changed, so a booking it
   * does not list is not cancelled; only `cancelled` cancels.
   */
  incremental?: {
    /** Refs the source says are cancelled. */
    cancelled: string[];
    /**
     * Refs the source now lists as no stay (Beds24: a block, a request, an inquiry). Not
     * cancelled on that word, but staff hear of one that is a booking here.
     */
    notStays?: Array<{ ref: string; status: string }>;
    /**
     * Moves the source's cursor past this answer (or, an answer that is part of a long read, its
     * place in that read): called only once all of it was applied (never on a dry run).
     */
    commit(): Promise<void>;
  };
  /** Things staff must hear once each (a booking for a room nobody mapped): `key` says which once. */
  notices?: Array<{ key: string; detail: string }>;
}

/** The source could not be read this time (network, HTTP status, timeout, not a calendar). */
export class SourceError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    // Always worth another try later: a feed that is down now is usually back soon.
    super(message, true, { ...options, notNow: true });
  }
}

/**
 * The source refuses us until a person acts (a revoked Beds24 refresh token): it is not read again
 * until its configuration changes, staff hear at once, and its bookings stay as they are.
 */
export class SourceHaltedError extends AppError {
  constructor(message: string) {
    super(message, false);
  }
}
