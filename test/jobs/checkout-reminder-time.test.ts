import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { longestRun } from '../../src/jobs/arrivals.js';
import { checkoutReminderAt } from '../../src/jobs/checkout-reminders.js';

/** When the check-out morning reminder is due: the property's local time on the local day of check-out, DST included. */

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const local = (ms: number | undefined, zone: string) => (ms === undefined ? undefined : DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }));

describe('checkoutReminderAt', () => {
  it('08:00 local on the check-out day, in winter and in summer (London: UTC+0, then UTC+1)', () => {
    expect(checkoutReminderAt(at('2026-01-15T11:00', 'Europe/London'), 'Europe/London', '08:00')).toBe(Date.UTC(2026, 0, 15, 8, 0));
    expect(checkoutReminderAt(at('2026-07-15T11:00', 'Europe/London'), 'Europe/London', '08:00')).toBe(Date.UTC(2026, 6, 15, 7, 0));
  });

  it('on the morning the clocks go forward (London 29 Mar 2026, 01:00 → 02:00) it is still 08:00 local, one hour less after midnight', () => {
    const zone = 'Europe/London';
    const reminder = checkoutReminderAt(at('2026-03-29T11:00', zone), zone, '08:00');
    expect(local(reminder, zone)).toBe('2026-03-29T08:00:00+01:00');
    expect(reminder).toBe(Date.UTC(2026, 2, 29, 7, 0));
    // The day before, the same local time was an hour later in UTC.
    expect(checkoutReminderAt(at('2026-03-28T11:00', zone), zone, '08:00')).toBe(Date.UTC(2026, 2, 28, 8, 0));
  });

  it('on the morning the clocks go back (Amsterdam 25 Oct 2026, 03:00 → 02:00)', () => {
    const zone = 'Europe/Amsterdam';
    expect(local(checkoutReminderAt(at('2026-10-25T11:00', zone), zone, '08:00'), zone)).toBe('2026-10-25T08:00:00+01:00');
    expect(checkoutReminderAt(at('2026-10-24T11:00', zone), zone, '08:00')).toBe(Date.UTC(2026, 9, 24, 6, 0));
  });

  it('a time the clocks skip becomes the first one after it', () => {
    const zone = 'Europe/London';
    expect(local(checkoutReminderAt(at('2026-03-29T11:00', zone), zone, '01:30'), zone)).toBe('2026-03-29T02:30:00+01:00');
  });

  it('none when it would not come before check-out (an early check-out, or a reminder time after it)', () => {
    expect(checkoutReminderAt(at('2026-01-15T07:00', 'Europe/London'), 'Europe/London', '08:00')).toBeUndefined();
    expect(checkoutReminderAt(at('2026-01-15T08:00', 'Europe/London'), 'Europe/London', '08:00')).toBeUndefined();
    expect(checkoutReminderAt(at('2026-01-15T08:01', 'Europe/London'), 'Europe/London', '08:00')).toBe(Date.UTC(2026, 0, 15, 8, 0));
  });

  it('the local day of check-out, not the UTC one (Auckland, UTC+13 in January)', () => {
    const zone = 'Pacific/Auckland';
    // 10:00 local on 16 Jan is 21:00 UTC on 15 Jan.
    expect(local(checkoutReminderAt(at('2026-01-16T10:00', zone), zone, '08:00'), zone)).toBe('2026-01-16T08:00:00+13:00');
  });
});

describe('longestRun (wrong codes within a span)', () => {
  it('counts the most entries within the span, and when the last of them was', () => {
    const m = 60_000;
    expect(longestRun([], 10 * m)).toEqual({ count: 0, last: 0 });
    expect(longestRun([0, 11 * m, 22 * m], 10 * m).count).toBe(1);
    expect(longestRun([0, 4 * m, 9 * m, 30 * m], 10 * m)).toEqual({ count: 3, last: 9 * m });
    expect(longestRun([0, 4 * m, 11 * m, 12 * m, 13 * m], 10 * m)).toEqual({ count: 4, last: 13 * m });
  });
});
