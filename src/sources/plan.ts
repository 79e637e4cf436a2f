import type { Booking } from '../bookings/booking.js';
import type { SourceReservation, SourceSnapshot } from './source.js';

type Stay = Pick<Booking, 'propertyId' | 'roomId' | 'checkIn' | 'checkOut'>;

export interface PlanInputs {
  sourceId: string;
  snapshot: SourceSnapshot;
  /** The stored booking under each ref the snapshot names. */
  current: ReadonlyMap<string, Booking>;
  /** Active bookings of this source (any whose stay has ended are left out here). */
  owned: readonly Booking[];
  /** When a stay ends (the property's check-out time); undefined for a room no longer in properties.json. */
  stayEnd: (stay: Stay) => number | undefined;
  /** Whether the source may take over a booking written by `source` (a feed no longer configured). */
  mayAdopt: (source: string) => boolean;
  now: number;
}

export type ChangeKind = 'dates' | 'room' | 'guest' | 'reference' | 'revived' | 'adopted';

export interface SyncPlan {
  create: SourceReservation[];
  change: Array<{ reservation: SourceReservation; previous: Booking; what: ChangeKind[] }>;
  /** Bookings of this source it no longer lists (an incremental one: says are cancelled), whose stay has not ended. */
  cancel: Booking[];
  unchanged: number;
  /** Those unchanged stays, for the CLI to list (a Vrbo stay's ref is only known here). */
  kept: SourceReservation[];
  /** Refs the source lists that a person or another source wrote: left alone. */
  foreign: string[];
  /** Stays of the source that are over: neither written nor, when gone, cancelled. */
  ended: number;
  /** Stays the source lists that have not ended (unreadable ones included): what "the feed is empty" means. */
  upcoming: number;
}

/** The booking is this source's to write. */
export function owns(sourceId: string, booking: Booking, mayAdopt: (source: string) => boolean): boolean {
  return booking.source === sourceId || (booking.source !== undefined && mayAdopt(booking.source));
}

/** What the source says, against the bookings: nothing is written here. */
export function planSync(i: PlanInputs): SyncPlan {
  const plan: SyncPlan = { create: [], change: [], cancel: [], unchanged: 0, kept: [], foreign: [], ended: 0, upcoming: i.snapshot.unreadable.length };
  const listed = new Set([...i.snapshot.reservations.map((r) => r.ref), ...i.snapshot.unreadable]);
  for (const reservation of i.snapshot.reservations) {
    const end = i.stayEnd(reservation);
    // Past stays are history: rewriting them would only bring back guest data deleted after the stay.
    if (end === undefined || end <= i.now) {
      plan.ended++;
      continue;
    }
    plan.upcoming++;
    const previous = i.current.get(reservation.ref);
    if (!previous) {
      plan.create.push(reservation);
      continue;
    }
    if (!owns(i.sourceId, previous, i.mayAdopt)) {
      plan.foreign.push(reservation.ref);
      continue;
    }
    const what = differences(i.sourceId, previous, reservation);
    if (what.length > 0) plan.change.push({ reservation, previous, what });
    else {
      plan.unchanged++;
      plan.kept.push(reservation);
    }
  }
  // An incremental answer lists only what changed: what it leaves out is not gone.
  const incremental = i.snapshot.incremental;
  const cancelled = new Set(incremental?.cancelled ?? []);
  for (const booking of i.owned) {
    if (booking.source !== i.sourceId || booking.status !== 'active' || listed.has(booking.ref)) continue;
    if (incremental && !cancelled.has(booking.ref)) continue;
    const end = i.stayEnd(booking);
    // Gone after check-out is not a cancellation (feeds drop past stays); a room we no longer know, we cannot judge.
    if (end === undefined || end <= i.now) continue;
    plan.cancel.push(booking);
  }
  return plan;
}

function differences(sourceId: string, b: Booking, r: SourceReservation): ChangeKind[] {
  const what: ChangeKind[] = [];
  if (b.checkIn !== r.checkIn || b.checkOut !== r.checkOut) what.push('dates');
  if (b.propertyId !== r.propertyId || b.roomId !== r.roomId) what.push('room');
  if (b.guestName !== r.guestName || (b.guestNameUnknown ?? false) !== r.guestNameUnknown || b.guestPhone !== r.guestPhone || b.guestEmail !== r.guestEmail) {
    what.push('guest');
  }
  if ((b.aliases ?? []).join(' ') !== (r.aliases ?? []).join(' ')) what.push('reference');
  if (b.status !== 'active') what.push('revived');
  if (b.source !== sourceId) what.push('adopted');
  return what;
}

/**
 * Why this answer looks like a glitch rather than news, if it does: it lists no upcoming stay
 * while bookings of it are upcoming, or drops more than half of them (and at least 2) at once.
 * Feeds fail this way (a platform outage answering an empty calendar, a cache, a wrong account)
 * and believing them would take the codes of a building's guests away.
 */
export function distrustReason(plan: SyncPlan, ownedUpcoming: number, incremental = false): string | undefined {
  // An incremental source cancels only by saying so, booking by booking: no outage looks like that.
  if (incremental) return undefined;
  const gone = plan.cancel.length;
  if (gone === 0) return undefined;
  if (plan.upcoming === 0) return `it lists no upcoming stay, yet ${ownedUpcoming} booking${ownedUpcoming === 1 ? '' : 's'} from it ${ownedUpcoming === 1 ? 'is' : 'are'} upcoming`;
  if (gone >= 2 && gone * 2 > ownedUpcoming) return `it dropped ${gone} of its ${ownedUpcoming} upcoming bookings at once`;
  return undefined;
}
