import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Booking } from '../bookings/booking.js';
import type { FlowEvent } from '../flows/events.js';
import { stayWindow } from '../locks/stay-window.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';
import type { StayingChat } from './arrivals.js';

/**
 * The check-out morning reminder (DEPARTURE_MESSAGES, CHECKOUT_REMINDER_TIME): a sweep every few
 * minutes tells each booking's conversation, once, on the morning of check-out, when the guest
 * must leave. Only bookings whose door code went to a chat.
 */

/**
 * When the reminder is due: `time` (HH:MM) in the property's zone on the local day of check-out,
 * so DST is the zone's business (a time the clocks skip becomes the first one after). Undefined
 * when that is not before check-out: a reminder after the guest had to leave helps nobody.
 */
export function checkoutReminderAt(stayEnd: number, zone: string, time: string): number | undefined {
  const [hour, minute] = time.split(':').map(Number);
  const local = DateTime.fromMillis(stayEnd, { zone });
  const at = DateTime.fromObject({ year: local.year, month: local.month, day: local.day, hour: hour!, minute: minute! }, { zone }).toMillis();
  return at < stayEnd ? at : undefined;
}

export interface CheckoutReminderDeps {
  upcoming: (now: number) => Promise<Booking[]>;
  catalog: PropertyCatalog;
  stayingChat: (ref: string) => Promise<StayingChat | undefined>;
  notify: (convKey: string, event: FlowEvent, deliveryId: string) => Promise<void>;
  redis: Redis;
  keys: RedisKeys;
  /** CHECKOUT_REMINDER_TIME, HH:MM. */
  reminderTime: string;
  logger: Logger;
  now?: () => number;
}

/**
 * Tells each booking due its reminder. Once per booking: told under one delivery id (a repeat by
 * another sweep is dropped by the engine), then marked until a day after check-out.
 */
export async function runCheckoutReminderSweep(deps: CheckoutReminderDeps): Promise<{ reminded: string[] }> {
  const now = (deps.now ?? Date.now)();
  const reminded: string[] = [];
  for (const booking of await deps.upcoming(now)) {
    if (booking.status === 'cancelled') continue;
    const place = deps.catalog.room(booking.propertyId, booking.roomId);
    if (!place) continue;
    const zone = place.property.timezone;
    const stay = stayWindow(booking, place.property, { earlyMinutes: 0, lateMinutes: 0 });
    const at = checkoutReminderAt(stay.end, zone, deps.reminderTime);
    if (at === undefined || now < at || now >= stay.end) continue;
    if ((await deps.redis.exists(deps.keys.checkoutReminded(booking.ref))) === 1) continue;
    const chat = await deps.stayingChat(booking.ref);
    if (!chat) continue;
    const checkOutTime = DateTime.fromMillis(stay.end, { zone }).toFormat('HH:mm');
    await deps.notify(chat.convKey, { type: 'checkoutReminder', ref: booking.ref, checkOutTime }, `checkout-reminder:${booking.ref}`);
    await deps.redis.set(deps.keys.checkoutReminded(booking.ref), String(now), 'PX', Math.max(60_000, stay.end + 24 * 3600_000 - now));
    reminded.push(booking.ref);
  }
  if (reminded.length) deps.logger.info({ refs: reminded }, 'check-out reminders sent');
  return { reminded };
}
