import { describe, expect, it } from 'vitest';
import type { Booking } from '../../src/bookings/booking.js';
import { distrustReason, planSync } from '../../src/sources/plan.js';
import type { SourceReservation } from '../../src/sources/source.js';
import { backoffMs } from '../../src/sources/state.js';

const SOURCE = 'ical:aaaaaaaaaaaa';
const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-10-10T12:00:00Z');
const date = (offsetDays: number) => new Date(NOW + offsetDays * DAY).toISOString().slice(0, 10);
const stayEnd = (s: { checkOut: string }) => Date.parse(`${s.checkOut}T11:00:00Z`);

function reservation(ref: string, inDays: number, nights = 2): SourceReservation {
  return { ref, propertyId: 'harbour', roomId: 'r1', checkIn: date(inDays), checkOut: date(inDays + nights), guestName: 'Airbnb guest', guestNameUnknown: true };
}
function booking(r: SourceReservation, extra: Partial<Booking> = {}): Booking {
  const { guestNameUnknown, ...rest } = r;
  return { ...rest, ...(guestNameUnknown ? { guestNameUnknown: true } : {}), source: SOURCE, status: 'active', updatedAt: '', ...extra };
}
function plan(listed: SourceReservation[], stored: Booking[], unreadable: string[] = []) {
  return planSync({
    sourceId: SOURCE,
    snapshot: { reservations: listed, unreadable, ignored: 0 },
    current: new Map(stored.map((b) => [b.ref, b])),
    owned: stored.filter((b) => b.source === SOURCE),
    stayEnd,
    mayAdopt: () => false,
    now: NOW,
  });
}

describe('what a feed\'s answer means', () => {
  const a = reservation('AAA001', 1);
  const b = reservation('BBB001', 5);
  const past = reservation('PAST01', -5);

  it('a stay gone is a cancel, unless its stay is over or its entry could not be read', () => {
    const p = plan([a], [booking(a), booking(b), booking(past)]);
    expect(p.cancel.map((x) => x.ref)).toEqual(['BBB001']);
    expect(plan([a], [booking(a), booking(b)], ['BBB001']).cancel).toEqual([]);
  });

  it('a past stay listed is neither written nor counted as upcoming', () => {
    expect(plan([past, a], [])).toMatchObject({ create: [a], ended: 1, upcoming: 1 });
  });

  it('an empty answer while bookings are upcoming, or most dropped at once, looks like a glitch', () => {
    const one = plan([], [booking(a)]);
    expect(distrustReason(one, 1)).toBe('it lists no upcoming stay, yet 1 booking from it is upcoming');
    const c = reservation('CCC001', 9);
    const most = plan([a], [booking(a), booking(b), booking(c)]);
    expect(distrustReason(most, 3)).toBe('it dropped 2 of its 3 upcoming bookings at once');
    const half = plan([a, b], [booking(a), booking(b), booking(c), booking(reservation('DDD001', 12))]);
    expect(distrustReason(half, 4)).toBeUndefined();
    expect(distrustReason(plan([a], [booking(a)]), 1)).toBeUndefined();
  });
});

describe('backoff of a failing feed', () => {
  it('doubles from a minute up to an hour, with ±20 % jitter', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => backoffMs(n, () => 0.5) / 60_000)).toEqual([1, 2, 4, 8, 60, 60, 60]);
    expect(backoffMs(1, () => 0)).toBe(48_000);
    expect(backoffMs(1, () => 1)).toBe(72_000);
  });
});
