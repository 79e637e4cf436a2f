import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Booking } from '../bookings/booking.js';
import type { PinStore } from '../locks/pin-store.js';
import { stayWindow } from '../locks/stay-window.js';
import type { PropertyCatalog } from '../properties/properties.js';
import { sweep } from './sweep.js';

/**
 * Codes made before the guest arrives (PIN_PROVISION_AHEAD_HOURS): a sweep every few minutes
 * starts the PIN job of each booking whose time has come and that has no PIN yet. The job is the
 * guest's own (`pin-<ref>`), so a guest who proves the booking first just finds it running or
 * done; the code is still given only to a chat that proved the booking.
 */
export const PROVISION_SWEEP = sweep('provision');

/**
 * When a booking's code is made: between `aheadMs` and `aheadMs / 2` before check-in, at a point
 * fixed by its ref. A building's arrivals of one afternoon are then spread over those hours
 * instead of all queueing on its front door at once, and a booking keeps its slot across sweeps.
 */
export function provisionDueAt(ref: string, checkIn: number, aheadMs: number): number {
  const fraction = createHash('sha256').update(ref).digest().readUInt32BE(0) / 2 ** 32;
  return checkIn - aheadMs + Math.floor((fraction * aheadMs) / 2);
}

export interface ProvisionSweepDeps {
  /** Bookings whose stay has not ended. */
  upcoming: (now: number) => Promise<Booking[]>;
  pins: Pick<PinStore, 'exists'>;
  catalog: PropertyCatalog;
  aheadMs: number;
  /** Starts the booking's PIN job (a no-op while one is waiting or running). */
  startPinJob: (ref: string) => Promise<void>;
  logger: Logger;
  now?: () => number;
}

/**
 * Starts the PIN job of each booking due for its code that has none: no PIN record at all. A
 * failed one is not tried again here (staff were told, and the guest's proof tries again); a
 * cancelled booking, or one whose room is not in properties.json, is skipped.
 */
export async function runProvisionSweep(deps: ProvisionSweepDeps): Promise<{ started: string[] }> {
  const now = (deps.now ?? Date.now)();
  const started: string[] = [];
  for (const booking of await deps.upcoming(now)) {
    if (booking.status === 'cancelled') continue;
    const place = deps.catalog.room(booking.propertyId, booking.roomId);
    if (!place) continue;
    const stay = stayWindow(booking, place.property, { earlyMinutes: 0, lateMinutes: 0 });
    if (stay.end <= now || provisionDueAt(booking.ref, stay.start, deps.aheadMs) > now) continue;
    if (await deps.pins.exists(booking.ref)) continue;
    await deps.startPinJob(booking.ref);
    started.push(booking.ref);
  }
  if (started.length) deps.logger.info({ refs: started }, 'codes made ahead of arrival: PIN jobs started');
  return { started };
}
