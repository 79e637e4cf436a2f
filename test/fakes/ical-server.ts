import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listen, send } from './http.js';

/** Whose export a feed imitates (booking-sources.md §1: Airbnb's, Vrbo's, Booking.com's shapes). */
export type FeedShape = 'airbnb' | 'vrbo' | 'booking';

/** One entry of a calendar. `checkOut` is exclusive (DTEND of an all-day event). */
export interface FakeStay {
  /** Default: made from `code` (Airbnb) or a random UUID (Vrbo), like the platforms'. */
  uid?: string;
  checkIn: string;
  checkOut: string;
  /** Airbnb: the confirmation code in the reservation URL. */
  code?: string;
  /** Airbnb: "Phone Number (Last 4 Digits)". */
  last4?: string;
  /** Airbnb: the 2020 form of the link (`…/reservation/itinerary?code=`). */
  itinerary?: boolean;
  /** Vrbo: "Reserved - <name>". */
  name?: string;
  /** A blocked night range rather than a stay. */
  blocked?: boolean;
  /** Anything else to write in SUMMARY / DESCRIPTION instead of the platform's own words. */
  summary?: string;
  description?: string;
}

export type FeedFault =
  | { kind: 'status'; status: number }
  /** Never answers (`headers`: sends the headers and the first lines, then nothing). */
  | { kind: 'hang'; after?: 'nothing' | 'headers' }
  /** 200 with a body that is not a calendar (default: an HTML login page). */
  | { kind: 'malformed'; body?: string }
  /** 200 with a calendar that lists no stays (blocks stay, as Airbnb's rules keep them). */
  | { kind: 'empty' };

interface Feed {
  shape: FeedShape;
  secret: string;
  stays: FakeStay[];
  faults: FeedFault[];
  /** A fault that stays until cleared, after the queued ones. */
  standing: FeedFault | undefined;
  hits: number;
}

const PRODID: Record<FeedShape, string> = {
  airbnb: 'PRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting Calendar 0.8.8//EN',
  vrbo: 'PRODID:-//HomeAway.com\\, Inc.//EN',
  booking: 'PRODID:-//ical.booking.com//Booking.com Calendar//EN',
};

/**
 * Calendar exports as the platforms serve them, over node:http: CRLF lines folded at 75 octets,
 * TEXT escaped (`\,` `\;` `\n` `\\`), all-day DTSTART/DTEND, each platform's summaries, UIDs and
 * Airbnb's reservation link and phone digits. Each feed has a secret in its URL, as real ones do.
 * A test edits a feed's stays between syncs and scripts faults: an HTTP status, a hang, a body
 * that is not a calendar, an empty calendar.
 */
export class FakeIcalServer {
  private readonly feeds = new Map<string, Feed>();
  private readonly open = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeIcalServer> {
    let fake: FakeIcalServer | undefined;
    const { server, url } = await listen(async (req, res) => fake!.handle(req, res));
    fake = new FakeIcalServer(server, url);
    return fake;
  }

  /** Adds a feed and returns its URL (with its secret, as the platform's export link has one). */
  feed(name: string, shape: FeedShape, stays: FakeStay[] = []): string {
    this.feeds.set(name, { shape, secret: randomBytes(12).toString('hex'), stays: [...stays], faults: [], standing: undefined, hits: 0 });
    return this.url(name);
  }

  url(name: string): string {
    const feed = this.get(name);
    const path = feed.shape === 'airbnb' ? `/calendar/ical/${name}.ics?s=${feed.secret}` : feed.shape === 'vrbo' ? `/icalendar/${name}.ics?nonTentative&t=${feed.secret}` : `/v1/export?t=${feed.secret}&n=${name}`;
    return `${this.origin}${path}`;
  }

  setStays(name: string, stays: FakeStay[]): void {
    this.get(name).stays = [...stays];
  }

  stays(name: string): FakeStay[] {
    return [...this.get(name).stays];
  }

  /** Replaces the stay with this code or uid (or adds it). */
  put(name: string, stay: FakeStay): void {
    const feed = this.get(name);
    const i = feed.stays.findIndex((s) => sameStay(s, stay));
    if (i >= 0) feed.stays[i] = stay;
    else feed.stays.push(stay);
  }

  /** Removes the stay with this code or uid. */
  remove(name: string, codeOrUid: string): void {
    const feed = this.get(name);
    feed.stays = feed.stays.filter((s) => s.code !== codeOrUid && s.uid !== codeOrUid);
  }

  /** The next requests of the feed get these faults, one each, in order. */
  failNext(name: string, ...faults: FeedFault[]): void {
    this.get(name).faults.push(...faults);
  }

  /** Every request gets this fault until cleared (undefined). */
  failAlways(name: string, fault: FeedFault | undefined): void {
    this.get(name).standing = fault;
  }

  hits(name: string): number {
    return this.get(name).hits;
  }

  /** The calendar text the feed serves now. */
  calendar(name: string, opts: { empty?: boolean } = {}): string {
    const feed = this.get(name);
    return renderCalendar(feed.shape, opts.empty ? feed.stays.filter((s) => s.blocked) : feed.stays);
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    await closeServer(this.server);
  }

  private get(name: string): Feed {
    const feed = this.feeds.get(name);
    if (!feed) throw new Error(`no fake feed ${name}`);
    return feed;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    const entry = [...this.feeds.entries()].find(([name]) => this.url(name) === `${this.origin}${url.pathname}${url.search}`);
    if (!entry) {
      send(res, 404, 'not found', 'text/plain');
      return;
    }
    const [name, feed] = entry;
    feed.hits++;
    const fault = feed.faults.shift() ?? feed.standing;
    if (fault?.kind === 'status') {
      send(res, fault.status, `<html><body>Error ${fault.status}</body></html>`, 'text/html');
      return;
    }
    if (fault?.kind === 'hang') {
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
      if (fault.after === 'headers') {
        res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' });
        res.write(this.calendar(name).slice(0, 120));
      }
      return;
    }
    if (fault?.kind === 'malformed') {
      send(res, 200, fault.body ?? '<!doctype html><html><body>Please log in</body></html>', 'text/html');
      return;
    }
    send(res, 200, this.calendar(name, { empty: fault?.kind === 'empty' }), 'text/calendar; charset=utf-8');
  }
}

/** A whole calendar of this shape, as served. */
export function renderCalendar(shape: FeedShape, stays: readonly FakeStay[]): string {
  const lines = ['BEGIN:VCALENDAR', PRODID[shape], 'CALSCALE:GREGORIAN', 'VERSION:2.0'];
  for (const stay of stays) lines.push(...vevent(shape, stay));
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function sameStay(a: FakeStay, b: FakeStay): boolean {
  return (a.code !== undefined && a.code === b.code) || (a.uid !== undefined && a.uid === b.uid);
}

/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character. */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // the leading space counts
  }
  return parts.join('\r\n ');
}

const compact = (date: string) => date.replace(/-/g, '');
const hex = (seed: string, n: number) => createHash('sha256').update(seed).digest('hex').slice(0, n);

function vevent(shape: FeedShape, stay: FakeStay): string[] {
  const seed = stay.uid ?? stay.code ?? `${stay.checkIn}/${stay.checkOut}/${stay.summary ?? ''}`;
  const uid =
    stay.uid ??
    (shape === 'airbnb'
      ? `${stay.blocked ? '6fec1092d3fa' : '1418fb94e984'}-${hex(seed, 32)}@airbnb.com`
      : shape === 'booking'
        ? `${hex(seed, 32)}@booking.com`
        : `${hex(seed, 8)}-${hex(seed + '1', 4)}-${hex(seed + '2', 4)}-${hex(seed + '3', 4)}-${hex(seed + '4', 12)}`);
  const lines = ['BEGIN:VEVENT', 'DTSTAMP:20260531T010029Z', `DTSTART;VALUE=DATE:${compact(stay.checkIn)}`, `DTEND;VALUE=DATE:${compact(stay.checkOut)}`];
  const summary = stay.summary ?? summaryOf(shape, stay);
  lines.push(`SUMMARY:${escapeText(summary)}`, `UID:${uid}`);
  const description = stay.description ?? (shape === 'airbnb' && !stay.blocked ? airbnbDescription(stay) : undefined);
  if (description !== undefined) lines.push(`DESCRIPTION:${escapeText(description)}`);
  lines.push('END:VEVENT');
  return lines;
}

function summaryOf(shape: FeedShape, stay: FakeStay): string {
  if (shape === 'booking') return 'CLOSED - Not available';
  if (shape === 'airbnb') return stay.blocked ? 'Airbnb (Not available)' : 'Reserved';
  return stay.blocked ? 'Blocked' : `Reserved - ${stay.name ?? 'Guest'}`;
}

function airbnbDescription(stay: FakeStay): string {
  const code = stay.code ?? 'HMXXXXXXXX';
  const link = stay.itinerary ? `https://www.airbnb.com/reservation/itinerary?code=${code}` : `https://www.airbnb.com/hosting/reservations/details/${code}`;
  return `Reservation URL: ${link}\nPhone Number (Last 4 Digits): ${stay.last4 ?? '0000'}`;
}
