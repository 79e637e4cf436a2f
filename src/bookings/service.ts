import type { Booking, BookingInput } from './booking.js';
import type { BookingStore } from './store.js';

/** What the HTTP layer needs; a later version may also revoke PINs on cancel. */
export interface BookingService {
  upsert(input: BookingInput): Promise<{ booking: Booking; created: boolean }>;
  get(ref: string): Promise<Booking | undefined>;
  cancel(ref: string): Promise<Booking | undefined>;
}

export class StoreBookingService implements BookingService {
  constructor(private readonly store: BookingStore) {}

  async upsert(input: BookingInput): Promise<{ booking: Booking; created: boolean }> {
    const { booking, previous } = await this.store.upsert(input);
    return { booking, created: previous === undefined };
  }

  get(ref: string): Promise<Booking | undefined> {
    return this.store.get(ref);
  }

  cancel(ref: string): Promise<Booking | undefined> {
    return this.store.cancel(ref);
  }
}
