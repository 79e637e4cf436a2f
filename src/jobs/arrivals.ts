import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Booking } from '../bookings/booking.js';
import { errorMessage } from '../errors.js';
import type { FlowEvent } from '../flows/events.js';
import type { LockProvider, LockRecord, LockRecords } from '../locks/provider.js';
import { stayWindow, type StayWindow } from '../locks/stay-window.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import { resolveGuestInfo } from '../properties/guest-info.js';
import type { Property, PropertyCatalog, Room } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';

/**
 * The guest's arrival, read from the locks' records every LOCK_RECORD_POLL_MINUTES: the first
 * opening with a booking's code tells its conversation (`guestArrived`: a staff line, and the
 * welcome with ARRIVAL_MESSAGES), once; a run of refused codes at a front door while guests are
 * arriving raises one staff alert. Records are a cloud read (TTLock lockRecord/list), never a
 * gateway operation, so polling costs the gateways nothing.
 */

/**
 * Records reach the cloud late (a gateway uploads within minutes, or hours after an outage) and
 * lock clocks drift: each read overlaps the last by this much. A record read twice is harmless
 * (an arrival is told once, refusals are kept by record id).
 */
export const RECORD_OVERLAP_MS = 2 * 3600_000;
/** Lock clocks may run ahead of ours. */
const CLOCK_SLACK_MS = 5 * 60_000;
/** A code can work this long before check-in (PIN_EARLY_MINUTES is at most a day). */
const WATCH_BEFORE_CHECK_IN_MS = 24 * 3600_000;
/** A guest is "arriving" (wrong codes at the front door matter) from this long before check-in ... */
const ARRIVING_BEFORE_MS = 2 * 3600_000;
/** ... to this long after, unless they opened a door since. */
const ARRIVING_AFTER_MS = 12 * 3600_000;
/** This many refused codes within RUN_MS at one front door is a run worth an alert. */
export const WRONG_CODE_RUN = 3;
export const RUN_MS = 10 * 60_000;
/** One alert per front door per hour at most; refusals are kept as long. */
const ALERT_EVERY_S = 3600;
/** A lock nobody has polled for a week starts afresh. */
const CURSOR_TTL_S = 7 * 24 * 3600;
/**
 * A lock whose records cannot be read for this long gets one staff alert. Shorter outages pass by
 * themselves (a TTLock blip, a retry) and cost nothing: the cursor stays, so the next read finds
 * the arrivals missed. An hour is long enough to be a real problem (an account, a lock taken off
 * it) and short enough that staff can still greet guests arriving that afternoon themselves.
 */
export const READ_FAILING_ALERT_MS = 3600_000;
/**
 * Each failing read keeps the outage for two polls and this long more; a lock nobody read since
 * (its guests left, the workers were away) starts afresh rather than alert at its next failure.
 */
const READ_FAILING_KEEP_MS = 15 * 60_000;

export interface StayingChat {
  convKey: string;
  /** The digits the guest holds (a move in progress can leave two). */
  codes: string[];
  /**
   * When their code started to work on the locks (the PIN's window). An earlier opening with the
   * same digits was someone else's code: a lock holds each digits once, but may have held them before.
   */
  from?: number;
}

export interface ArrivalSweepDeps {
  /** Bookings whose stay has not ended. */
  upcoming: (now: number) => Promise<Booking[]>;
  catalog: PropertyCatalog;
  /** The chat that proved the booking and was sent its door code, with the digits; undefined otherwise. */
  stayingChat: (ref: string) => Promise<StayingChat | undefined>;
  records: LockProvider['readRecords'];
  /** Feeds the event to the conversation; `deliveryId` makes a repeat a no-op. */
  notify: (convKey: string, event: FlowEvent, deliveryId: string) => Promise<void>;
  alerts: Pick<StaffAlerts, 'raise'>;
  redis: Redis;
  keys: RedisKeys;
  /** ARRIVAL_MESSAGES: welcome the guest (staff hear of the arrival either way). */
  welcome: boolean;
  /** How often the sweep runs: a lock read for the first time looks back this far. */
  everyMs: number;
  logger: Logger;
  now?: () => number;
}

interface Watched {
  booking: Booking;
  property: Property;
  room: Room;
  stay: StayWindow;
  chat: StayingChat;
}

interface Arriving {
  ref: string;
  property: Property;
  room: Room;
}

/** "the front door" / "the door of Room 1": as the staff line names the lock. */
function lockLabel(w: Pick<Watched, 'property' | 'room'>, lockId: number): string {
  return lockId === w.property.frontDoorLockId ? 'the front door' : `the door of ${w.room.name}`;
}

const localTime = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('HH:mm');

/**
 * One pass. Safe to run twice at once and to repeat: a booking's arrival is told under one
 * delivery id (the engine drops a repeat) and then marked in Redis (later passes skip it), and a
 * lock's cursor only moves once its records were handled. Returns the refs told of an arrival.
 */
export async function runArrivalSweep(deps: ArrivalSweepDeps): Promise<{ arrived: string[]; alerted: number[] }> {
  const now = (deps.now ?? Date.now)();
  const { redis, keys } = deps;
  const watched: Watched[] = [];
  const arriving = new Map<number, Arriving[]>();
  for (const booking of await deps.upcoming(now)) {
    if (booking.status === 'cancelled') continue;
    const place = deps.catalog.room(booking.propertyId, booking.roomId);
    if (!place) continue;
    const stay = stayWindow(booking, place.property, { earlyMinutes: 0, lateMinutes: 0 });
    if (now >= stay.end || now < stay.start - WATCH_BEFORE_CHECK_IN_MS) continue;
    if ((await redis.exists(keys.arrived(booking.ref))) === 1) continue;
    if (now >= stay.start - ARRIVING_BEFORE_MS && now <= stay.start + ARRIVING_AFTER_MS) {
      const door = place.property.frontDoorLockId;
      arriving.set(door, [...(arriving.get(door) ?? []), { ref: booking.ref, ...place }]);
    }
    const chat = await deps.stayingChat(booking.ref);
    if (chat) watched.push({ booking, ...place, stay, chat });
  }
  const lockIds = new Set([...watched.flatMap((w) => [w.property.frontDoorLockId, w.room.lockId]), ...arriving.keys()]);
  const arrived: string[] = [];
  const alerted: number[] = [];
  for (const lockId of lockIds) {
    try {
      const since = Number((await redis.get(keys.lockRecordCursor(lockId))) ?? now - deps.everyMs) - RECORD_OVERLAP_MS;
      let records: LockRecords;
      try {
        records = await deps.records(lockId, since, now + CLOCK_SLACK_MS);
      } catch (err) {
        await readFailing(deps, lockId, err, now, { watched, arriving: arriving.get(lockId) ?? [] });
        throw err;
      }
      await redis.del(keys.lockReadFailing(lockId));
      for (const record of records) {
        if (record.kind !== 'opened' || !record.code) continue;
        const w = watched.find(
          (x) =>
            (x.property.frontDoorLockId === lockId || x.room.lockId === lockId) &&
            x.chat.codes.includes(record.code!) &&
            record.at >= (x.chat.from ?? x.stay.start - WATCH_BEFORE_CHECK_IN_MS) &&
            record.at < x.stay.end,
        );
        if (w && (await arrive(deps, w, lockId, record, now))) arrived.push(w.booking.ref);
      }
      const guests = arriving.get(lockId);
      if (guests && (await wrongCodes(deps, lockId, records, guests, now))) alerted.push(lockId);
      if (records.truncated) {
        // Some of the window was not read: the next pass reads it again from the same point.
        deps.logger.warn({ lockId, read: records.length }, 'more lock records than one read takes: the cursor stays, the next sweep reads the window again');
        continue;
      }
      await redis.set(keys.lockRecordCursor(lockId), String(now), 'EX', CURSOR_TTL_S);
    } catch (err) {
      // The others are still read; this lock's cursor stays, so the next pass reads what was missed.
      deps.logger.warn({ lockId, err: errorMessage(err) }, 'lock records could not be read; the next sweep tries again');
    }
  }
  if (arrived.length) deps.logger.info({ refs: arrived }, 'guests arrived (first opening with their code)');
  return { arrived, alerted };
}

/** Tells the conversation once; false when an earlier record, pass or process already did. */
async function arrive(deps: ArrivalSweepDeps, w: Watched, lockId: number, record: LockRecord, now: number): Promise<boolean> {
  const { redis, keys } = deps;
  const ref = w.booking.ref;
  if ((await redis.exists(keys.arrived(ref))) === 1) return false;
  // Wi-Fi does not depend on the language; the flow words the rest in the guest's.
  const wifi = resolveGuestInfo(w.property, w.room, 'en').wifi;
  const event: FlowEvent = {
    type: 'guestArrived',
    ref,
    lock: lockLabel(w, lockId),
    time: localTime(record.at, w.property.timezone),
    welcome: deps.welcome,
    ...(wifi ? { wifi } : {}),
  };
  // Told before it is marked: a crash in between repeats the notify, which the delivery id drops.
  await deps.notify(w.chat.convKey, event, `arrived:${ref}`);
  const keepMs = Math.max(60_000, w.stay.end + 24 * 3600_000 - now);
  await redis.set(keys.arrived(ref), String(record.at), 'PX', keepMs);
  return true;
}

/**
 * Keeps the front door's refused codes (by record id, so a record read twice counts once) and
 * raises one alert per hour when WRONG_CODE_RUN of them fall within RUN_MS, naming the guests
 * arriving. Returns whether it raised one.
 */
async function wrongCodes(deps: ArrivalSweepDeps, lockId: number, records: LockRecord[], guests: Arriving[], now: number): Promise<boolean> {
  const { redis, keys } = deps;
  const key = keys.lockRefusals(lockId);
  const refused = records.filter((r) => r.kind === 'refused');
  if (refused.length > 0) {
    await redis.zadd(key, ...refused.flatMap((r) => [r.at, r.id]));
    await redis.expire(key, ALERT_EVERY_S);
  }
  await redis.zremrangebyscore(key, '-inf', now - ALERT_EVERY_S * 1000);
  const times = (await redis.zrange(key, 0, -1, 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
  const run = longestRun(times, RUN_MS);
  if (run.count < WRONG_CODE_RUN) return false;
  const once = keys.staffAlertOnce(`wrong-codes:${lockId}`);
  if ((await redis.set(once, String(now), 'EX', ALERT_EVERY_S, 'NX')) !== 'OK') return false;
  const property = guests[0]!.property;
  const names = [...new Set(guests.map((g) => g.property.name))].join(' / ');
  const who = guests.map((g) => `${g.ref} (${g.room.name})`).join(', ');
  try {
    await deps.alerts.raise({
      kind: 'wrong_codes',
      ref: undefined,
      convKey: '',
      detail: `Front door of ${names} (lock ${lockId}): ${run.count} wrong codes within ${RUN_MS / 60_000} minutes, the last at ${localTime(run.last, property.timezone)}. Guests arriving: ${who}.`,
      at: now,
    });
  } catch (err) {
    await redis.del(once).catch(() => {});
    throw err;
  }
  return true;
}

/**
 * Remembers since when the lock's records cannot be read and, once that is READ_FAILING_ALERT_MS
 * ago, raises one `lock_attention` alert for this outage: the once key is named by the outage's
 * start, so concurrent sweeps agree on it and an outage after a read that worked is a new one.
 * Never throws: the caller logs the read's own error.
 */
async function readFailing(deps: ArrivalSweepDeps, lockId: number, err: unknown, now: number, on: { watched: Watched[]; arriving: Arriving[] }): Promise<void> {
  const { redis, keys } = deps;
  const keepMs = 2 * deps.everyMs + READ_FAILING_KEEP_MS;
  const key = keys.lockReadFailing(lockId);
  let once: string | undefined;
  try {
    await redis.set(key, String(now), 'PX', keepMs, 'NX');
    const since = Number(await redis.get(key));
    // Gone in between: a read that worked in another sweep ended the outage.
    if (!since) return;
    await redis.pexpire(key, keepMs);
    if (now - since < READ_FAILING_ALERT_MS) return;
    const onceKey = keys.staffAlertOnce(`lock-read:${lockId}:${since}`);
    if ((await redis.set(onceKey, String(now), 'PX', keepMs, 'NX')) !== 'OK') {
      // Alerted already: lives as long as the outage does, so a long one is not alerted twice.
      await redis.pexpire(onceKey, keepMs);
      return;
    }
    once = onceKey;
    await deps.alerts.raise({ kind: 'lock_attention', ref: undefined, convKey: '', detail: readFailingDetail(deps, lockId, err, since, now, on), at: now });
  } catch (alertErr) {
    if (once) await redis.del(once).catch(() => {});
    deps.logger.error({ lockId, err: errorMessage(alertErr) }, 'could not alert staff that a lock\'s records cannot be read; the next sweep tries again');
  }
}

function readFailingDetail(deps: ArrivalSweepDeps, lockId: number, err: unknown, since: number, now: number, on: { watched: Watched[]; arriving: Arriving[] }): string {
  const doors: string[] = [];
  const places = new Set<string>();
  let zone = 'UTC';
  for (const p of deps.catalog.list()) {
    if (p.frontDoorLockId === lockId) doors.push(`the front door of ${p.name}`);
    for (const r of p.rooms) if (r.lockId === lockId) doors.push(`the door of ${r.name} at ${p.name}`);
    if (p.frontDoorLockId === lockId || p.rooms.some((r) => r.lockId === lockId)) {
      zone = p.timezone;
      places.add(p.name);
    }
  }
  const guests = new Map<string, string>();
  for (const w of on.watched) if (w.property.frontDoorLockId === lockId || w.room.lockId === lockId) guests.set(w.booking.ref, `${w.booking.ref} in ${w.room.name}`);
  for (const g of on.arriving) guests.set(g.ref, `${g.ref} in ${g.room.name}`);
  // Wrong codes are watched at front doors only.
  const what = deps.catalog.list().some((p) => p.frontDoorLockId === lockId) ? 'arrivals and wrong-code alerts' : 'arrivals';
  const who = `the guests of ${[...places].join(' / ') || `lock ${lockId}`}${guests.size ? ` (${[...guests.values()].join(', ')})` : ''}`;
  const waiting = deps.welcome ? 'welcome messages and "guest arrived" lines wait' : '"guest arrived" lines wait';
  // The provider's message names the call and TTLock's error, never a token; cut short all the same.
  const last = errorMessage(err).slice(0, 300);
  const sinceText = DateTime.fromMillis(since, { zone }).toFormat(now - since < 20 * 3600_000 ? 'HH:mm' : 'd LLL HH:mm');
  return [
    `Lock ${lockId} (${doors.join(' / ') || 'not in the properties file'}): its records could not be read for ${duration(now - since)} (since ${sinceText}).`,
    `Last error: ${last}`,
    `Affected: ${what} for ${who}: ${waiting} until it can be read again.`,
  ].join('\n');
}

/** "1 h 05 min", "45 min". */
function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/** The most entries of `times` (sorted) within any `spanMs`, and the last of them. */
export function longestRun(times: readonly number[], spanMs: number): { count: number; last: number } {
  let best = { count: 0, last: 0 };
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while (times[to]! - times[from]! > spanMs) from++;
    if (to - from + 1 >= best.count) best = { count: to - from + 1, last: times[to]! };
  }
  return best;
}
