import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { Booking } from '../bookings/booking.js';
import { bookingRefFor } from '../flows/checkin.js';
import type { BookingView, PinView, StepContext } from '../flows/context.js';
import type { FlowEvent } from '../flows/events.js';
import type { PublicId } from '../flows/public-id.js';
import type { ConversationState } from '../flows/state.js';
import { formatStayBoundary, stayWindow } from '../locks/stay-window.js';
import type { PinRecord } from '../locks/pin-store.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { ContextLoader } from './engine.js';

export interface ContextSources {
  bookings: { get(ref: string): Promise<Booking | undefined> };
  pins: { get(ref: string): Promise<PinRecord | undefined> };
  owner(ref: string): Promise<string | null>;
  catalog: PropertyCatalog;
  pinTimeoutMs: number;
  publicId: PublicId;
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

  constructor(private readonly src: ContextSources) {}

  async load(state: ConversationState, event: FlowEvent): Promise<StepContext> {
    const now = (this.src.now ?? Date.now)();
    const ctx: StepContext = { now, pinTimeoutMs: this.src.pinTimeoutMs, publicId: this.src.publicId };
    const ref = bookingRefFor(state, event);
    if (!ref) return ctx;
    const [booking, owner, pin] = await Promise.all([this.src.bookings.get(ref), this.src.owner(ref), this.src.pins.get(ref)]);
    const view = booking ? this.view(booking) : undefined;
    if (view) ctx.booking = view;
    if (owner) ctx.bookingOwner = owner;
    if (pin) ctx.pin = pinView(pin);
    return ctx;
  }

  private view(booking: Booking): BookingView | undefined {
    const key = JSON.stringify([booking.ref, booking.guestName, booking.status, booking.propertyId, booking.roomId, booking.checkIn, booking.checkOut]);
    if (this.views.has(key)) return this.views.get(key);
    // Frozen: one object serves many steps, and a step must not be able to change the next one's input.
    const computed = bookingView(booking, this.src.catalog);
    const view = computed && Object.freeze(computed);
    if (this.views.size >= VIEW_CACHE_SIZE) this.views.delete(this.views.keys().next().value!);
    this.views.set(key, view);
    return view;
  }
}

function pinView(pin: PinRecord): PinView {
  return pin.status === 'ready'
    ? { status: 'ready', code: pin.code }
    : { status: pin.status, ...(pin.reason ? { reason: pin.reason } : {}) };
}

/**
 * The booking as the guest should read it: names instead of ids, times in the property's zone.
 * Guests are told the booked times; the early/late buffers only widen the code's validity.
 */
export function bookingView(booking: Booking, catalog: PropertyCatalog): BookingView | undefined {
  const place = catalog.room(booking.propertyId, booking.roomId);
  if (!place) return undefined; // a booking for a room we do not know cannot be checked into
  const { property, room } = place;
  const window = stayWindow(booking, property, { earlyMinutes: 0, lateMinutes: 0 });
  const country = parsePhoneNumberFromString(property.contactPhone)?.country as CountryCode | undefined;
  return {
    ref: booking.ref,
    guestName: booking.guestName,
    status: booking.status,
    propertyName: property.name,
    roomName: room.name,
    checkInLabel: formatStayBoundary(window.start, property.timezone),
    checkOutLabel: formatStayBoundary(window.end, property.timezone),
    contactPhone: property.contactPhone,
    ...(property.arrivalInstructions ? { arrivalInstructions: property.arrivalInstructions } : {}),
    ...(country ? { defaultCountry: country } : {}),
  };
}
