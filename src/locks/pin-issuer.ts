import type { Logger } from 'pino';
import type { Booking } from '../bookings/booking.js';
import { AppError, CodeRejectedError, errorMessage, isNotNow, LockError, LockFullError } from '../errors.js';
import type { PropertyCatalog } from '../properties/properties.js';
import { generatePin } from './pin-code.js';
import { isTarget, leftovers, type HeldCode, type PinRecord, type PinStore, type PinTarget } from './pin-store.js';
import { isForeign, type AddCodeRequest, type AddedCode, type CodeWindow, type LockProvider } from './provider.js';
import { formatStayBoundary, stayWindow, type StayWindow, type WindowBuffers } from './stay-window.js';

/** What a check found on one lock (see `checkCodes`). */
export interface CodeFinding {
  lockId: number;
  role: 'front' | 'room';
  found: 'present' | 'readded' | 'failed';
  reason?: string;
}

export interface PinIssuerDeps {
  provider: LockProvider;
  pins: PinStore;
  bookings: { get(ref: string): Promise<Booking | undefined> };
  catalog: PropertyCatalog;
  pinLength: number;
  buffers: WindowBuffers;
  logger: Logger;
  /**
   * Books another try at taking off codes a finished PIN no longer needs (an old room's, old
   * digits) that could not be removed right away; it alerts staff if they never come off.
   */
  scheduleLeftovers?: (ref: string) => Promise<void>;
  now?: () => number;
}

/** New digits a booking may get in one run because locks refused the ones before (-3007, -2032). */
const MAX_DIGIT_CHOICES = 5;
/** Expired codes of ours taken off a full lock at a time (each is a gateway operation). */
const ROOM_MADE_PER_ADD = 5;

/**
 * Puts one PIN on a booking's front-door lock and room lock, both or neither. Every step is
 * safe to repeat: the digits are fixed in the PIN record before any lock is touched, every code
 * is recorded before its add is sent (so an add whose answer was lost is never forgotten), and a
 * lock's code is found again by name and digits if an earlier try added it.
 *
 * A booking whose dates or room changed after its PIN was issued keeps a working code at every
 * moment: on locks it keeps, the code's window is changed in place (same digits, the old window
 * working until the lock has the new one); a new room's lock gets the code first, and codes the
 * new PIN does not need (the old room's, old digits) come off only once it is on every lock. If a
 * step fails, what the guest had stays, the record says what is left, and the guest hears about
 * the new stay only once it is true (the record is flagged `renewing` until they are told).
 */
export class PinIssuer {
  private readonly now: () => number;
  constructor(private readonly deps: PinIssuerDeps) {
    this.now = deps.now ?? Date.now;
  }

  async issue(ref: string): Promise<PinRecord> {
    const { booking, locks, window } = await this.plan(ref);
    const existing = await this.deps.pins.get(ref);
    if (existing?.status === 'ready' && sameWindow(existing, window) && sameSet(existing.targets, locks) && onEvery(existing, locks)) {
      // Nothing the guest was told changes; codes left from an earlier move may still have to come off.
      if (leftovers(existing).length) await this.takeOffLeftovers(ref);
      return (await this.deps.pins.get(ref))!;
    }
    const renewing = existing !== undefined && (existing.renewing || existing.given !== undefined);
    if (renewing) {
      this.deps.logger.info(
        { ref, from: { start: existing.start, end: existing.end, locks: existing.targets }, to: { ...window, locks } },
        'booking changed: moving its PIN',
      );
    }
    const target = { code: await this.chooseDigits(booking, existing, locks, window), ...window, locks };
    await this.deps.pins.setTarget(ref, target, { renewing });
    await this.placeEverywhere(booking, target, renewing);
    // Only now that the PIN works on every lock: whatever the guest had before may go.
    await this.takeOffLeftovers(ref);
    await this.deps.pins.markReady(ref);
    return (await this.deps.pins.get(ref))!;
  }

  /**
   * A guest says the code does not work: is it on every lock of the booking? Where a lock does not
   * list it, it is put back (same digits, same window, found again by name if the lock had it
   * after all), so each lock still holds one code of the booking. A lock that cannot be read or
   * fixed is reported, not thrown: the guest is at the door and staff must hear what was found.
   * Undefined when the PIN is not a ready one for the booking as it stands (not made yet, moved,
   * cancelled): that is the PIN job's work, not a check's.
   */
  async checkCodes(ref: string): Promise<CodeFinding[] | undefined> {
    const { booking, locks, window } = await this.plan(ref);
    const record = await this.deps.pins.get(ref);
    if (record?.status !== 'ready' || !record.code || record.revoked || !sameWindow(record, window) || !sameSet(record.targets, locks)) return undefined;
    const place = this.deps.catalog.room(booking.propertyId, booking.roomId);
    const target: PinTarget = { code: record.code, start: record.start, end: record.end, locks: record.targets };
    const findings: CodeFinding[] = [];
    for (const lockId of record.targets) {
      const role = lockId === place?.property.frontDoorLockId ? 'front' : 'room';
      try {
        const listed = await this.deps.provider.listCodes(lockId);
        const there = listed.find((c) => c.name === ref && c.code === record.code);
        if (there && there.start === record.start && there.end === record.end) {
          findings.push({ lockId, role, found: 'present' });
          continue;
        }
        if (there) {
          // On the lock with another window (changed by hand?): put right in place.
          await this.changeOn(ref, { lockId, code: record.code, start: there.start, end: there.end, codeId: there.codeId }, target);
        } else {
          this.deps.logger.warn({ ref, lockId }, 'a guest says the code does not work and the lock does not list it: adding it again');
          // What the record says was there is not: forgotten, so the add below records the new one.
          await this.deps.pins.forget(ref, lockId, record.code);
          await this.addOn(ref, lockId, target);
        }
        findings.push({ lockId, role, found: 'readded' });
      } catch (err) {
        findings.push({ lockId, role, found: 'failed', reason: errorMessage(err) });
      }
    }
    return findings;
  }

  /**
   * After a run that can no longer succeed: takes off the codes nobody was given and records the
   * failure. Codes with the digits the guest was given stay (a move that failed: they are what
   * lets the guest in). Returns the reason as staff should read it, with what is left to do.
   */
  async abandon(ref: string, reason: string): Promise<string> {
    const given = (await this.deps.pins.get(ref))?.given;
    const { problems } = await this.removeCodes(ref, (h) => given !== undefined && h.code === given);
    const after = await this.deps.pins.get(ref);
    const parts = [reason];
    if (problems.length) parts.push(`cleanup failed: ${problems.join('; ')}`);
    if (after && given !== undefined && after.held.some((h) => h.code === given)) parts.push(this.stillToDo(after));
    const told = parts.join('. ');
    await this.deps.pins.markFailed(ref, told);
    return told;
  }

  /** Takes a booking's codes off every lock and forgets its PIN (cancellation, end of stay, reassignment). */
  async revoke(ref: string): Promise<void> {
    const { problems, outage } = await this.removeCodes(ref, () => false);
    if (problems.length) throw new AppError(`could not remove every code of ${ref}: ${problems.join('; ')}`, true, { notNow: outage });
    await this.deps.pins.delete(ref);
  }

  /**
   * Takes off the codes a ready PIN no longer needs (left by a move whose clean-up failed). Throws
   * a retryable error while some stay. A PIN not ready is left to its PIN job, which does this itself.
   */
  async removeLeftovers(ref: string): Promise<void> {
    const record = await this.deps.pins.get(ref);
    if (record?.status !== 'ready') return;
    // The booking may change again meanwhile (a PIN job can start once this has): a code the new
    // target needs must not go, so each lock waits for the record to still be the one read here.
    const unchanged = async () => (await this.deps.pins.get(ref))?.updatedAt === record.updatedAt;
    const { problems, outage } = await this.removeCodes(ref, (h) => isTarget(record, h), unchanged);
    if (problems.length) throw new AppError(`booking ${ref}: codes it no longer needs are still on ${problems.join('; ')}`, true, { notNow: outage });
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

  /**
   * The digits the guest already has (a move), or those an interrupted run fixed, while no other
   * code on the booking's locks has them; otherwise new ones. A failed first issue starts afresh.
   */
  private async chooseDigits(booking: Booking, existing: PinRecord | undefined, locks: readonly number[], window: CodeWindow): Promise<string> {
    const keep = existing?.status === 'pending' && existing.code ? existing.code : existing?.given;
    if (keep) {
      const taken = await this.takenCodes(booking, locks);
      if (!taken.has(keep)) return keep;
      this.deps.logger.info({ ref: booking.ref, window }, "another code on the booking's locks has its digits: new digits");
    }
    return this.freshCode(booking, locks, existing);
  }

  /** The target on every lock; digits a lock refuses are replaced on all of them, so both locks keep one PIN. */
  private async placeEverywhere(booking: Booking, first: PinTarget, renewing: boolean): Promise<void> {
    const refused = new Set<string>();
    let target = first;
    for (let choice = 1; ; choice++) {
      try {
        return await this.placeOnce(booking.ref, target);
      } catch (err) {
        if (!(err instanceof CodeRejectedError)) throw err;
        refused.add(target.code);
        if (choice >= MAX_DIGIT_CHOICES) {
          throw new LockError(`lock ${err.lockId} refused ${choice} different PINs in a row (last: ${err.message})`, false, err.lockId, { cause: err });
        }
        this.deps.logger.warn({ ref: booking.ref, lockId: err.lockId, why: err.why }, 'a lock refused the digits: new digits on every lock of the booking');
        const record = await this.deps.pins.get(booking.ref);
        target = { ...target, code: await this.freshCode(booking, target.locks, record, refused) };
        await this.deps.pins.setTarget(booking.ref, target, { renewing });
      }
    }
  }

  /**
   * Adds where the lock does not have the PIN yet (a new room's lock first: the old room keeps
   * its code meanwhile), then moves the window of codes already there, in place.
   */
  private async placeOnce(ref: string, target: PinTarget): Promise<void> {
    const record = (await this.deps.pins.get(ref))!;
    const adds: number[] = [];
    const changes: HeldCode[] = [];
    for (const lockId of target.locks) {
      const held = record.held.find((h) => h.lockId === lockId && h.code === target.code);
      if (held?.codeId === undefined) adds.push(lockId);
      else if (held.start !== target.start || held.end !== target.end) changes.push(held);
    }
    for (const lockId of adds) await this.addOn(ref, lockId, target);
    for (const held of changes) await this.changeOn(ref, held, target);
  }

  /** The target's code on one lock: found again if an earlier try put it there, else added. */
  private async addOn(ref: string, lockId: number, target: PinTarget, adopted = false): Promise<void> {
    const listed = await this.deps.provider.listCodes(lockId);
    // By name, then by digits: ours from an earlier try is kept (its window corrected in place),
    // anyone else's means these digits cannot go on this lock.
    const mine = listed.find((c) => c.name === ref && c.code === target.code);
    if (mine && !adopted) {
      this.deps.logger.info({ ref, lockId, codeId: mine.codeId }, 'the code is already on the lock (an earlier try); keeping it');
      const held = { lockId, code: target.code, start: mine.start, end: mine.end, codeId: mine.codeId };
      await this.deps.pins.hold(ref, held);
      if (mine.start !== target.start || mine.end !== target.end) await this.changeOn(ref, held, target, true);
      return;
    }
    if (listed.some((c) => c.code === target.code && c.name !== ref)) {
      throw new CodeRejectedError(`lock ${lockId}: another code there has these digits`, lockId, 'taken');
    }
    const before = (await this.deps.pins.get(ref))?.held.find((h) => h.lockId === lockId && h.code === target.code);
    // Recorded before it is sent: if the answer is lost, the code may be on the lock, listed or not.
    await this.deps.pins.hold(ref, { lockId, code: target.code, start: target.start, end: target.end });
    try {
      const added = await this.addMakingRoom({ lockId, code: target.code, name: ref, start: target.start, end: target.end });
      const held = { lockId, code: target.code, start: added.start, end: added.end, codeId: added.codeId };
      await this.deps.pins.hold(ref, held);
      if (added.start !== target.start || added.end !== target.end) await this.changeOn(ref, held, target, true);
    } catch (err) {
      // Refused outright, and no earlier try left doubt: nothing of ours is there.
      const doubt = before !== undefined || (err instanceof LockError ? err.mayHaveApplied : true);
      if (!doubt) await this.deps.pins.forget(ref, lockId, target.code);
      throw err;
    }
  }

  /**
   * A full lock (250 codes) gets room by losing expired codes of ours, oldest first: nothing else
   * frees a slot (TTLock keeps listing codes past their end). Others' codes are staff's to remove.
   */
  private async addMakingRoom(req: AddCodeRequest): Promise<AddedCode> {
    try {
      return await this.deps.provider.addCode(req);
    } catch (err) {
      if (!(err instanceof LockFullError)) throw err;
      const now = this.now();
      const expired = (await this.deps.provider.listCodes(req.lockId))
        .filter((c) => !isForeign(c) && c.name !== req.name && c.end < now)
        .sort((a, b) => a.end - b.end)
        .slice(0, ROOM_MADE_PER_ADD);
      if (!expired.length) {
        const why = `${errorMessage(err)}. None of its codes is an expired guest code the bot could remove to make room: the others are staff's or current guests'`;
        throw new LockFullError(why, req.lockId, { cause: err, mayHaveApplied: err.mayHaveApplied });
      }
      for (const c of expired) {
        await this.deps.provider.removeCode(req.lockId, c.codeId);
        // Its booking's record (a check-out cleanup that never ran) must not look for it again.
        await this.deps.pins.forget(c.name, req.lockId, c.code);
      }
      this.deps.logger.info({ ref: req.name, lockId: req.lockId, removed: expired.map((c) => c.name) }, 'the lock was full: expired guest codes removed');
      return this.deps.provider.addCode(req);
    }
  }

  /** Same digits, new window, in place: until the lock has the new window, the old one works. */
  private async changeOn(ref: string, held: HeldCode, target: PinTarget, adopted = false): Promise<void> {
    const { lockId } = held;
    const result = await this.deps.provider.changeWindow({ lockId, codeId: held.codeId!, start: target.start, end: target.end });
    if (result === 'missing') {
      // Gone from the lock (removed by hand?): it is added again.
      this.deps.logger.warn({ ref, lockId, codeId: held.codeId }, 'the code to change is no longer on the lock; adding it again');
      await this.deps.pins.forget(ref, lockId, held.code);
      return this.addOn(ref, lockId, target, adopted);
    }
    await this.deps.pins.hold(ref, { ...held, start: target.start, end: target.end });
  }

  /** Codes the finished PIN does not need come off; one that will not is tried again later (and reaches staff if it never does). */
  private async takeOffLeftovers(ref: string): Promise<void> {
    const record = (await this.deps.pins.get(ref))!;
    const { problems } = await this.removeCodes(ref, (h) => isTarget(record, h));
    if (!problems.length) return;
    this.deps.logger.warn({ ref, problems }, 'codes the PIN no longer needs could not all be removed; trying again later');
    await this.deps.scheduleLeftovers?.(ref);
  }

  /**
   * Removes the booking's codes except those `keep` names: by id where the lock lists them, by
   * digits where it does not (an add whose answer was lost may be on the lock unlisted). Every lock
   * the booking used or uses is looked at, and codes of the booking's name found there go too.
   * Returns one line per lock that could not be cleaned, and whether every one of them failed
   * for an outage (worth waiting out). Stops early once `stillWanted` says no.
   */
  private async removeCodes(
    ref: string,
    keep: (h: Pick<HeldCode, 'lockId' | 'code'>) => boolean,
    stillWanted: () => Promise<boolean> = async () => true,
  ): Promise<{ problems: string[]; outage: boolean }> {
    const booking = await this.deps.bookings.get(ref);
    const place = booking && this.deps.catalog.room(booking.propertyId, booking.roomId);
    const record = await this.deps.pins.get(ref);
    const lockIds = new Set<number>([...(record?.held ?? []).map((h) => h.lockId), ...(record?.targets ?? [])]);
    if (place) [place.property.frontDoorLockId, place.room.lockId].forEach((id) => lockIds.add(id));
    const problems: string[] = [];
    let outage = true;
    for (const lockId of lockIds) {
      if (!(await stillWanted())) break;
      try {
        const held = (record?.held ?? []).filter((h) => h.lockId === lockId);
        const ids = new Set(held.map((h) => h.codeId));
        const listed = await this.deps.provider.listCodes(lockId);
        const ours = listed.filter((c) => c.name === ref || ids.has(c.codeId));
        for (const c of ours) {
          if (keep({ lockId, code: c.code })) continue;
          await this.deps.provider.removeCode(lockId, c.codeId);
          await this.deps.pins.forget(ref, lockId, c.code);
        }
        for (const h of held) {
          if (keep(h) || ours.some((c) => c.code === h.code)) continue;
          // Another code listed with these digits means ours is not there (a lock holds each PIN once).
          if (!listed.some((c) => c.code === h.code)) {
            this.deps.logger.info({ ref, lockId }, 'a code of the booking the lock does not list: removing it by its digits');
            await this.deps.provider.removeCodeByDigits(lockId, h.code);
          }
          await this.deps.pins.forget(ref, lockId, h.code);
        }
      } catch (err) {
        problems.push(`lock ${lockId}: ${errorMessage(err)}`);
        outage &&= isNotNow(err);
      }
    }
    return { problems, outage: problems.length > 0 && outage };
  }

  /** For staff, without the digits: where the guest's code still works, and what the move still needs. */
  private stillToDo(record: PinRecord): string {
    const zone = this.zoneOf(record);
    const when = (w: CodeWindow) => `${formatStayBoundary(w.start, zone)} to ${formatStayBoundary(w.end, zone)}`;
    const given = record.held.filter((h) => h.code === record.given);
    const sameDigits = record.code === record.given;
    const adds: string[] = [];
    const changes: string[] = [];
    for (const lockId of record.targets) {
      const there = given.find((h) => h.lockId === lockId);
      if (!sameDigits) adds.push(`put the new PIN on ${this.lockName(lockId)}`);
      else if (there?.codeId === undefined) adds.push(`add the code to ${this.lockName(lockId)}`);
      else if (there.start !== record.start || there.end !== record.end) changes.push(`change its dates on ${this.lockName(lockId)}`);
    }
    const removals = given.filter((h) => !sameDigits || !record.targets.includes(h.lockId)).map((h) => this.lockName(h.lockId));
    const steps = [...adds, ...changes];
    if (removals.length) steps.push(`${steps.length ? 'then ' : ''}remove it from ${removals.join(' and ')}`);
    const works = `The guest's code still works on ${given.map((h) => `${this.lockName(h.lockId)}, ${when(h)}`).join('; ')}`;
    if (!steps.length) return works;
    const forWindow = adds.length || changes.length ? `, for ${when(record)}` : '';
    return `${works}. Still to do${forWindow}: ${steps.join('; ')} (or run the PIN job again)`;
  }

  private lockName(lockId: number): string {
    for (const p of this.deps.catalog.list()) {
      if (p.frontDoorLockId === lockId) return `the front door (lock ${lockId})`;
      const room = p.rooms.find((r) => r.lockId === lockId);
      if (room) return `${room.name} (lock ${lockId})`;
    }
    return `lock ${lockId}`;
  }

  private zoneOf(record: PinRecord): string {
    const lockId = record.targets[0] ?? record.held[0]?.lockId;
    const property = this.deps.catalog.list().find((p) => p.frontDoorLockId === lockId || p.rooms.some((r) => r.lockId === lockId));
    return property?.timezone ?? 'UTC';
  }

  /**
   * Digits nobody else has on any of the booking's locks (the front door is shared), none the
   * booking already has on a lock (a lost add may hold them unlisted), none refused this run,
   * and not guessable from the guest's details.
   */
  private async freshCode(booking: Booking, locks: readonly number[], record?: PinRecord, refused: ReadonlySet<string> = new Set()): Promise<string> {
    const taken = await this.takenCodes(booking, locks);
    for (const h of record?.held ?? []) taken.add(h.code);
    for (const code of refused) taken.add(code);
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
}

function sameWindow(record: PinRecord, window: CodeWindow): boolean {
  return record.start === window.start && record.end === window.end;
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Every lock holds the record's digits for the record's window. */
function onEvery(record: PinRecord, locks: readonly number[]): boolean {
  return locks.every((lockId) => record.locks[String(lockId)] !== undefined);
}
