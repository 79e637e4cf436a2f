import type { Booking, BookingInput, BookingOrigin } from './booking.js';
import type { BookingStore } from './store.js';

/** What the HTTP layer and the importer need. */
export interface BookingService {
  upsert(input: BookingInput): Promise<{ booking: Booking; created: boolean }>;
  get(ref: string): Promise<Booking | undefined>;
  cancel(ref: string): Promise<Booking | undefined>;
}

export interface BookingHooks {
  /** Runs after every create or update (the guest's data must be deleted after the stay). */
  saved?(booking: Booking): Promise<void>;
  /** Runs after a booking is cancelled (its codes must come off the locks; `formerOwner`, the chat that had proved it, must hear). */
  cancelled?(booking: Booking, formerOwner: string | null): Promise<void>;
  /** Runs after an update that moves the stay or the room (an issued PIN must follow). */
  changed?(booking: Booking, previous: Booking): Promise<void>;
}

/** The update changes when or where the booking's door code must work. */
export function locksAffected(previous: Booking, next: Booking): boolean {
  return (
    previous.checkIn !== next.checkIn || previous.checkOut !== next.checkOut || previous.propertyId !== next.propertyId || previous.roomId !== next.roomId
  );
}

export class StoreBookingService implements BookingService {
  constructor(
    private readonly store: BookingStore,
    private readonly hooks: BookingHooks = {},
  ) {}

  async upsert(input: BookingInput): Promise<{ booking: Booking; created: boolean }> {
    const { booking, previous } = await this.store.upsert(input);
    await this.afterSave(booking, previous);
    return { booking, created: previous === undefined };
  }

  /**
   * A write by a source (a booking feed), with the same follow-up as any other: only where
   * `mayWrite` accepts the record it would replace, so a person's booking is never overwritten.
   */
  async upsertFromSource(
    input: BookingInput,
    origin: BookingOrigin,
    mayWrite: (current: Booking | undefined) => boolean,
  ): Promise<{ booking: Booking; created: boolean } | { refused: Booking | undefined }> {
    const result = await this.store.upsertIf(input, origin, mayWrite);
    if ('refused' in result) return result;
    await this.afterSave(result.booking, result.previous);
    return { booking: result.booking, created: result.previous === undefined };
  }

  /** A source's cancel, only where `mayCancel` accepts the record; codes come off as for any cancel. */
  async cancelFromSource(ref: string, mayCancel: (current: Booking) => boolean): Promise<{ booking: Booking | undefined } | { refused: Booking }> {
    const result = await this.store.cancelIf(ref, mayCancel);
    if ('booking' in result && result.booking) await this.afterCancel(result.booking);
    return result;
  }

  get(ref: string): Promise<Booking | undefined> {
    return this.store.get(ref);
  }

  async cancel(ref: string): Promise<Booking | undefined> {
    const booking = await this.store.cancel(ref);
    if (!booking) return undefined;
    await this.afterCancel(booking);
    return booking;
  }

  private async afterSave(booking: Booking, previous: Booking | undefined): Promise<void> {
    await this.hooks.saved?.(booking);
    if (previous && locksAffected(previous, booking)) await this.hooks.changed?.(booking, previous);
  }

  private async afterCancel(booking: Booking): Promise<void> {
    const formerOwner = await this.store.releaseOwner(booking.ref);
    await this.hooks.cancelled?.(booking, formerOwner);
  }
}
