import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Booking } from '../bookings/booking.js';
import { DeliveryError, errorMessage } from '../errors.js';
import { stayWindow } from '../locks/stay-window.js';
import type { AuditLog } from '../oversight/audit.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';
import { sweep } from './sweep.js';

/**
 * Proactive WhatsApp invitations (INVITE_HOURS_BEFORE_CHECKIN): a sweep every few minutes sends
 * each booking due one its invitation template, once. Only to a booking with a full phone
 * number whose guest has not started a check-in yet and never wrote STOP.
 */
export const INVITE_SWEEP = sweep('invite');
/** An invitation after this much of the stay has passed is no longer worth sending. */
const LATEST_AFTER_CHECK_IN_MS = 12 * 3600_000;

export interface InviteSweepDeps {
  upcoming: (now: number) => Promise<Booking[]>;
  catalog: PropertyCatalog;
  beforeCheckInMs: number;
  /** The chat that proved the booking, if any: then the guest found the bot already. */
  owner: (ref: string) => Promise<string | null>;
  send: (phone: string, ref: string) => Promise<void>;
  optedOut: (phone: string) => Promise<boolean>;
  redis: Redis;
  keys: RedisKeys;
  alerts: Pick<StaffAlerts, 'raise'>;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
  now?: () => number;
}

/** A phone number WhatsApp can be sent to: a full international number, not the last digits a feed gives. */
function sendableNumber(phone: string | undefined): string | undefined {
  const parsed = phone ? parsePhoneNumberFromString(phone) : undefined;
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * Sends the invitations that are due. Each booking is claimed in Redis before its send (until a
 * day after check-out), so two sweeps never send one twice; a send that may work later (Twilio
 * busy or down) gives the claim back for the next sweep, one refused for good keeps it and tells
 * staff. Returns the refs invited.
 */
export async function runInviteSweep(deps: InviteSweepDeps): Promise<{ invited: string[] }> {
  const now = (deps.now ?? Date.now)();
  const invited: string[] = [];
  for (const booking of await deps.upcoming(now)) {
    if (booking.status === 'cancelled') continue;
    const place = deps.catalog.room(booking.propertyId, booking.roomId);
    const phone = sendableNumber(booking.guestPhone);
    if (!place || !phone) continue;
    const stay = stayWindow(booking, place.property, { earlyMinutes: 0, lateMinutes: 0 });
    if (now < stay.start - deps.beforeCheckInMs || now > stay.start + LATEST_AFTER_CHECK_IN_MS) continue;
    if ((await deps.redis.exists(deps.keys.invited(booking.ref))) === 1) continue;
    if ((await deps.owner(booking.ref)) !== null || (await deps.optedOut(phone))) continue;
    const ttlSeconds = Math.max(60, Math.ceil((stay.end + 24 * 3600_000 - now) / 1000));
    if ((await deps.redis.set(deps.keys.invited(booking.ref), String(now), 'EX', ttlSeconds, 'NX')) !== 'OK') continue;
    try {
      await deps.send(phone, booking.ref);
      invited.push(booking.ref);
      await deps.audit.record(booking.ref, { action: 'invited', detail: 'WhatsApp invitation sent', by: 'bot', at: now });
    } catch (err) {
      if (err instanceof DeliveryError && err.retryable) {
        await deps.redis.del(deps.keys.invited(booking.ref));
        deps.logger.warn({ ref: booking.ref, err: errorMessage(err) }, 'invitation not sent for now; the next sweep tries again');
        continue;
      }
      await deps.alerts.raise({
        kind: 'invite_failed',
        ref: booking.ref,
        convKey: '',
        detail: `Booking ${booking.ref}: the WhatsApp invitation was refused: ${errorMessage(err)}.`,
        at: now,
      });
    }
  }
  if (invited.length) deps.logger.info({ refs: invited }, 'WhatsApp invitations sent');
  return { invited };
}
