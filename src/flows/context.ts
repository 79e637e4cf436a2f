import type { PublicId } from './public-id.js';
import type { CountryCode } from 'libphonenumber-js';
import type { Effect } from './effects.js';
import type { ConversationState } from './state.js';

/** What the flow needs to know about a booking, already formatted for the guest. */
export interface BookingView {
  ref: string;
  guestName: string;
  status: 'active' | 'cancelled';
  propertyName: string;
  roomName: string;
  /** In the property's timezone, e.g. "Fri 27 Nov 2026, 15:00". */
  checkInLabel: string;
  checkOutLabel: string;
  contactPhone: string;
  arrivalInstructions?: string;
  /** For phone numbers typed without a country code. */
  defaultCountry?: CountryCode;
}

export interface PinView {
  status: 'pending' | 'ready' | 'failed';
  /** Only when status is ready. */
  code?: string;
  reason?: string;
}

/** Everything `step` may read besides the state and the event: loaded by the engine, never fetched by the flow. */
export interface StepContext {
  now: number;
  /** The booking of `state.ref`, or of the ref the guest just typed. */
  booking?: BookingView;
  /** Conversation key that claimed this booking, if any. */
  bookingOwner?: string;
  pin?: PinView;
  pinTimeoutMs: number;
  /** How audit entries and alert texts name a chat (never its key: it may be a phone number). */
  publicId: PublicId;
}

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
  /** Claim the booking for this conversation atomically with the save; if another chat won, the engine re-runs the step. */
  claim?: string;
}
