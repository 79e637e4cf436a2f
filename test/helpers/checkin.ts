import { DateTime } from 'luxon';
import type { BookingInput } from '../../src/bookings/booking.js';
import type { SentMessage, TestRuntime } from './runtime.js';

/** The demo guest's answers (name matches the bookings below). */
export const GUEST = { name: 'Alex Morgan', phone: '+44 7400 123456', email: 'alex@example.com' } as const;

/** The demo property's contact number, as guest messages quote it. */
export const CONTACT_PHONE = '+442079460958';

/** A booking at harbour (demo catalog) from today to in two days (London dates), so its PIN is valid now. */
export function bookingToday(ref: string, extra: Partial<BookingInput> = {}): BookingInput {
  const today = DateTime.now().setZone('Europe/London').startOf('day');
  return {
    ref,
    guestName: 'Alex Morgan',
    propertyId: 'harbour',
    roomId: 'r1',
    checkIn: today.toISODate()!,
    checkOut: today.plus({ days: 2 }).toISODate()!,
    ...extra,
  };
}

export const STEPS_TO = {
  /** After these answers the details are accepted and the PIN job is queued. */
  email: (ref: string) => [ref, GUEST.name, GUEST.phone, GUEST.email],
  /** The whole check-in up to and including the confirmation. */
  confirm: (ref: string) => [ref, GUEST.name, GUEST.phone, GUEST.email, 'no car', 'yes'],
};

/** Types each answer in turn, waiting for the bot's replies; returns the replies to the last one. */
export async function answer(t: TestRuntime, chatId: string, lines: readonly string[]): Promise<SentMessage[]> {
  let replies: SentMessage[] = [];
  for (const line of lines) replies = await t.say(chatId, line);
  return replies;
}
