import { describe, expect, it } from 'vitest';
import { formatStayBoundary, stayWindow } from '../../src/locks/stay-window.js';
import { demoCatalog } from '../helpers/properties.js';

const harbour = demoCatalog().property('harbour')!; // Europe/London, 15:00 / 11:00
const none = { earlyMinutes: 0, lateMinutes: 0 };

describe('stayWindow', () => {
  it('uses the property check-in/out times in its timezone (winter, UTC+0)', () => {
    const w = stayWindow({ checkIn: '2026-12-01', checkOut: '2026-12-03' }, harbour, none);
    expect(new Date(w.start).toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2026-12-03T11:00:00.000Z');
  });

  it('follows British Summer Time (UTC+1)', () => {
    const w = stayWindow({ checkIn: '2026-07-10', checkOut: '2026-07-12' }, harbour, none);
    expect(new Date(w.start).toISOString()).toBe('2026-07-10T14:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2026-07-12T10:00:00.000Z');
  });

  it('handles a stay across the last Sunday of March (clocks go forward)', () => {
    const w = stayWindow({ checkIn: '2027-03-27', checkOut: '2027-03-29' }, harbour, none);
    expect(new Date(w.start).toISOString()).toBe('2027-03-27T15:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2027-03-29T10:00:00.000Z');
  });

  it('handles a stay across the last Sunday of October (clocks go back)', () => {
    const w = stayWindow({ checkIn: '2026-10-24', checkOut: '2026-10-26' }, harbour, none);
    expect(new Date(w.start).toISOString()).toBe('2026-10-24T14:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2026-10-26T11:00:00.000Z');
  });

  it('takes a date-time with offset as the instant it names, then applies buffers', () => {
    const w = stayWindow(
      { checkIn: '2026-12-01T09:30:00+01:00', checkOut: '2026-12-02T10:00:00Z' },
      harbour,
      { earlyMinutes: 30, lateMinutes: 15 },
    );
    expect(new Date(w.start).toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2026-12-02T10:15:00.000Z');
  });

  it('keeps whole minutes', () => {
    const w = stayWindow({ checkIn: '2026-12-01T09:30:45+00:00', checkOut: '2026-12-02T10:00:59Z' }, harbour, none);
    expect(w.start % 60_000).toBe(0);
    expect(w.end % 60_000).toBe(0);
  });

  it('formats boundaries for the guest in the property timezone', () => {
    expect(formatStayBoundary(Date.parse('2026-07-10T14:00:00Z'), 'Europe/London')).toBe('Fri 10 Jul 2026, 15:00');
  });
});
