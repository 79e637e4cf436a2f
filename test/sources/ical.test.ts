import { describe, expect, it } from 'vitest';
import { REF_PATTERN } from '../../src/flows/parse/ref.js';
import { feedId, redactFeedUrl } from '../../src/sources/ical/feed.js';
import { parseFeed } from '../../src/sources/ical/parse.js';
import { platformOf, refFromUid, reservationsOf, type FeedPlatform } from '../../src/sources/ical/reservations.js';
import { SourceError } from '../../src/sources/source.js';
import { fold, renderCalendar, type FakeStay, type FeedShape } from '../fakes/ical-server.js';

const ROOM = { propertyId: 'harbour', roomId: 'r1', timezone: 'Europe/London' };
const PLATFORM: Record<FeedShape, FeedPlatform> = { airbnb: 'airbnb', vrbo: 'vrbo', booking: 'booking' };

function read(shape: FeedShape, stays: FakeStay[], room = ROOM) {
  const feed = parseFeed(renderCalendar(shape, stays));
  expect(platformOf('127.0.0.1:1234', feed.prodId)).toBe(PLATFORM[shape]);
  return reservationsOf(feed, PLATFORM[shape], room);
}

function calendar(...eventLines: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example//EN', ...eventLines.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']), 'END:VCALENDAR'].join('\r\n');
}

describe('an Airbnb feed', () => {
  it('a reservation: the code from its link, no name (a placeholder that proves nothing), the last 4 phone digits masked, dates as written', () => {
    const snapshot = read('airbnb', [
      { code: 'HMABCDE123', checkIn: '2026-10-01', checkOut: '2026-10-04', last4: '4821' },
      { checkIn: '2026-10-04', checkOut: '2026-10-30', blocked: true },
    ]);
    expect(snapshot).toEqual({
      reservations: [
        {
          ref: 'HMABCDE123',
          propertyId: 'harbour',
          roomId: 'r1',
          checkIn: '2026-10-01',
          checkOut: '2026-10-04',
          guestName: 'Airbnb guest',
          guestNameUnknown: true,
          guestPhone: '•••• 4821',
        },
      ],
      unreadable: [],
      ignored: 1,
    });
  });

  it('reads the code across a folded line, in the 2020 itinerary link, on a local host, without requiring "HM"', () => {
    const long = { checkIn: '2026-11-01', checkOut: '2026-11-02' };
    const snapshot = read('airbnb', [
      { ...long, code: 'HMZZZZZ999' },
      { ...long, code: 'ABC123', itinerary: true },
      { ...long, code: 'QX7', description: 'Reservation URL: https://www.airbnb.com.co/hosting/reservations/details/QX7' },
    ]);
    expect(snapshot.reservations.map((r) => r.ref)).toEqual(['HMZZZZZ999', 'ABC123', 'QX7']);
    expect(snapshot.reservations[2]).not.toHaveProperty('guestPhone');
    // The fake folds the description at 75 octets: the link is split mid-word, as in the real feed.
    expect(renderCalendar('airbnb', [{ ...long, code: 'HMZZZZZ999' }])).toContain('/de\r\n tails/');
  });

  it('blocks, in the current and the 2018 wording, are not stays', () => {
    const snapshot = read('airbnb', [
      { checkIn: '2026-10-01', checkOut: '2026-10-04', blocked: true },
      { checkIn: '2026-10-05', checkOut: '2026-10-06', blocked: true, summary: 'Not available' },
    ]);
    expect(snapshot).toEqual({ reservations: [], unreadable: [], ignored: 2 });
  });
});

describe('a Vrbo feed', () => {
  it('gives a first name (escapes undone), and a ref made from the UID: stable, within the ref rule', () => {
    const uid = '3c0a5b8e-1f2d-4c1b-9a7e-2b5d6c7e8f90';
    const snapshot = read('vrbo', [
      { uid, name: 'Zoë, Anne; \\ Marie', checkIn: '2026-10-01', checkOut: '2026-10-03' },
      { checkIn: '2026-10-03', checkOut: '2026-10-05', blocked: true },
      { checkIn: '2026-10-06', checkOut: '2026-10-08', summary: 'Tentative - Bob' },
    ]);
    expect(snapshot.ignored).toBe(2);
    expect(snapshot.reservations).toEqual([
      { ref: refFromUid(uid), propertyId: 'harbour', roomId: 'r1', checkIn: '2026-10-01', checkOut: '2026-10-03', guestName: 'Zoë, Anne; \\ Marie', guestNameUnknown: false },
    ]);
    expect(refFromUid(uid)).toMatch(REF_PATTERN);
    expect(refFromUid(uid)).toMatch(/^IC[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(refFromUid(uid)).toBe(refFromUid(uid));
    expect(refFromUid(`${uid}x`)).not.toBe(refFromUid(uid));
  });
});

describe('a Booking.com feed', () => {
  it('carries no reservations: every closed night is a block, guests\' stays included', () => {
    const snapshot = read('booking', [
      { checkIn: '2026-10-01', checkOut: '2026-10-04' },
      { checkIn: '2026-10-05', checkOut: '2026-10-06', summary: 'CLOSED - Jane Smith' },
    ]);
    expect(snapshot).toEqual({ reservations: [], unreadable: [], ignored: 2 });
  });
});

describe('any calendar', () => {
  it('all-day dates stay dates; a UTC time takes the property\'s day; a missing DTEND is one day', () => {
    const text = calendar(
      ['UID:a', 'DTSTART;VALUE=DATE:20261001', 'SUMMARY:Reserved - Ann'],
      ['UID:b', 'DTSTART:20261001T230000Z', 'DTEND:20261003T090000Z', 'SUMMARY:Reserved - Bea'],
    );
    const tokyo = reservationsOf(parseFeed(text), 'other', { ...ROOM, timezone: 'Asia/Tokyo' }).reservations;
    expect(tokyo.map((r) => [r.checkIn, r.checkOut])).toEqual([
      ['2026-10-01', '2026-10-02'],
      ['2026-10-02', '2026-10-03'],
    ]);
    const london = reservationsOf(parseFeed(text), 'other', ROOM).reservations;
    expect(london[1]).toMatchObject({ checkIn: '2026-10-02', checkOut: '2026-10-03' });
  });

  it('a stay that cannot be read, or is listed twice, is unreadable (left as it is), never guessed', () => {
    const text = calendar(
      ['UID:a', 'DTSTART;VALUE=DATE:20261005', 'DTEND;VALUE=DATE:20261003', 'SUMMARY:Reserved - Ann'],
      ['UID:b', 'SUMMARY:Reserved - Bea'],
      ['UID:c', 'DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261003', 'SUMMARY:Reserved - Cy'],
      ['UID:c', 'DTSTART;VALUE=DATE:20261011', 'DTEND;VALUE=DATE:20261013', 'SUMMARY:Reserved - Cy'],
      ['UID:d', 'STATUS:CANCELLED', 'DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261003', 'SUMMARY:Reserved - Di'],
    );
    const snapshot = reservationsOf(parseFeed(text), 'other', ROOM);
    expect(snapshot.reservations).toEqual([]);
    expect(snapshot.unreadable.sort()).toEqual([refFromUid('a'), refFromUid('b'), refFromUid('c')].sort());
    expect(snapshot.ignored).toBe(1);
  });

  it('a stay in a calendar of unknown shape gets a placeholder name, whatever its summary says', () => {
    const snapshot = reservationsOf(parseFeed(calendar(['UID:z', 'DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261002', 'SUMMARY:John Smith'])), 'other', ROOM);
    expect(snapshot.reservations[0]).toMatchObject({ guestName: 'Feed guest', guestNameUnknown: true });
  });

  it.each([
    ['an HTML login page', '<!doctype html><html><body>Please log in</body></html>'],
    ['an empty body', ''],
    ['a truncated calendar', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n'],
    ['a broken date', calendar(['UID:a', 'DTSTART;VALUE=DATE:2026zz01', 'SUMMARY:Reserved'])],
    ['a JSON error', '{"error":"rate limited"}'],
  ])('%s is not a calendar: the whole feed fails (SourceError), quoting none of it', (_, text) => {
    let error: unknown;
    try {
      reservationsOf(parseFeed(text), 'other', ROOM);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).retryable).toBe(true);
    expect((error as Error).message).not.toMatch(/log in|rate limited|zz/);
  });

  it('a stay with neither UID nor code cannot be followed: the feed fails rather than lose track of it', () => {
    expect(() => reservationsOf(parseFeed(calendar(['DTSTART;VALUE=DATE:20261001', 'SUMMARY:Reserved - Ann'])), 'other', ROOM)).toThrow(SourceError);
  });
});

describe('the fake server\'s calendar text', () => {
  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:Reserved - ${'Zoë '.repeat(40)}`;
    const folded = fold(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });
});

describe('a feed URL is a secret', () => {
  it('is named by its host and a short hash only', () => {
    const url = 'https://www.airbnb.com/calendar/ical/123456.ics?s=0123456789abcdef0123456789abcdef';
    expect(redactFeedUrl(url)).toBe(`www.airbnb.com #${feedId(url).slice(0, 6)}`);
    expect(redactFeedUrl(url)).not.toContain('0123456789abcdef');
    expect(feedId(url)).toMatch(/^[0-9a-f]{12}$/);
  });
});
