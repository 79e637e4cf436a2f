import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Booking } from '../bookings/booking.js';
import { AppError } from '../errors.js';
import type { FlowEvent } from '../flows/events.js';
import type { PublicId } from '../flows/public-id.js';
import { stayWindow } from '../locks/stay-window.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import type { PropertyCatalog } from '../properties/properties.js';

export interface DepartureDeps {
  bookings: {
    get(ref: string): Promise<Booking | undefined>;
    /** Moves an active booking's check-out to `checkOut` when `isLater` says the current one is later (bookings/store.ts). */
    endStayAt(ref: string, checkOut: string, isLater: (current: Booking) => boolean): Promise<Booking | undefined>;
  };
  catalog: PropertyCatalog;
  /** PIN_LATE_MINUTES: the PIN job's code ends this long after the booking's check-out. */
  lateMinutes: number;
  /** Ends the booking's codes at `end` on every lock, in place (locks/pin-shortener.ts). */
  shorten(ref: string, end: number): Promise<unknown>;
  /** Moves the booking's end-of-stay jobs (codes off the locks, guest data deleted) to follow the new end. */
  reschedule(ref: string, end: number): Promise<void>;
  /** The chat that proved the booking. */
  owner(ref: string): Promise<string | null>;
  /** The engine's notify: a repeat with the same `deliveryId` is dropped. */
  notify(convKey: string, event: FlowEvent, deliveryId: string): Promise<void>;
  alerts: Pick<StaffAlerts, 'raise'>;
  publicId: PublicId;
  logger: Logger;
}

export interface DepartureJob {
  ref: string;
  /** When the code stops working (epoch ms, whole minutes), fixed when the guest or staff asked. */
  endsAt: number;
  /** The staff member who checked the guest out (/checkout); unset, the guest did. */
  by?: string;
  /** The chat that asked (it held the booking then); unset on jobs queued before it was carried. */
  convKey?: string;
}

/**
 * A departed guest's stay, cut short (a `departed` job of the cleanup queue, so lock outages are
 * waited out like any other removal): the booking's check-out moves to `endsAt` less
 * PIN_LATE_MINUTES, so the PIN job's window agrees with the shortened code (cleanup and the
 * guest-data deletion follow it), the codes on every lock end then (changed in place: same digits,
 * same code ids), and the chat holding the booking hears it (as `codeShortened`, once: a repeat is
 * dropped by its delivery id). Every step is safe to repeat, so a retried or restarted job does
 * each thing once. A failure for good reaches the chat as `codeShortenFailed`: the flow tells the
 * guest and alerts staff.
 */
export class Departures {
  constructor(private readonly deps: DepartureDeps) {}

  async run(job: DepartureJob): Promise<void> {
    const { ref, endsAt } = job;
    const log = this.deps.logger.child({ ref });
    const booking = await this.deps.bookings.get(ref);
    if (!booking || booking.status === 'cancelled') {
      // A cancelled booking's codes are the cancellation's to remove; the chat, waiting for an answer, hears why nothing changed.
      log.info('departure: the booking is gone or cancelled; nothing to shorten');
      const chat = job.convKey ?? (await this.deps.owner(ref));
      const reason = booking ? 'the booking was cancelled (its codes come off with the cancellation)' : 'the booking no longer exists';
      if (chat) await this.deps.notify(chat, { type: 'codeShortenFailed', ref, reason, ...(job.by ? { by: job.by } : {}) }, `departure-failed:${ref}:${job.endsAt}:${this.deps.publicId(chat)}`);
      return;
    }
    if (job.convKey !== undefined && (await this.deps.owner(ref)) !== job.convKey) {
      // Staff gave the booking to another chat (/reassign) since it was asked: that holder's code is not the asker's to end.
      log.warn('departure: the booking changed hands since it was asked for; the code is left as it is');
      await this.failed(job, 'the booking was given to another chat (/reassign) before the departure ran, so its door code was left as it is');
      return;
    }
    const place = this.deps.catalog.room(booking.propertyId, booking.roomId);
    if (!place) throw new AppError(`booking ${ref}: property ${booking.propertyId} has no room ${booking.roomId}`, false);
    const { timezone } = place.property;
    const booked = (b: Booking) => stayWindow(b, place.property, { earlyMinutes: 0, lateMinutes: 0 });
    if (booked(booking).start >= endsAt) throw new AppError(`booking ${ref}: the stay has not started, so its check-out cannot be brought forward`, false);
    // The PIN job's code ends PIN_LATE_MINUTES after check-out: the check-out moves that much before
    // the code's new end, so a later PIN job finds the code where it is and changes nothing.
    const checkOutAt = endsAt - this.deps.lateMinutes * 60_000;
    const checkOut = DateTime.fromMillis(checkOutAt, { zone: timezone }).toISO({ suppressMilliseconds: true });
    if (!checkOut) throw new AppError(`booking ${ref}: ${endsAt} is not a time in ${timezone}`, false);
    await this.deps.bookings.endStayAt(ref, checkOut, (current) => booked(current).end > checkOutAt);
    await this.deps.shorten(ref, endsAt);
    await this.deps.reschedule(ref, endsAt);
    const endsAtLabel = DateTime.fromMillis(endsAt, { zone: timezone }).toFormat('HH:mm');
    log.info({ endsAt: new Date(endsAt).toISOString() }, 'departure: the door code was shortened');
    const owner = await this.deps.owner(ref);
    if (!owner) {
      log.warn('departure: no chat holds the booking any more; nobody to tell');
      return;
    }
    const event: FlowEvent = { type: 'codeShortened', ref, endsAt, endsAtLabel, ...(job.by ? { by: job.by } : {}) };
    await this.deps.notify(owner, event, `departed:${ref}:${endsAt}:${this.deps.publicId(owner)}`);
  }

  /** The job will not be tried again: the guest hears staff were told, and staff get an alert naming the booking. */
  async failed(job: DepartureJob, reason: string): Promise<void> {
    const { ref, endsAt } = job;
    // The chat that asked is the one waiting for the answer, even if the booking changed hands since.
    const owner = job.convKey ?? (await this.deps.owner(ref));
    if (owner) {
      const event: FlowEvent = { type: 'codeShortenFailed', ref, reason, ...(job.by ? { by: job.by } : {}) };
      await this.deps.notify(owner, event, `departure-failed:${ref}:${endsAt}:${this.deps.publicId(owner)}`);
      return;
    }
    await this.deps.alerts.raise({
      kind: 'checkout_failed',
      ref,
      convKey: '',
      detail: `Booking ${ref}: the guest checked out, but the door code could not be shortened: ${reason}. Until it is, the code works as the booking says: change or remove it by hand if it must stop now.`,
      at: Date.now(),
    });
  }
}
