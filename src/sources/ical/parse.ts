import ICAL from 'ical.js';
import { SourceError } from '../source.js';

/**
 * A day as the feed writes it. All-day values (every platform's stays) stay `YYYY-MM-DD`
 * strings: turning them into a Date would shift them by the process's timezone. A time in UTC is
 * kept as an instant (the property's timezone decides its day); any other time is read as written.
 */
export type FeedDay = { kind: 'date'; date: string } | { kind: 'instant'; ms: number };

export interface FeedEvent {
  uid: string | undefined;
  summary: string;
  description: string;
  /** STATUS, upper-cased (CANCELLED, TENTATIVE, CONFIRMED), when given. */
  status: string | undefined;
  start: FeedDay | undefined;
  /** Exclusive: for an all-day stay, the check-out date. */
  end: FeedDay | undefined;
}

export interface ParsedFeed {
  /** Who made the calendar (PRODID): tells Airbnb's, Vrbo's and Booking.com's shapes apart. */
  prodId: string;
  events: FeedEvent[];
}

/**
 * Unfolds, unescapes and reads a feed's events. Anything that is not a calendar (an HTML login
 * page, a truncated body, a broken line) throws: a feed half understood is a feed not believed.
 */
export function parseFeed(text: string): ParsedFeed {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (err) {
    // ical.js quotes the offending line, which may hold a guest's details: only its kind of fault is kept.
    throw new SourceError(`not a valid iCalendar file (${String((err as Error).message).replace(/"[^"]*"?/g, '"…"').slice(0, 120)})`);
  }
  const roots = (Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[])).map((j) => new ICAL.Component(j as unknown[]));
  const calendars = roots.filter((c) => c.name === 'vcalendar');
  if (calendars.length === 0) throw new SourceError('not an iCalendar file (no VCALENDAR)');
  const prodId = String(calendars[0]!.getFirstPropertyValue('prodid') ?? '');
  const events: FeedEvent[] = [];
  for (const calendar of calendars) {
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      try {
        events.push(readEvent(vevent));
      } catch (err) {
        throw new SourceError(`an event could not be read (${(err as Error).message.replace(/"[^"]*"?/g, '"…"').slice(0, 120)})`);
      }
    }
  }
  return { prodId, events };
}

function readEvent(vevent: ICAL.Component): FeedEvent {
  const event = new ICAL.Event(vevent);
  const status = vevent.getFirstPropertyValue('status');
  const hasStart = vevent.hasProperty('dtstart');
  return {
    uid: text(event.uid) || undefined,
    summary: text(event.summary),
    description: text(event.description),
    status: typeof status === 'string' ? status.toUpperCase() : undefined,
    start: hasStart ? day(event.startDate) : undefined,
    // Without DTEND or DURATION ical.js applies RFC 5545's default (a day for a date, none for a time).
    end: hasStart ? day(event.endDate) : undefined,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function day(time: ICAL.Time | null | undefined): FeedDay | undefined {
  if (!time) return undefined;
  const written = time.toString();
  if (time.isDate) return { kind: 'date', date: written.slice(0, 10) };
  if (written.endsWith('Z')) return { kind: 'instant', ms: time.toUnixTime() * 1000 };
  // Floating, or in a zone the feed did not describe: the date as written is the feed's local day.
  return { kind: 'date', date: written.slice(0, 10) };
}
