import type { BookingInput } from '../../src/bookings/booking.js';

/** A valid booking at harbour (demo catalog) on fixed dates, for tests that only store or validate it. */
export function sampleBooking(ref: string, extra: Partial<BookingInput> = {}): BookingInput {
  return { ref, guestName: 'Ada Lovelace', propertyId: 'harbour', roomId: 'r1', checkIn: '2026-12-01', checkOut: '2026-12-03', ...extra };
}
