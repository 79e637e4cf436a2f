import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Booking } from '../bookings/booking.js';
import type { StoreBookingService } from '../bookings/service.js';
import type { BookingStore } from '../bookings/store.js';
import { errorMessage } from '../errors.js';
import { stayWindow } from '../locks/stay-window.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';
import { RedisMutex, type HeldMutex } from '../redis/mutex.js';
import { distrustReason, owns, planSync, type SyncPlan } from './plan.js';
import { emptyReport, type SourceReport, type SyncReport } from './report.js';
import { SourceHaltedError, type BookingSource, type SourceReservation, type SourceSnapshot } from './source.js';
import { backoffMs, SourceStateStore, type SourceState } from './state.js';

export interface SyncSettings {
  /** Staff hear of a source failing this long (once per run of failures). */
  alertAfterMs: number;
  /** Syncs in a row a glitch-like answer must repeat before it is believed. */
  believeAfter: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { alertAfterMs: 3600_000, believeAfter: 3 };

export interface BookingSyncDeps {
  sources: readonly BookingSource[];
  /** Writes go through the service, so codes move and come off as for any other change. */
  service: Pick<StoreBookingService, 'upsertFromSource' | 'cancelFromSource'>;
  store: Pick<BookingStore, 'get' | 'upcoming'>;
  catalog: PropertyCatalog;
  redis: Redis;
  keys: RedisKeys;
  /** A staff alert about a source (not about a guest). */
  alert: (detail: string) => Promise<void>;
  logger: Logger;
  settings?: SyncSettings;
  now?: () => number;
  random?: () => number;
}

export interface RunOptions {
  /** Read and compare only: no booking, state or alert is written. */
  dryRun?: boolean;
  /** Read sources that are backing off too (a person asked). */
  force?: boolean;
  /** How long to wait for a sync running elsewhere to finish; 0: give up at once. */
  waitMs?: number;
}

/** A notice (unmapped room) is repeated at most this often while the source keeps listing it. */
const NOTICE_TTL_SECONDS = 30 * 24 * 3600;

/** Holds the sync for a whole run; a crashed holder's turn passes within this. */
const MUTEX_TTL_MS = 30_000;

/**
 * One sync of every booking source: read each, compare with the bookings it owns, and create,
 * change and cancel through the booking service. One run at a time across processes (a Redis
 * mutex; the BullMQ scheduler has a fixed id too). A source that fails keeps its bookings as
 * they are; an answer that looks like a glitch is believed only once it repeats.
 */
export class BookingSync {
  private readonly state: SourceStateStore;
  private readonly mutex: RedisMutex;
  private readonly settings: SyncSettings;
  private readonly now: () => number;

  constructor(private readonly deps: BookingSyncDeps) {
    this.state = new SourceStateStore(deps.redis, deps.keys);
    this.mutex = new RedisMutex(deps.redis, MUTEX_TTL_MS);
    this.settings = deps.settings ?? DEFAULT_SYNC_SETTINGS;
    this.now = deps.now ?? Date.now;
  }

  get sourceCount(): number {
    return this.deps.sources.length;
  }

  async run(opts: RunOptions = {}): Promise<SyncReport> {
    if (opts.dryRun) {
      const sources: SourceReport[] = [];
      for (const source of this.deps.sources) sources.push(await this.syncSource(source, opts, undefined));
      return { busy: false, dryRun: true, sources };
    }
    const held = await this.acquire(opts.waitMs ?? 0);
    if (!held) return { busy: true, dryRun: false, sources: [] };
    try {
      const sources: SourceReport[] = [];
      for (const source of this.deps.sources) {
        if (held.lost()) break; // another process may be syncing now: stop before writing more
        sources.push(await this.syncSource(source, opts, held));
      }
      return { busy: false, dryRun: false, sources };
    } finally {
      await held.release().catch(() => {});
    }
  }

  private async acquire(waitMs: number): Promise<HeldMutex | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const held = await this.mutex.tryAcquire(this.deps.keys.sourceSyncMutex());
      if (held || Date.now() >= deadline) return held;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private async syncSource(source: BookingSource, opts: RunOptions, held: HeldMutex | undefined): Promise<SourceReport> {
    const report = emptyReport(source.label);
    const now = this.now();
    const state = await this.state.get(source.id);
    const write = held !== undefined;
    if (!opts.force && state.nextTryAt !== undefined && state.nextTryAt > now) {
      report.outcome = 'waiting';
      report.error = state.lastError;
      if (write) await this.maybeAlertFailing(source, state, now);
      return report;
    }

    // Read once, by whichever needs it first: the source (Beds24 asks for its own bookings by id) or the plan.
    let ownedRead: Promise<Booking[]> | undefined;
    const owned = () => (ownedRead ??= this.deps.store.upcoming(now).then((bs) => bs.filter((b) => b.source === source.id && b.status === 'active')));
    let snapshot: SourceSnapshot;
    try {
      snapshot = await source.read({ owned });
    } catch (err) {
      report.outcome = 'failed';
      report.error = errorMessage(err);
      if (write) await this.recordFailure(source, state, report.error, now, err instanceof SourceHaltedError);
      return report;
    }

    const plan = await this.plan(source, snapshot, now, await owned());
    fillReport(report, snapshot, plan);
    const ownedUpcoming = plan.ownedUpcoming;
    const reason = distrustReason(plan, ownedUpcoming, snapshot.incremental !== undefined);
    const notices = [...(snapshot.notices ?? []), ...(await this.noLongerStays(source, snapshot))];
    report.notices = notices.map((n) => n.detail);
    const next: SourceState = { failures: 0, lastReadAt: now };
    if (state.failingAlerted && write) await this.deps.alert(`Booking feed ${source.label} can be read again.`);

    if (reason) {
      const count = (state.distrust?.count ?? 0) + 1;
      report.distrust = { reason, count, of: this.settings.believeAfter };
      if (count < this.settings.believeAfter) {
        report.outcome = 'distrusted';
        if (write) {
          await this.state.put(source.id, { ...next, distrust: { count, since: state.distrust?.since ?? now } });
          if (count === 1) await this.deps.alert(distrustAlert(source.label, reason, plan, this.settings.believeAfter));
          this.deps.logger.warn({ source: source.label, reason, count, of: this.settings.believeAfter }, 'booking source not believed yet: nothing cancelled');
        }
        return report;
      }
      if (write) await this.deps.alert(`Booking feed ${source.label} said the same ${count} syncs in a row, so it is believed now: cancelling ${refs(plan.cancel)}.`);
    } else if (state.distrust && write) {
      await this.deps.alert(`Booking feed ${source.label} lists its stays again: nothing was cancelled.`);
    }

    if (!write) {
      report.outcome = 'dry-run';
      return report;
    }
    report.outcome = 'synced';
    for (const notice of notices) await this.noticeOnce(source, notice);
    if (await this.apply(source, plan, report, held)) {
      // The rest is left to whoever holds the sync now, state included (an incremental source's cursor stays).
      report.outcome = 'stopped';
      return report;
    }
    // Only now: a process dying before this reads the same changes again, which rewrites nothing.
    await snapshot.incremental?.commit();
    await this.state.put(source.id, next);
    this.deps.logger.info(
      {
        source: source.label,
        created: report.created.map((c) => c.ref),
        changed: report.changed.map((c) => c.ref),
        cancelled: report.cancelled.map((c) => c.ref),
        unchanged: report.unchanged,
        foreign: report.foreign,
        unreadable: report.unreadable,
      },
      'booking source synced',
    );
    return report;
  }

  private async plan(source: BookingSource, snapshot: SourceSnapshot, now: number, owned: Booking[]): Promise<SyncPlan & { ownedUpcoming: number }> {
    const current = new Map<string, Booking>();
    await Promise.all(
      snapshot.reservations.map(async (r) => {
        const booking = await this.deps.store.get(r.ref);
        if (booking) current.set(r.ref, booking);
      }),
    );
    const stayEnd = (stay: Parameters<typeof stayWindow>[0] & { propertyId: string; roomId: string }) => {
      const place = this.deps.catalog.room(stay.propertyId, stay.roomId);
      return place ? stayWindow(stay, place.property, { earlyMinutes: 0, lateMinutes: 0 }).end : undefined;
    };
    const plan = planSync({ sourceId: source.id, snapshot, current, owned, stayEnd, mayAdopt: this.mayAdopt, now });
    const ownedUpcoming = owned.filter((b) => (stayEnd(b) ?? 0) > now).length;
    return { ...plan, ownedUpcoming };
  }

  /** A booking of a feed no longer configured (its URL was reset or moved) is taken over by the feed that lists it now. */
  private readonly mayAdopt = (owner: string): boolean => owner.startsWith('ical:') && !this.deps.sources.some((s) => s.id === owner);

  /** True if it stopped early because the mutex may have passed to another process. */
  private async apply(source: BookingSource, plan: SyncPlan, report: SourceReport, held: HeldMutex): Promise<boolean> {
    const mayWrite = (current: Booking | undefined) => current === undefined || owns(source.id, current, this.mayAdopt);
    report.created = [];
    report.changed = [];
    report.cancelled = [];
    const writes: Array<{ reservation: SourceReservation; change?: SyncPlan['change'][number] }> = [
      ...plan.change.map((change) => ({ reservation: change.reservation, change })),
      ...plan.create.map((reservation) => ({ reservation })),
    ];
    for (const { reservation, change } of writes) {
      if (held.lost()) return true;
      const { guestNameUnknown, aliases, ...input } = reservation;
      const origin = { source: source.id, ...(guestNameUnknown ? { guestNameUnknown: true as const } : {}), ...(aliases && aliases.length > 0 ? { aliases } : {}) };
      const result = await this.deps.service.upsertFromSource(input, origin, mayWrite);
      if ('refused' in result) report.foreign.push(reservation.ref);
      else if (result.created) report.created.push(stayOf(reservation));
      else report.changed.push({ ...stayOf(reservation), what: change?.what ?? ['dates'], was: change ? stayOf(change.previous) : undefined });
    }
    for (const booking of plan.cancel) {
      if (held.lost()) return true;
      const result = await this.deps.service.cancelFromSource(booking.ref, (current) => current.source === source.id && current.status === 'active');
      if ('booking' in result && result.booking) report.cancelled.push(stayOf(booking));
    }
    return false;
  }

  /**
   * Bookings of this source it now lists as no stay (turned into a block or back into a request):
   * kept, since nothing said the guest is not coming, but staff hear of each once.
   */
  private async noLongerStays(source: BookingSource, snapshot: SourceSnapshot): Promise<Array<{ key: string; detail: string }>> {
    const notices: Array<{ key: string; detail: string }> = [];
    for (const { ref, status } of snapshot.incremental?.notStays ?? []) {
      const booking = await this.deps.store.get(ref);
      if (booking?.source !== source.id || booking.status !== 'active') continue;
      notices.push({
        key: `not-stay:${ref}:${status}`,
        detail:
          `${source.label} now lists booking ${ref} (${booking.propertyId}/${booking.roomId} ${booking.checkIn} → ${booking.checkOut}) as "${status}", not as a stay. ` +
          'The booking here is kept and its door code stays valid; cancel it (DELETE /admin/bookings) if the guest is not coming.',
      });
    }
    return notices;
  }

  /** A notice staff hear once per key (a booking for an unmapped room), whichever process or sync meets it. */
  private async noticeOnce(source: BookingSource, notice: { key: string; detail: string }): Promise<void> {
    const key = this.deps.keys.sourceNotice(source.id, notice.key);
    if (await this.deps.redis.exists(key)) return;
    // Alerted before marked: a crash in between repeats the alert rather than lose it.
    await this.deps.alert(notice.detail);
    await this.deps.redis.set(key, '1', 'EX', NOTICE_TTL_SECONDS);
  }

  private async recordFailure(source: BookingSource, state: SourceState, error: string, now: number, halted = false): Promise<void> {
    const failures = state.failures + 1;
    let next: SourceState = {
      ...state,
      failures,
      failingSince: state.failingSince ?? now,
      nextTryAt: now + backoffMs(failures, this.deps.random),
      lastError: error,
    };
    this.deps.logger.warn({ source: source.label, failures, err: error }, 'booking source could not be read: its bookings stay as they are');
    if (halted && state.haltedAlerted !== error) {
      // Waiting cannot help here: staff hear at once, and once (the alert says what to do).
      await this.deps.alert(`Booking source ${source.label} stopped: ${error}. Its bookings stay as they were; nothing from it is read until this is fixed.`);
      next = { ...next, haltedAlerted: error, failingAlerted: true };
    }
    await this.maybeAlertFailing(source, next, now);
  }

  /** Once per run of failures, when it has lasted `alertAfterMs`; saves the state either way. */
  private async maybeAlertFailing(source: BookingSource, state: SourceState, now: number): Promise<void> {
    const since = state.failingSince;
    if (since !== undefined && !state.failingAlerted && now - since >= this.settings.alertAfterMs) {
      const minutes = Math.round((now - since) / 60_000);
      await this.deps.alert(
        `Booking feed ${source.label} has not been readable for ${minutes} min (${state.failures} tries; last: ${state.lastError ?? 'unknown'}). ` +
          'Its bookings stay as they were; new bookings, changes and cancellations on that platform are not seen until it is. ' +
          (source.failureHint ?? 'Check the export link in properties.json (a reset link on the platform makes a new one).'),
      );
      state = { ...state, failingAlerted: true };
    }
    await this.state.put(source.id, state);
  }
}

function stayOf(b: Pick<Booking, 'ref' | 'propertyId' | 'roomId' | 'checkIn' | 'checkOut'>) {
  return { ref: b.ref, propertyId: b.propertyId, roomId: b.roomId, checkIn: b.checkIn, checkOut: b.checkOut };
}

function fillReport(report: SourceReport, snapshot: SourceSnapshot, plan: SyncPlan): void {
  report.created = plan.create.map(stayOf);
  report.changed = plan.change.map((c) => ({ ...stayOf(c.reservation), what: c.what, was: stayOf(c.previous) }));
  report.cancelled = plan.cancel.map(stayOf);
  report.unchanged = plan.unchanged;
  report.kept = plan.kept.map(stayOf);
  report.foreign = [...plan.foreign];
  report.unreadable = [...snapshot.unreadable];
  report.ended = plan.ended;
  report.ignored = snapshot.ignored;
}

function refs(bookings: readonly Booking[]): string {
  return bookings.map((b) => b.ref).join(', ');
}

function distrustAlert(label: string, reason: string, plan: SyncPlan, believeAfter: number): string {
  return (
    `Booking feed ${label} looks wrong: ${reason} (${refs(plan.cancel)}). Nothing is cancelled unless it says the same ` +
    `${believeAfter} syncs in a row. If those stays really were cancelled, nothing to do; if not, check the listing on the platform.`
  );
}
