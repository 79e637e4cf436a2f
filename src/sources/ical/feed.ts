import { createHash } from 'node:crypto';
import { SourceError, type BookingSource, type SourceSnapshot } from '../source.js';
import { parseFeed } from './parse.js';
import { platformOf, reservationsOf, type FeedRoom } from './reservations.js';

/** A calendar is a few hundred events; anything far larger is not what we asked for. */
const MAX_FEED_BYTES = 5 * 1024 * 1024;

/**
 * Names a feed without its secret: the URL's token is all it takes to read the bookings, so logs,
 * alerts and stored bookings carry this hash of the whole URL instead.
 */
export function feedId(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 12);
}

/** "www.airbnb.com #3f2a1c": enough for an operator to find the feed in properties.json. */
export function redactFeedUrl(url: string): string {
  let host = '(not a URL)';
  try {
    host = new URL(url).host;
  } catch {
    // the properties file's schema already refused it; this is only a label
  }
  return `${host} #${feedId(url).slice(0, 6)}`;
}

export interface IcalFeedOptions {
  url: string;
  room: FeedRoom;
  /** The whole request, body included. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** One room's iCal export (Airbnb, Vrbo, Booking.com or any other calendar). */
export class IcalFeed implements BookingSource {
  readonly id: string;
  readonly label: string;

  constructor(private readonly options: IcalFeedOptions) {
    this.id = `ical:${feedId(options.url)}`;
    this.label = `${redactFeedUrl(options.url)} (${options.room.propertyId}/${options.room.roomId})`;
  }

  async read(): Promise<SourceSnapshot> {
    const { url, room } = this.options;
    const feed = parseFeed(await this.fetchText());
    return reservationsOf(feed, platformOf(new URL(url).host, feed.prodId), room);
  }

  private async fetchText(): Promise<string> {
    const { url, timeoutMs } = this.options;
    const fetchImpl = this.options.fetch ?? fetch;
    // One signal for headers and body: a server that answers and then trickles is cut off too.
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetchImpl(url, { signal, redirect: 'follow', headers: { accept: 'text/calendar, text/plain;q=0.9, */*;q=0.5' } });
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new SourceError(`HTTP ${response.status}`);
      }
      if (Number(response.headers.get('content-length') ?? 0) > MAX_FEED_BYTES) {
        await response.body?.cancel().catch(() => {});
        throw new SourceError(`answer larger than ${MAX_FEED_BYTES} bytes`);
      }
      const text = await response.text();
      if (text.length > MAX_FEED_BYTES) throw new SourceError(`answer larger than ${MAX_FEED_BYTES} bytes`);
      return text;
    } catch (err) {
      if (err instanceof SourceError) throw err;
      // No cause attached: it can quote the URL, token and all.
      throw new SourceError(describeFetchError(err, timeoutMs, signal.aborted));
    }
  }
}

/** Without the error's own text: a fetch error can quote the URL, token and all. */
function describeFetchError(err: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) {
    return `no complete answer within ${Math.round(timeoutMs / 100) / 10} s`;
  }
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code ? `network error (${code})` : 'network error';
}
