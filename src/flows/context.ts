import type { PublicId } from './public-id.js';
import type { CountryCode } from 'libphonenumber-js';
import type { Effect } from './effects.js';
import type { BookedIdentity } from './identity.js';
import type { Language } from './messages/languages.js';
import type { ConversationState } from './state.js';

/** What the flow needs to know about a booking, already formatted for the guest. */
export interface BookingView {
  ref: string;
  guestName: string;
  status: 'active' | 'cancelled';
  propertyName: string;
  roomName: string;
  /** In the property's timezone, in English: "Fri 27 Nov 2026, 15:00". */
  checkInLabel: string;
  checkOutLabel: string;
  /** The booked check-in and check-out instants (epoch ms, without the code's early/late buffers). */
  checkInAt?: number;
  checkOutAt?: number;
  /** The same in each language's own format ("viernes 27 de noviembre de 2026, 15:00"); a language missing here gets the English ones. */
  stayLabels?: Partial<Readonly<Record<Language, { checkIn: string; checkOut: string }>>>;
  contactPhone: string;
  arrivalInstructions?: string;
  /** For phone numbers typed without a country code. */
  defaultCountry?: CountryCode;
  /** What the chat must match to prove the booking (unset: the name alone, under `name+contact`). */
  identity?: BookedIdentity;
}

export interface PinView {
  status: 'pending' | 'ready' | 'failed';
  /** When the code stops working (epoch ms), once it is ready. */
  endsAt?: number;
  /** Only when status is ready. */
  code?: string;
  reason?: string;
  /** When a ready code starts to open the doors (epoch ms: check-in less PIN_EARLY_MINUTES). */
  validFrom?: number;
  /** `validFrom` as each language writes it, on the property's clock (loaded once the guest confirmed). */
  validFromLabels?: Partial<Readonly<Record<Language, string>>>;
}

/**
 * What a checked-in guest may ask about, in one language (the host's `info` in properties.json,
 * the room's over the property's: src/properties/guest-info.ts). Unset fields: the host gave none.
 */
export interface GuestInfoView {
  wifi?: { network: string; password: string };
  parking?: string;
  houseRules?: string;
  address?: string;
  mapUrl?: string;
}

/** Everything `step` may read besides the state and the event: loaded by the engine, never fetched by the flow. */
export interface StepContext {
  now: number;
  /** The booking of `state.ref`, or of the ref the guest just typed. */
  booking?: BookingView;
  /** The ref the guest just typed found `booking` as one of its other refs (a channel's reference): `booking.ref` is its own. */
  refAlias?: string;
  /** Conversation key that claimed this booking, if any. */
  bookingOwner?: string;
  pin?: PinView;
  pinTimeoutMs: number;
  /** DEPARTURE_MESSAGES: a guest's "I've left" shortens their code (unset: on); off, it is passed to staff. */
  departureMessages?: boolean;
  /** How audit entries and alert texts name a chat (never its key: it may be a phone number). */
  publicId: PublicId;
  /** Guessing limits (settings); unset in a context means the defaults. */
  limits?: GuessLimitSettings;
  /** Failed identity tries on this booking in the current window, every chat together. */
  identityTries?: number;
  /** The engine found the booking's tries used up when saving: the flow must not accept a proof. */
  identityLocked?: boolean;
  /** Staff took this booking away from this chat: it cannot prove it again. */
  barred?: boolean;
  /** The language the guest's app reports (Telegram's language_code) with this message, if any. */
  platformLang?: string;
  /** The property's default language (`defaultLanguage` in properties.json), or the deployment's before the booking is known. */
  defaultLang?: Language;
  /** The property's answers for a checked-in guest, by language; loaded only for a chat that proved the booking and confirmed. */
  guestInfo?: Partial<Readonly<Record<Language, GuestInfoView>>>;
  /** Loaded when the chat types a ref: its recent unknown refs, and whether looking up is paused. */
  refLookup?: { chatMisses: number; paused?: 'chat' | 'global' };
}

export interface GuessLimitSettings {
  /** Failed identity tries per booking per 24 h, every chat together; then only staff can release it. */
  identityTries: number;
  /** Unknown refs per chat per hour. */
  refMissesPerHour: number;
  /** Failed look-ups per minute, every chat together. */
  refFailuresPerMinute: number;
}

export const DEFAULT_LIMITS: GuessLimitSettings = { identityTries: 3, refMissesPerHour: 5, refFailuresPerMinute: 60 };

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
  /** Claim the booking for this conversation atomically with the save; if another chat won, the engine re-runs the step. */
  claim?: string;
  /**
   * The chat's details were checked against the booking. Counted atomically with the save: if the
   * booking's tries ran out meanwhile (another chat), the engine re-runs the step with `identityLocked`.
   */
  identityCheck?: { ref: string; passed: boolean };
  /** A typed ref was looked up and not found: counts towards the chat's and the global limits. */
  refMiss?: boolean;
}
