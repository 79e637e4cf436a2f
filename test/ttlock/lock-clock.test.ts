import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { clockProblems, formatDrift, formatOffset, zoneOffsetMs } from '../../src/ttlock/lock-clock.js';

const JULY = DateTime.fromISO('2026-07-15T12:00:00Z').toMillis();
const JANUARY = DateTime.fromISO('2026-01-15T12:00:00Z').toMillis();
const HOUR = 3_600_000;

describe('lock clock and timezone', () => {
  it("compares the offset with the property's offset on the day, DST included", () => {
    expect(zoneOffsetMs('Europe/London', JULY)).toBe(HOUR);
    expect(zoneOffsetMs('Europe/London', JANUARY)).toBe(0);
    const facts = { lockId: 2001, zone: 'Europe/London', timezoneRawOffset: 0 };
    // A lock set up in winter and never told about summer time.
    expect(clockProblems({ ...facts, now: JANUARY })).toEqual([]);
    const summer = clockProblems({ ...facts, now: JULY });
    expect(summer.map((p) => p.what)).toEqual(['timezone']);
    expect(summer[0]!.text).toMatch(/^timezone offset is UTC\+00:00 but Europe\/London is UTC\+01:00 today \(1 h apart\); fix: .*sync-time 2001/);
  });

  it('any offset difference counts, half hours too', () => {
    const p = clockProblems({ lockId: 1, zone: 'Asia/Kolkata', timezoneRawOffset: 5 * HOUR, now: JULY });
    expect(p.map((x) => x.text)).toEqual([expect.stringContaining('timezone offset is UTC+05:00 but Asia/Kolkata is UTC+05:30 today (30 min apart)')]);
    expect(clockProblems({ lockId: 1, zone: 'America/St_Johns', timezoneRawOffset: -2.5 * HOUR, now: JULY })).toEqual([]);
    expect(formatOffset(-2.5 * HOUR)).toBe('UTC-02:30');
  });

  it('a clock more than 2 minutes off either way is a problem; within 2 minutes it is not', () => {
    const at = JULY;
    const check = (driftMs: number) => clockProblems({ lockId: 7, zone: undefined, timezoneRawOffset: undefined, now: at, reading: { lockTime: at + driftMs, at } });
    expect(check(119_000)).toEqual([]);
    expect(check(-120_000)).toEqual([]);
    expect(check(121_000).map((p) => p.text)).toEqual(['clock is 2 min 1 s fast (more than 2 min off): codes start and end at the wrong times; fix: npm run locks -- sync-time 7']);
    expect(check(-5 * 60_000).map((p) => p.what)).toEqual(['clock']);
    expect(formatDrift(-5 * 60_000)).toBe('5 min slow');
    expect(formatDrift(3 * HOUR + 60_000)).toBe('3 h 1 min fast');
    expect(formatDrift(400)).toBe('on time');
  });

  it('without a reading or a zone there is nothing to compare', () => {
    expect(clockProblems({ lockId: 1, zone: undefined, timezoneRawOffset: 4 * HOUR, now: JULY })).toEqual([]);
    expect(clockProblems({ lockId: 1, zone: 'Europe/London', timezoneRawOffset: undefined, now: JULY })).toEqual([]);
  });
});
