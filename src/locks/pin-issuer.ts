import type { Logger } from 'pino';
import type { Booking } from '../bookings/booking.js';
import { AppError, errorMessage } from '../errors.js';
import type { PropertyCatalog } from '../properties/properties.js';
import { generatePin } from './pin-code.js';
import type { PinRecord, PinStore } from './pin-store.js';
import type { LockProvider } from './provider.js';
import { stayWindow, type StayWindow, type WindowBuffers } from './stay-window.js';

export interface PinIssuerDeps {
  provider: LockProvider;
  pins: PinStore;
  bookings: { get(ref: string): Promise<Booking | undefined> };
  catalog: PropertyCatalog;
  pinLength: number;
  buffers: WindowBuffers;
  logger: Logger;
  now?: () => number;
}

/**
 * Puts one PIN on a booking's front-door lock and room lock, both or neither. Every step is
 * safe to repeat: the digits are fixed in the PIN record before any lock is touched, and each
 * lock's code is found again by name (the booking ref) if an earlier try added it.
 * A booking whose dates or room changed after its PIN was issued gets it moved: the record is
 * flagged `renewing` (so the guest is told again, whether the move works or fails), the old codes
 * come off every lock the booking ever used, then the same digits (if still free on the new
 * locks) go on for the new window.
 */
export class PinIssuer {
  private readonly now: () => number;
  constructor(private readonly deps: PinIssuerDeps) {
    this.now = deps.now ?? Date.now;
  }

  async issue(ref: string): Promise<PinRecord> {
    const { booking, locks, window } = await this.plan(ref);
    let existing = await this.deps.pins.get(ref);
    // A failed record is simply replaced, unless a lock the booking no longer uses may still hold its code.
    const move = existing && (existing.status === 'failed' ? !onlyOn(existing, locks) : !fits(existing, locks, window));
    if (existing && move) existing = await this.renew(booking, existing, locks, window);
    if (existing?.status === 'ready') return existing;
    const fresh = existing?.status === 'pending' ? existing : { code: await this.freshCode(booking, locks), ...window };
    const record = await this.deps.pins.begin(ref, fresh, locks);
    for (const lockId of locks) {
      if (record.locks[String(lockId)] !== undefined) continue;
      const codeId = await this.addExact(lockId, ref, record);
      await this.deps.pins.setLockCode(ref, lockId, codeId);
    }
    await this.deps.pins.markReady(ref);
    return (await this.deps.pins.get(ref))!;
  }

  /** Removes whatever an unfinished issue left on the locks and records the failure. */
  async abandon(ref: string, reason: string): Promise<void> {
    const problems = await this.removeCodes(ref);
    await this.deps.pins.markFailed(ref, problems.length ? `${reason}; cleanup failed: ${problems.join('; ')}` : reason);
  }

  /** Takes a booking's codes off every lock and forgets its PIN (cancellation, end of stay). */
  async revoke(ref: string): Promise<void> {
    const problems = await this.removeCodes(ref);
    if (problems.length) throw new AppError(`could not remove every code of ${ref}: ${problems.join('; ')}`, true);
    await this.deps.pins.delete(ref);
  }

  /** A cancelled booking gets no PIN, and its codes are the cancellation cleanup's to remove. */
  async isCancelled(ref: string): Promise<boolean> {
    return (await this.deps.bookings.get(ref))?.status === 'cancelled';
  }

  /** When the booking's codes stop working, or undefined if it has none to issue (gone, cancelled, unknown room). */
  async windowOf(ref: string): Promise<StayWindow | undefined> {
    const booking = await this.deps.bookings.get(ref);
    if (!booking || booking.status === 'cancelled') return undefined;
    const place = this.deps.catalog.room(booking.propertyId, booking.roomId);
    return place ? stayWindow(booking, place.property, this.deps.buffers) : undefined;
  }

  private async renew(booking: Booking, old: PinRecord, locks: number[], window: StayWindow): Promise<PinRecord> {
    const ref = booking.ref;
    this.deps.logger.info(
      { ref, from: { start: old.start, end: old.end, locks: Object.keys(old.locks).map(Number) }, to: { ...window, locks } },
      'booking changed: moving its PIN',
    );
    // Before any lock is touched: whatever fails from here on is announced as a renewal.
    await this.deps.pins.markRenewing(ref);
    const problems = await this.removeCodes(ref);
    if (problems.length) throw new AppError(`booking ${ref} changed but its old codes could not all be removed: ${problems.join('; ')}`, true);
    // Same digits if the new locks allow it: a guest who noted the code keeps a working one.
    const taken = await this.takenCodes(booking, locks);
    const code = old.code && !taken.has(old.code) ? old.code : await this.freshCode(booking, locks);
    return this.deps.pins.restart(ref, { code, ...window }, locks);
  }

  private async plan(ref: string) {
    const booking = await this.deps.bookings.get(ref);
    if (!booking) throw new AppError(`booking ${ref} does not exist`, false);
    if (booking.status === 'cancelled') throw new AppError(`booking ${ref} is cancelled`, false);
    const place = this.deps.catalog.room(booking.propertyId, booking.roomId);
    if (!place) throw new AppError(`booking ${ref}: property ${booking.propertyId} has no room ${booking.roomId}`, false);
    const window = stayWindow(booking, place.property, this.deps.buffers);
    if (window.end <= this.now()) throw new AppError(`booking ${ref}: the stay has already ended`, false);
    const locks = [...new Set([place.property.frontDoorLockId, place.room.lockId])];
    return { booking, locks, window };
  }

  /** Digits nobody else has on any of the booking's locks (the front door is shared), and not guessable from the guest's details. */
  private async freshCode(booking: Booking, locks: readonly number[]): Promise<string> {
    const taken = await this.takenCodes(booking, locks);
    return generatePin({ length: this.deps.pinLength, taken, avoid: [booking.ref, booking.guestPhone ?? ''] });
  }

  /** Codes other bookings (and staff) hold on these locks: a lock refuses a second code with the same digits. */
  private async takenCodes(booking: Booking, locks: readonly number[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const lockId of locks) {
      for (const c of await this.deps.provider.listCodes(lockId)) if (c.name !== booking.ref) taken.add(c.code);
    }
    return taken;
  }

  /** Adds the record's code; a leftover code of the same name with other digits is replaced. */
  private async addExact(lockId: number, ref: string, record: PinRecord): Promise<number> {
    const request = { lockId, code: record.code, name: ref, start: record.start, end: record.end };
    const added = await this.deps.provider.addCode(request);
    if (added.code === record.code) return added.codeId;
    this.deps.logger.warn({ ref, lockId }, 'lock held an older code for this booking; replacing it');
    await this.deps.provider.removeCode(lockId, added.codeId);
    const again = await this.deps.provider.addCode(request);
    if (again.code !== record.code) throw new AppError(`lock ${lockId} kept a different code for ${ref}`, true);
    return again.codeId;
  }

  private async removeCodes(ref: string): Promise<string[]> {
    const booking = await this.deps.bookings.get(ref);
    const place = booking && this.deps.catalog.room(booking.propertyId, booking.roomId);
    const record = await this.deps.pins.get(ref);
    const lockIds = new Set<number>([...Object.keys(record?.locks ?? {}).map(Number), ...(record?.used ?? [])]);
    if (place) [place.property.frontDoorLockId, place.room.lockId].forEach((id) => lockIds.add(id));
    const problems: string[] = [];
    for (const lockId of lockIds) {
      try {
        // By name too: an add whose answer was lost is not in the record but is on the lock.
        const codes = (await this.deps.provider.listCodes(lockId)).filter((c) => c.name === ref);
        for (const c of codes) await this.deps.provider.removeCode(lockId, c.codeId);
        await this.deps.pins.clearLockCode(ref, lockId);
      } catch (err) {
        problems.push(`lock ${lockId}: ${errorMessage(err)}`);
      }
    }
    return problems;
  }
}

/** The record was issued for this window and only for locks the booking still uses. */
function fits(record: PinRecord, locks: readonly number[], window: StayWindow): boolean {
  return record.start === window.start && record.end === window.end && onlyOn(record, locks);
}

/** No lock outside `locks` may hold the record's code (including old locks whose removal failed). */
function onlyOn(record: PinRecord, locks: readonly number[]): boolean {
  return [...Object.keys(record.locks).map(Number), ...record.used].every((id) => locks.includes(id));
}
