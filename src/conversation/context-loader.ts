import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Booking } from '../bookings/booking.js';
import { bookingRefFor } from '../flows/checkin.js';
import type { BookingView, PinView, StepContext } from '../flows/context.js';
import type { FlowEvent } from '../flows/events.js';
import { CATALOGS, LANGUAGES } from '../flows/messages/index.js';
import type { BookedIdentity, IdentityPolicy } from '../flows/identity.js';
import { parsePhone } from '../flows/parse/phone.js';
import type { PublicId } from '../flows/public-id.js';
import type { ConversationState } from '../flows/state.js';
import { formatStayBoundary, stayWindow } from '../locks/stay-window.js';
import type { PinRecord } from '../locks/pin-store.js';
import { guestInfoByLanguage } from '../properties/guest-info.js';
import type { Property, PropertyCatalog, Room } from '../properties/properties.js';
import type { ContextLoader } from './engine.js';
import type { GuessLimits } from './guess-limits.js';

export interface ContextSources {
  /** `find` (a typed ref): also a booking that names the ref among its other refs (a channel's reference). */
  bookings: { get(ref: string): Promise<Booking | undefined>; find?(typed: string): Promise<Booking | undefined> };
  pins: { get(ref: string): Promise<PinRecord | undefined> };
  owner(ref: string): Promise<string | null>;
  catalog: PropertyCatalog;
  limits: Pick<GuessLimits, 'lookup' | 'identity' | 'settings'>;
  /** IDENTITY_POLICY: for properties that do not set their own. */
  identityPolicy: IdentityPolicy;
  pinTimeoutMs: number;
  publicId: PublicId;
  /** DEPARTURE_MESSAGES (unset: on). */
  departureMessages?: boolean;
  now?: () => number;
}

/** Views kept per process: enough for every chat of a busy check-in wave. */
const VIEW_CACHE_SIZE = 2_000;

/** Reads what `step` may need for this event: the booking, who claimed it, and its PIN. */
export class RedisContextLoader implements ContextLoader {
  /**
   * Booking views by everything they are computed from. Every message of a chat needs its
   * booking's view, and timezone arithmetic and phone metadata were a visible part of a
   * message's CPU time; the catalog is fixed for the life of the process.
   */
  private readonly views = new Map<string, BookingView | undefined>();
  /** Guest info views by property and room (see `guestInfo`). */
  private readonly infos = new Map<string, NonNullable<StepContext['guestInfo']>>();

  constructor(private readonly src: ContextSources) {}

  async load(state: ConversationState, event: FlowEvent): Promise<StepContext> {
    const now = (this.src.now ?? Date.now)();
    const ctx: StepContext = { now, pinTimeoutMs: this.src.pinTimeoutMs, publicId: this.src.publicId, limits: this.src.limits.settings };
    if (this.src.departureMessages === false) ctx.departureMessages = false;
    const fileDefault = this.src.catalog.defaultLanguage;
    if (fileDefault) ctx.defaultLang = fileDefault;
    const ref = bookingRefFor(state, event);
    if (!ref) return ctx;
    if (state.ref === undefined) {
      // A typed ref: a chat past its limit (or everyone, past the global one) is not even looked up.
      ctx.refLookup = await this.src.limits.lookup(state.key);
      if (ctx.refLookup.paused) return ctx;
    }
    const typed = state.ref === undefined && this.src.bookings.find !== undefined;
    const [booking, ownRef] = await Promise.all([
      typed ? this.src.bookings.find!(ref) : this.src.bookings.get(ref),
      this.aboutRef(ref, state.key),
    ]);
    let { owner, pin, identity } = ownRef;
    if (booking && booking.ref !== ref) {
      // Found by another of its refs: everything else is kept under the booking's own ref (one
      // claim, one PIN, one count of identity tries however the guest typed it).
      ctx.refAlias = ref;
      ({ owner, pin, identity } = await this.aboutRef(booking.ref, state.key));
    }
    const view = booking ? this.view(booking) : undefined;
    if (view) ctx.booking = view;
    // Only for a chat that proved the booking: before that, answering in its property's language
    // would tell a guesser which property a ref belongs to.
    const proven = state.identity === 'matched' || state.approved;
    const propertyDefault = booking && proven ? this.src.catalog.property(booking.propertyId)?.defaultLanguage : undefined;
    if (propertyDefault) ctx.defaultLang = propertyDefault;
    if (owner) ctx.bookingOwner = owner;
    // A reassigned booking's old code is on its way off the locks: not a PIN anyone may be given.
    if (pin) ctx.pin = pin.revoked ? { status: 'pending' } : pinView(pin);
    // What a checked-in guest may ask (after-checkin.ts): only for a chat that proved the booking and confirmed.
    const place = booking && proven && state.confirmedAt !== undefined ? this.src.catalog.room(booking.propertyId, booking.roomId) : undefined;
    if (place) {
      ctx.guestInfo = this.guestInfo(place.property, place.room);
      if (ctx.pin?.status === 'ready' && pin && pin.start > 0) {
        ctx.pin = { ...ctx.pin, validFrom: pin.start, validFromLabels: labelsOf(pin.start, place.property.timezone) };
      }
    }
    if (identity.tries > 0) ctx.identityTries = identity.tries;
    if (identity.barred) ctx.barred = true;
    return ctx;
  }

  /** The property's answers in every language (the flow may switch language mid-turn); fixed for the life of the process, like the catalog. */
  private guestInfo(property: Property, room: Room): NonNullable<StepContext['guestInfo']> {
    const key = `${property.id}\u0000${room.id}`;
    let info = this.infos.get(key);
    if (!info) {
      info = Object.freeze(guestInfoByLanguage(property, room));
      this.infos.set(key, info);
    }
    return info;
  }

  private async aboutRef(ref: string, convKey: string) {
    const [owner, pin, identity] = await Promise.all([this.src.owner(ref), this.src.pins.get(ref), this.src.limits.identity(ref, convKey)]);
    return { owner, pin, identity };
  }

  private view(booking: Booking): BookingView | undefined {
    const key = JSON.stringify([
      booking.ref,
      booking.guestName,
      booking.status,
      booking.propertyId,
      booking.roomId,
      booking.checkIn,
      booking.checkOut,
      booking.guestPhone,
      booking.guestEmail,
      booking.guestNameUnknown,
    ]);
    if (this.views.has(key)) return this.views.get(key);
    // Frozen: one object serves many steps, and a step must not be able to change the next one's input.
    const computed = bookingView(booking, this.src.catalog, this.src.identityPolicy);
    const view = computed && Object.freeze(computed);
    if (this.views.size >= VIEW_CACHE_SIZE) this.views.delete(this.views.keys().next().value!);
    this.views.set(key, view);
    return view;
  }
}

/** When a code starts to work, in each language's format, on the property's clock. */
function labelsOf(ms: number, zone: string): NonNullable<PinView['validFromLabels']> {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, formatStayBoundary(ms, zone, CATALOGS[lang].locale, CATALOGS[lang].dateFormat)]));
}

function pinView(pin: PinRecord): PinView {
  return pin.status === 'ready'
    ? { status: 'ready', code: pin.code, ...(pin.end > 0 ? { endsAt: pin.end } : {}) }
    : { status: pin.status, ...(pin.reason ? { reason: pin.reason } : {}) };
}

/**
 * The booking as the guest should read it: names instead of ids, times in the property's zone.
 * Guests are told the booked times; the early/late buffers only widen the code's validity.
 */
export function bookingView(booking: Booking, catalog: PropertyCatalog, defaultPolicy: IdentityPolicy = 'name+contact'): BookingView | undefined {
  const place = catalog.room(booking.propertyId, booking.roomId);
  if (!place) return undefined; // a booking for a room we do not know cannot be checked into
  const { property, room } = place;
  const window = stayWindow(booking, property, { earlyMinutes: 0, lateMinutes: 0 });
  const country = parsePhoneNumberFromString(property.contactPhone)?.country as CountryCode | undefined;
  // Every language's, once per booking view (cached): the flow may switch language mid-turn.
  const stayLabels = Object.fromEntries(
    LANGUAGES.map((lang) => {
      const { locale, dateFormat } = CATALOGS[lang];
      return [lang, { checkIn: formatStayBoundary(window.start, property.timezone, locale, dateFormat), checkOut: formatStayBoundary(window.end, property.timezone, locale, dateFormat) }];
    }),
  );
  return {
    ref: booking.ref,
    guestName: booking.guestName,
    status: booking.status,
    propertyName: property.name,
    roomName: room.name,
    checkInLabel: formatStayBoundary(window.start, property.timezone),
    checkOutLabel: formatStayBoundary(window.end, property.timezone),
    checkInAt: window.start,
    checkOutAt: window.end,
    stayLabels,
    contactPhone: property.contactPhone,
    ...(property.arrivalInstructions ? { arrivalInstructions: property.arrivalInstructions } : {}),
    ...(country ? { defaultCountry: country } : {}),
    identity: bookedIdentity(booking, property.identityPolicy ?? defaultPolicy, country),
  };
}

/** Channel exports hide most of a number ("•••• 1234", "XXXXXX1234"). */
const MASKED_PHONE = /[*•·…]|[xX]{2,}|^\D*\d{4,6}\D*$/;

/**
 * The booking's contact details as the flow compares them. A masked phone proves by its last 4
 * digits; one that is not a valid number (a typo, an extension) must be matched digit for digit,
 * so it can only fail closed (held for staff), never prove by less.
 */
function bookedIdentity(booking: Booking, policy: IdentityPolicy, country: CountryCode | undefined): BookedIdentity {
  const identity: BookedIdentity = { policy };
  if (booking.guestPhone) {
    const whole = parsePhone(booking.guestPhone, country);
    const digits = booking.guestPhone.replace(/\D/g, '');
    if (whole.ok) identity.phone = whole.value;
    else if (MASKED_PHONE.test(booking.guestPhone) && digits.length >= 4) identity.phoneLast4 = digits.slice(-4);
    else if (digits.length >= 4) identity.phoneDigits = digits.replace(/^0+/, '');
  }
  const email = booking.guestEmail?.trim().toLowerCase();
  if (email) identity.email = email;
  if (booking.guestNameUnknown) identity.nameUnknown = true;
  return identity;
}
