import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listen, send } from './http.js';

/** A booking as Beds24 API v2 returns it (booking-sources.md §2.3); only the fields the sync reads, and a few it does not. */
export interface FakeBeds24Booking {
  id: number;
  propertyId: number;
  roomId: number;
  status: 'confirmed' | 'request' | 'new' | 'cancelled' | 'black' | 'inquiry';
  arrival: string;
  departure: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  apiReference?: string;
  channel?: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`; set to now by `put` unless given. */
  modifiedTime?: string;
}

/** Which names the credit headers go by: what the wire was seen sending, or what the spec names. */
export type CreditHeaderStyle = 'wire' | 'spec';

export interface FakeBeds24Request {
  path: string;
  query: URLSearchParams;
  token: string | undefined;
  status: number;
}

/**
 * Beds24 API v2 over node:http, at `<origin>/v2`: `GET /authentication/token` (header
 * `refreshToken`) hands out access tokens that expire; `GET /bookings` (header `token`) filters
 * by property, status (cancelled only when asked), departure and `modifiedFrom`, answers in pages
 * with `pages.nextPageExists`, and sends the five-minute credit headers. A test edits bookings
 * between syncs, expires tokens, refuses the refresh token and scripts failures of a page.
 */
export class FakeBeds24Server {
  readonly refreshToken = `rt-${randomBytes(12).toString('hex')}`;
  private readonly bookings = new Map<number, FakeBeds24Booking>();
  private readonly tokens = new Map<string, number>();
  private refreshRefused = false;
  /** Requests answered, in order (credentials left out but whether a token came). */
  readonly requests: FakeBeds24Request[] = [];
  tokenLifetimeSeconds = 86_400;
  pageSize = 100;
  credits = 100;
  creditResetsIn = 240;
  headerStyle: CreditHeaderStyle = 'wire';
  /** The next /bookings answers with these statuses instead (one each), e.g. a 500 on page 2. */
  private readonly faults: Array<{ page?: number; status: number }> = [];

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeBeds24Server> {
    let fake: FakeBeds24Server | undefined;
    const { server, url } = await listen(async (req, res) => fake!.handle(req, res));
    fake = new FakeBeds24Server(server, url);
    return fake;
  }

  get baseUrl(): string {
    return `${this.origin}/v2`;
  }

  /** Adds or replaces a booking; it counts as modified now unless `modifiedTime` is given. */
  put(...bookings: FakeBeds24Booking[]): void {
    for (const b of bookings) this.bookings.set(b.id, { ...b, modifiedTime: b.modifiedTime ?? stamp(Date.now()) });
  }

  /** Changes fields of a booking, which counts as modified now. */
  update(id: number, change: Partial<FakeBeds24Booking>): void {
    const b = this.bookings.get(id);
    if (!b) throw new Error(`no Beds24 booking ${id}`);
    this.bookings.set(id, { ...b, ...change, modifiedTime: change.modifiedTime ?? stamp(Date.now()) });
  }

  /** Every access token handed out stops working (as after 24 h, or revoked). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** The refresh token is refused from now on (revoked in the control panel, unused for 30 days). */
  refuseRefreshToken(): void {
    this.refreshRefused = true;
  }

  failBookings(status: number, page?: number): void {
    this.faults.push({ status, ...(page !== undefined ? { page } : {}) });
  }

  tokenRequests(): number {
    return this.requests.filter((r) => r.path === '/v2/authentication/token').length;
  }

  bookingRequests(): FakeBeds24Request[] {
    return this.requests.filter((r) => r.path === '/v2/bookings');
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const header = (name: string) => {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    };
    const token = header('token');
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ path: url.pathname, query: url.searchParams, token, status });
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      send(res, status, body);
    };
    if (req.method !== 'GET') return answer(405, { success: false, type: 'error', code: 405, error: 'Method not allowed' });

    if (url.pathname === '/v2/authentication/token') {
      if (this.refreshRefused || header('refreshToken') !== this.refreshToken) {
        return answer(400, { success: false, type: 'error', code: 400, error: 'Invalid refresh token' });
      }
      const access = `at-${randomBytes(12).toString('hex')}`;
      this.tokens.set(access, Date.now() + this.tokenLifetimeSeconds * 1000);
      return answer(200, { token: access, expiresIn: this.tokenLifetimeSeconds }, this.creditHeaders(0));
    }

    if (url.pathname === '/v2/bookings') {
      const expiresAt = token ? this.tokens.get(token) : undefined;
      if (expiresAt === undefined || expiresAt <= Date.now()) {
        return answer(401, { success: false, type: 'error', code: 401, error: 'Token is missing or invalid' });
      }
      const page = Number(url.searchParams.get('page') ?? '1');
      const fault = this.faults.findIndex((f) => f.page === undefined || f.page === page);
      if (fault >= 0) {
        const [{ status }] = this.faults.splice(fault, 1) as [{ status: number }];
        return answer(status, { success: false, type: 'error', code: status, error: 'Something went wrong' });
      }
      this.credits = Math.max(0, this.credits - 1);
      const all = this.select(url.searchParams);
      const data = all.slice((page - 1) * this.pageSize, page * this.pageSize);
      const nextPageExists = page * this.pageSize < all.length;
      return answer(
        200,
        {
          success: true,
          type: 'booking',
          count: data.length,
          pages: { nextPageExists, nextPageLink: nextPageExists ? `${this.baseUrl}/bookings?page=${page + 1}` : null },
          data,
        },
        this.creditHeaders(1),
      );
    }
    return answer(404, { success: false, type: 'error', code: 404, error: 'Not found' });
  }

  private select(q: URLSearchParams): FakeBeds24Booking[] {
    const properties = q.getAll('propertyId').map(Number);
    const ids = q.getAll('id').map(Number);
    // The API's default leaves cancelled bookings out.
    const statuses = q.getAll('status').length > 0 ? q.getAll('status') : ['confirmed', 'request', 'new', 'black', 'inquiry'];
    const departureFrom = q.get('departureFrom');
    const modifiedFrom = q.get('modifiedFrom');
    const since = modifiedFrom ? Date.parse(`${modifiedFrom}Z`) : undefined;
    return [...this.bookings.values()]
      .filter((b) => properties.length === 0 || properties.includes(b.propertyId))
      .filter((b) => ids.length === 0 || ids.includes(b.id))
      .filter((b) => statuses.includes(b.status))
      .filter((b) => !departureFrom || b.departure >= departureFrom)
      .filter((b) => since === undefined || Date.parse(b.modifiedTime!) >= since)
      .sort((a, b) => a.id - b.id);
  }

  private creditHeaders(cost: number): Record<string, string> {
    const names =
      this.headerStyle === 'wire'
        ? ['x-five-min-limit-remaining', 'x-five-min-limit-resets-in', 'x-request-cost']
        : ['X-FiveMinCreditLimit-Remaining', 'X-FiveMinCreditLimit-ResetsIn', 'X-RequestCost'];
    return { [names[0]!]: String(this.credits), [names[1]!]: String(this.creditResetsIn), [names[2]!]: String(cost) };
  }
}

function stamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
