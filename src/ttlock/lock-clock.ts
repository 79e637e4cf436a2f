import { DateTime } from 'luxon';

/**
 * Whether a lock's clock and timezone agree with ours. The lock checks codes against its own
 * clock, in local wall-clock time derived through its `timezoneRawOffset` (facts sheet §9.3), so
 * a clock that drifted or an offset left behind by a DST change opens or refuses codes at the
 * wrong minutes. Pure: the caller reads the lock, this compares.
 */

/** Past this, the lock's clock is reported (TTLock documents no threshold; a guest arriving at the minute notices two). */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

export interface ClockProblem {
  what: 'clock' | 'timezone';
  /** One line naming the problem and how to fix it. */
  text: string;
}

/** The offset from UTC a zone has at that instant (DST included), in ms, as timezoneRawOffset counts it. */
export function zoneOffsetMs(zone: string, at: number): number {
  return DateTime.fromMillis(at, { zone }).offset * 60_000;
}

/** "UTC+01:00", "UTC-03:30". */
export function formatOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `UTC${ms < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** "1 h", "5 h 30 min", "5 min 3 s", "40 s" (seconds only under an hour). */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const parts = h > 0 ? [[h, 'h'], [m, 'min']] : [[m, 'min'], [sec, 's']];
  const shown = parts.filter(([n]) => n !== 0).map(([n, unit]) => `${n} ${unit}`);
  return shown.length ? shown.join(' ') : '0 s';
}

/** "5 min 3 s fast", "40 s slow", "on time". */
export function formatDrift(driftMs: number): string {
  if (Math.round(Math.abs(driftMs) / 1000) === 0) return 'on time';
  return `${formatDuration(driftMs)} ${driftMs > 0 ? 'fast' : 'slow'}`;
}

export interface ClockFacts {
  lockId: number;
  /** The property's IANA zone; unknown for a lock the properties file does not list. */
  zone: string | undefined;
  /** What the lock's clock read, and our time at that moment (the middle of the round trip); unset when it could not be read. */
  reading?: { lockTime: number; at: number };
  /** lock/detail's timezoneRawOffset, ms. */
  timezoneRawOffset: number | undefined;
  now: number;
}

/**
 * The clock and timezone problems of one lock. Any difference in the offset counts, not only a
 * whole hour: a lock set up for Asia/Kolkata (+05:30) in a +05:00 zone is just as wrong, and the
 * usual cause, a DST change the lock did not follow, is a whole hour anyway. (The offset is
 * compared with the zone's offset today, DST included, as TTLock's own DST recipe sets it.)
 */
export function clockProblems(f: ClockFacts): ClockProblem[] {
  const problems: ClockProblem[] = [];
  const sync = `npm run locks -- sync-time ${f.lockId}`;
  if (f.reading) {
    const drift = f.reading.lockTime - f.reading.at;
    if (Math.abs(drift) > CLOCK_TOLERANCE_MS) {
      problems.push({ what: 'clock', text: `clock is ${formatDrift(drift)} (more than ${CLOCK_TOLERANCE_MS / 60_000} min off): codes start and end at the wrong times; fix: ${sync}` });
    }
  }
  if (f.zone !== undefined && f.timezoneRawOffset !== undefined) {
    const expected = zoneOffsetMs(f.zone, f.now);
    if (f.timezoneRawOffset !== expected) {
      problems.push({
        what: 'timezone',
        text:
          `timezone offset is ${formatOffset(f.timezoneRawOffset)} but ${f.zone} is ${formatOffset(expected)} today ` +
          `(${formatDuration(f.timezoneRawOffset - expected)} apart); fix: set the lock's time zone to ${f.zone} ` +
          `in the TTLock app (its daylight saving setting too), then ${sync}, then check its codes' times with npm run locks -- list ${f.lockId}`,
      });
    }
  }
  return problems;
}
