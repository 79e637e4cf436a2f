import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DateTime } from 'luxon';
import { closeServer, listen, readBody, send } from './http.js';

/**
 * A TTLock Cloud Open API (v3) that speaks the real wire format: form-encoded POSTs and GET
 * query strings, HTTP 200 with an `errcode` envelope for failures, tokens from /oauth2/token.
 * It keeps passcodes per lock, checks `clientId`/`accessToken`/`date` on every /v3 call, lets a
 * gateway do one operation at a time (-3003 otherwise, counted in `concurrentRejections`; every
 * accepted one is in `gatewayOps` with its start and end), and can be scripted to answer
 * errcodes, 5xx, hang, or apply a write and drop the answer. Each lock has a clock that can
 * drift and a `timezoneRawOffset` (`setLockClock`), read and set through its gateway
 * (`queryDate`, `updateDate`), and can be seen by more than one gateway (`linkGateway`).
 * Codes in place (see that section): `change`, `deleteByCode`, codes the lock holds but the list
 * does not show, -3007 from a foreign code, -2032 by a replaceable rule, and a timeline of what
 * each lock's keypad saw.
 */

export interface FakeLock {
  lockId: number;
  alias?: string;
  /** Battery percent. */
  battery?: number;
  /** The gateway that reaches it; none = -2012 on writes. */
  gatewayId?: number;
  /** Custom passcode slots (TTLock: 250). */
  capacity?: number;
  /** Lock clock: how far ahead of the server's time it runs (negative: behind). Default 0. */
  clockDriftMs?: number;
  /** lock/detail's timezoneRawOffset, ms. Default: the fake's `timezone` offset at the current date. */
  timezoneRawOffset?: number;
  /** Signal of `gatewayId` in gateway/listByLock (dBm, default -65). */
  rssi?: number;
  /** Other gateways that also see the lock, each with its signal (listed by gateway/listByLock; operations still go through `gatewayId`). */
  extraGateways?: Array<{ gatewayId: number; rssi: number }>;
}

export interface FakeGateway {
  gatewayId: number;
  name?: string;
  online?: boolean;
}

export interface FakeTTLockOptions {
  clientId?: string;
  clientSecret?: string;
  /** The TTLock app account. */
  username?: string;
  /** Plain; the fake expects its md5. */
  password?: string;
  locks?: FakeLock[];
  gateways?: FakeGateway[];
  /** How long a gateway takes for an add or delete (default 40 ms); a range draws each operation's time from it, as real gateways vary. */
  opLatencyMs?: number | { min: number; max: number };
  /** Lifetime of issued access tokens (default 90 days). */
  tokenTtlSeconds?: number;
  /** Where the locks are set up (default Europe/London, as the demo properties): their default timezoneRawOffset. */
  timezone?: string;
}

/** One operation a gateway accepted (not the ones it refused as busy), from its start to its answer. */
export interface GatewayOp {
  gatewayId: number;
  lockId: number;
  start: number;
  end: number;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  /** Query and form fields merged, as strings. */
  params: Record<string, string>;
  at: number;
  /** What was answered: HTTP status and errcode (0 = success), or how the answer was withheld. */
  outcome?: { status: number; errcode: number } | 'hang' | 'dropped';
}

export interface FakeCode {
  keyboardPwdId: number;
  lockId: number;
  keyboardPwd: string;
  keyboardPwdName: string;
  keyboardPwdType: number;
  startDate: number;
  endDate: number;
  sendDate: number;
  addType: number;
  /** False: on the lock, but listKeyboardPwd does not show it (an add whose answer was lost, a code typed at the keypad). */
  listed?: boolean;
}

/** One change a lock's keypad saw: an add, a window/digits change, or a delete (with the code as it was). */
export interface LockOp {
  seq: number;
  op: 'add' | 'change' | 'delete';
  lockId: number;
  keyboardPwdId: number;
  code: string;
  start: number;
  end: number;
}

export type Behaviour =
  | { errcode: number; errmsg?: string }
  /** An HTTP error with a non-JSON body, as a proxy or load balancer sends it. */
  | { status: number }
  /** Never answers (the client must time out). Nothing is applied. */
  | { hang: true }
  /** Applies the write, then cuts the connection instead of answering; `unlisted`: the code added is then missing from listKeyboardPwd. */
  | { dropAfterApply: true; unlisted?: boolean }
  /** Someone types a code with the same digits at the keypad just before this add (not listed): the add meets it (-3007). */
  | { foreignDuplicate: true };

interface Script {
  path: string;
  lockId: number | undefined;
  behaviour: Behaviour;
  remaining: number;
}

class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

const ok = (body: Record<string, unknown>) => new Reply(200, body);
const fail = (errcode: number, errmsg = 'error') => new Reply(200, { errcode, errmsg, description: errmsg });
const DONE = { errcode: 0, errmsg: 'none error message', description: '成功' };

export const FAKE_CREDENTIALS = {
  clientId: 'fake-client-id',
  clientSecret: 'fake-client-secret-5d1a',
  username: 'owner@example.com',
  password: 'Door-Password-77',
} as const;

export class FakeTTLock {
  readonly requests: RecordedRequest[] = [];
  /** Gateway operations refused because another was running on the same gateway. */
  concurrentRejections = 0;
  /** Every operation a gateway accepted, in the order they started. */
  readonly gatewayOps: GatewayOp[] = [];
  /** Every access and refresh token ever issued (to check logs never show them). */
  readonly issuedTokens: string[] = [];
  url = '';

  private readonly opts: Required<Omit<FakeTTLockOptions, 'locks' | 'gateways'>>;
  private readonly locks = new Map<number, FakeLock>();
  private readonly gateways = new Map<number, FakeGateway>();
  private readonly codesByLock = new Map<number, FakeCode[]>();
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  private readonly busyGateways = new Set<number>();
  private readonly scripts: Script[] = [];
  private readonly held = new Set<ServerResponse>();
  private server: Server | undefined;
  private nextCodeId = 5000;
  private seq = 0;
  /** Added to the fake's clock, to test date checks. */
  clockOffsetMs = 0;

  constructor(options: FakeTTLockOptions = {}) {
    this.opts = {
      clientId: options.clientId ?? FAKE_CREDENTIALS.clientId,
      clientSecret: options.clientSecret ?? FAKE_CREDENTIALS.clientSecret,
      username: options.username ?? FAKE_CREDENTIALS.username,
      password: options.password ?? FAKE_CREDENTIALS.password,
      opLatencyMs: options.opLatencyMs ?? 40,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 90 * 24 * 3600,
      timezone: options.timezone ?? 'Europe/London',
    };
    for (const g of options.gateways ?? [{ gatewayId: 1, name: 'Hall gateway' }]) this.gateways.set(g.gatewayId, { online: true, ...g });
    const defaultGateway = [...this.gateways.keys()][0];
    for (const l of options.locks ?? []) {
      // A lock listed without a gatewayId is behind the first gateway; `gatewayId: undefined` means none.
      this.locks.set(l.lockId, { battery: 87, capacity: 250, ...('gatewayId' in l ? {} : { gatewayId: defaultGateway }), ...l });
    }
  }

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listen((req, res) => this.handle(req, res)));
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
    if (this.server) await closeServer(this.server);
  }

  /** The next `times` calls to `path` (for `lockId`, if given) behave this way. */
  script(path: string, behaviour: Behaviour, opts: { lockId?: number; times?: number } = {}): void {
    this.scripts.push({ path, lockId: opts.lockId, behaviour, remaining: opts.times ?? 1 });
  }

  codes(lockId: number): FakeCode[] {
    return [...(this.codesByLock.get(lockId) ?? [])];
  }

  /** Puts a code on a lock directly, as staff would with the TTLock app. */
  seedCode(lockId: number, code: Partial<FakeCode> & { keyboardPwd: string; keyboardPwdName: string }): FakeCode {
    const now = Date.now();
    const full: FakeCode = {
      keyboardPwdId: this.nextCodeId++,
      lockId,
      keyboardPwdType: 3,
      startDate: now,
      endDate: now + 86_400_000,
      sendDate: now,
      addType: 2,
      ...code,
    };
    this.codesByLock.set(lockId, [...this.codes(lockId), full]);
    return full;
  }

  calls(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Every access token stops working (10004), as after TTLock expired or revoked it. */
  revokeAccessTokens(): void {
    this.accessTokens.clear();
  }

  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  setGatewayOnline(gatewayId: number, online: boolean): void {
    this.gateways.get(gatewayId)!.online = online;
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    if (req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(raw)));
    }
    const record: RecordedRequest = { seq: ++this.seq, method: req.method ?? '', path: url.pathname, params, at: Date.now() };
    this.requests.push(record);

    let reply: Reply | 'hang' | 'dropped';
    try {
      reply = await this.route(record);
    } catch (err) {
      reply = new Reply(500, `<html>fake crashed: ${String(err)}</html>`);
    }
    if (reply === 'hang') {
      record.outcome = 'hang';
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    if (reply === 'dropped') {
      record.outcome = 'dropped';
      req.socket.destroy();
      return;
    }
    const errcode = typeof reply.body === 'object' && reply.body !== null ? Number((reply.body as { errcode?: unknown }).errcode ?? 0) : -1;
    record.outcome = { status: reply.status, errcode };
    send(res, reply.status, reply.body, typeof reply.body === 'string' ? 'text/html' : 'application/json;charset=UTF-8');
  }

  private takeScript(path: string, lockId: number | undefined): Behaviour | undefined {
    const i = this.scripts.findIndex((s) => s.path === path && (s.lockId === undefined || s.lockId === lockId) && s.remaining > 0);
    if (i < 0) return undefined;
    const s = this.scripts[i]!;
    if (--s.remaining === 0) this.scripts.splice(i, 1);
    return s.behaviour;
  }

  private async route(r: RecordedRequest): Promise<Reply | 'hang' | 'dropped'> {
    const p = r.params;
    if (r.path === '/oauth2/token') {
      if (r.method !== 'POST') return new Reply(405, '<html>method not allowed</html>');
      const scripted = this.takeScript(r.path, undefined);
      if (scripted) return this.scripted(scripted, () => Promise.resolve(fail(90000)));
      return this.token(p);
    }
    if (!r.path.startsWith('/v3/')) return new Reply(404, '<html>not found</html>');

    if (p.clientId !== this.opts.clientId) return fail(10000, 'client_id does not exist');
    if (!p.accessToken) return fail(10003, 'token does not exist');
    const expiry = this.accessTokens.get(p.accessToken);
    if (expiry === undefined || expiry <= Date.now()) return fail(10004, 'token is invalide or revoked');
    const date = Number(p.date);
    if (!Number.isFinite(date) || Math.abs(date - this.now()) > 5 * 60_000) return fail(80000, 'date must be current time, in 5 minutes');

    const lockId = p.lockId !== undefined ? Number(p.lockId) : undefined;
    const handler = this.handlerFor(r.method, r.path);
    if (!handler) return new Reply(404, '<html>not found</html>');
    const scripted = this.takeScript(r.path, lockId);
    if (scripted) return this.scripted(scripted, () => handler(p), p);
    return handler(p);
  }

  private async scripted(b: Behaviour, apply: () => Promise<Reply>, p: Record<string, string> = {}): Promise<Reply | 'hang' | 'dropped'> {
    if ('hang' in b) return 'hang';
    if ('status' in b) return new Reply(b.status, `<html><body>${b.status} Bad Gateway</body></html>`);
    if ('dropAfterApply' in b) {
      const applied = await apply();
      if (b.unlisted) this.unlist(Number(p.lockId), applied);
      return 'dropped';
    }
    if ('foreignDuplicate' in b) {
      this.seedCode(Number(p.lockId), { keyboardPwd: p.keyboardPwd ?? '', keyboardPwdName: '', listed: false });
      return apply();
    }
    return fail(b.errcode, b.errmsg ?? `scripted ${b.errcode}`);
  }

  private handlerFor(method: string, path: string): ((p: Record<string, string>) => Promise<Reply>) | undefined {
    const routes: Record<string, (p: Record<string, string>) => Promise<Reply>> = {
      'POST /v3/keyboardPwd/add': (p) => this.add(p),
      'POST /v3/keyboardPwd/delete': (p) => this.delete(p),
      'GET /v3/lock/listKeyboardPwd': async (p) => this.list(p),
      'GET /v3/lock/detail': async (p) => this.detail(p),
      'GET /v3/lock/list': async (p) => this.lockList(p),
      'GET /v3/gateway/listByLock': async (p) => this.gatewaysOf(p),
      'GET /v3/gateway/detail': async (p) => this.gatewayDetail(p),
      // Lock clock (live round trips to the lock, through its gateway).
      'GET /v3/lock/queryDate': (p) => this.queryDate(p),
      'POST /v3/lock/updateDate': (p) => this.updateDate(p),
    };
    return routes[`${method} ${path}`] ?? this.codesInPlaceRoute(`${method} ${path}`) ?? this.recordsRoute(`${method} ${path}`);
  }

  private async token(p: Record<string, string>): Promise<Reply> {
    if (p.clientId !== this.opts.clientId) return fail(10000, 'client_id does not exist');
    if (p.clientSecret !== this.opts.clientSecret) return fail(10001, 'invalid client');
    if (p.grant_type === 'refresh_token') {
      if (!p.refresh_token || !this.refreshTokens.has(p.refresh_token)) return fail(10011, 'invalid refresh_token');
      this.refreshTokens.delete(p.refresh_token); // rotated: the old one is spent
      return ok(this.issueTokens(false));
    }
    if (!/^[0-9a-f]{32}$/.test(p.password ?? '')) return fail(30005, 'password must be md5 encrypted');
    const md5 = createHash('md5').update(this.opts.password).digest('hex');
    if (p.username !== this.opts.username || p.password !== md5) return fail(10007, 'invalid account or invalid password');
    return ok(this.issueTokens(true));
  }

  private issueTokens(withUid: boolean): Record<string, unknown> {
    const access = `at${randomBytes(12).toString('hex')}`;
    const refresh = `rt${randomBytes(12).toString('hex')}`;
    this.accessTokens.set(access, Date.now() + this.opts.tokenTtlSeconds * 1000);
    this.refreshTokens.add(refresh);
    this.issuedTokens.push(access, refresh);
    return {
      access_token: access,
      refresh_token: refresh,
      expires_in: this.opts.tokenTtlSeconds,
      ...(withUid ? { uid: 1234567, openid: 1234567, scope: 'user,key,room', token_type: 'Bearer' } : {}),
    };
  }

  /** A gateway write: validates the lock's reachability, holds the gateway for the round trip, then applies. */
  private async onGateway(lock: FakeLock, apply: () => Reply): Promise<Reply> {
    const unlinked = this.unlinkedReply(lock.lockId); // see "Gateway offline windows" below
    if (unlinked) return unlinked;
    if (lock.gatewayId === undefined) return fail(-2012, 'The Lock is not connected to any Gateway.');
    const gateway = this.gateways.get(lock.gatewayId);
    if (!gateway?.online) return fail(-3002, 'The gateway is offline. Please check and try again.');
    if (this.busyGateways.has(lock.gatewayId)) {
      this.concurrentRejections++;
      return fail(-3003, 'The gateway is busy. Please try again later.');
    }
    this.busyGateways.add(lock.gatewayId);
    const op: GatewayOp = { gatewayId: lock.gatewayId, lockId: lock.lockId, start: Date.now(), end: 0 };
    this.gatewayOps.push(op);
    try {
      const l = this.opts.opLatencyMs;
      await new Promise((r) => setTimeout(r, typeof l === 'number' ? l : l.min + Math.random() * (l.max - l.min)));
      return apply();
    } finally {
      op.end = Date.now();
      this.busyGateways.delete(lock.gatewayId);
    }
  }

  private async add(p: Record<string, string>): Promise<Reply> {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    const pwd = p.keyboardPwd ?? '';
    if (!/^\d{4,9}$/.test(pwd)) return fail(-3006, 'Invalid Passcode. Passcode should be between 6 - 9 Digits in length');
    if (this.tooSimple(pwd, lock.lockId)) return fail(-2032, 'passcode too simple');
    const type = Number(p.keyboardPwdType ?? 3);
    const start = Number(p.startDate);
    const end = Number(p.endDate);
    if (type === 3 && (!Number.isFinite(start) || !Number.isFinite(end) || start >= end)) return fail(-3, 'Invalid Parameter');
    return this.onGateway(lock, () => {
      const codes = this.codes(lock.lockId);
      if (codes.some((c) => c.keyboardPwd === pwd)) return fail(-3007, 'The same passcode already exists. Please use another one');
      if (codes.length >= (lock.capacity ?? 250)) return fail(-3009, 'There is NO SPACE to store Customized Passcodes');
      const code = this.seedCode(lock.lockId, {
        keyboardPwd: pwd,
        keyboardPwdName: p.keyboardPwdName ?? '',
        keyboardPwdType: type,
        startDate: start,
        endDate: end,
        sendDate: Date.now(),
        addType: Number(p.addType ?? 1),
      });
      if (code.addType === 2) this.saw('add', code);
      return ok({ keyboardPwdId: code.keyboardPwdId });
    });
  }

  private async delete(p: Record<string, string>): Promise<Reply> {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    const id = Number(p.keyboardPwdId);
    return this.onGateway(lock, () => {
      const codes = this.codes(lock.lockId);
      const gone = codes.find((c) => c.keyboardPwdId === id);
      if (!gone) return fail(-2009, 'Invalid Password');
      this.codesByLock.set(
        lock.lockId,
        codes.filter((c) => c.keyboardPwdId !== id),
      );
      this.saw('delete', gone);
      return ok(DONE);
    });
  }

  private list(p: Record<string, string>): Reply {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    const pageNo = Number(p.pageNo ?? 1);
    const pageSize = Number(p.pageSize ?? 20);
    if (!(pageNo >= 1) || !(pageSize >= 1 && pageSize <= 200)) return fail(-3, 'Invalid Parameter');
    let codes = this.codes(lock.lockId).filter((c) => c.listed !== false);
    if (p.searchStr) codes = codes.filter((c) => c.keyboardPwdName.includes(p.searchStr!) || c.keyboardPwd === p.searchStr);
    const newestFirst = (a: FakeCode, b: FakeCode) => b.sendDate - a.sendDate || b.keyboardPwdId - a.keyboardPwdId;
    codes.sort(p.orderBy === '1' ? newestFirst : (a, b) => a.keyboardPwdName.localeCompare(b.keyboardPwdName));
    const total = codes.length;
    const list = codes.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((c) => ({
      ...c,
      // As in the docs' example: some numbers come back as strings.
      keyboardPwdType: String(c.keyboardPwdType),
      isCustom: 1,
      senderUsername: this.opts.username,
    }));
    return ok({ list, pageNo, pageSize, pages: Math.ceil(total / pageSize), total });
  }

  private detail(p: Record<string, string>): Reply {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    return ok({
      lockId: lock.lockId,
      lockName: `M201_${lock.lockId}`,
      lockAlias: lock.alias ?? `Lock ${lock.lockId}`,
      lockMac: 'C1:F2:03:44:55:66',
      electricQuantity: lock.battery,
      hasGateway: lock.gatewayId === undefined ? 0 : 1,
      isFrozen: 2,
      timezoneRawOffset: this.timezoneRawOffsetOf(lock),
      modelNum: 'SN9161_PV53',
      firmwareRevision: '6.0.6.210622',
      keyboardPwdVersion: 4,
      // Secrets a real lock/detail returns: they must never be printed or logged.
      noKeyPwd: '90817263',
      adminPwd: 'QUFBQUFBQUFB',
      lockKey: 'TE9DS0tFWVNFQ1JFVA==',
      aesKeyStr: '2a,3b,4c,5d',
      lockData: 'LOCKDATA-SECRET-BLOB',
      date: Date.now(),
    });
  }

  private lockList(p: Record<string, string>): Reply {
    const pageNo = Number(p.pageNo ?? 1);
    const pageSize = Number(p.pageSize ?? 20);
    if (!(pageNo >= 1) || !(pageSize >= 1 && pageSize <= 1000)) return fail(-3, 'Invalid Parameter');
    const all = [...this.locks.values()];
    const list = all.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((l) => {
      const { noKeyPwd: _n, adminPwd: _a, lockKey: _k, aesKeyStr: _s, ...rest } = (this.detail({ lockId: String(l.lockId) }).body as Record<string, unknown>);
      return rest; // lock/list still carries lockData
    });
    return ok({ list, pageNo, pageSize, pages: Math.ceil(all.length / pageSize), total: all.length });
  }

  private gatewaysOf(p: Record<string, string>): Reply {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    const links = [
      ...(lock.gatewayId === undefined ? [] : [{ gatewayId: lock.gatewayId, rssi: lock.rssi ?? -65 }]),
      ...(lock.extraGateways ?? []),
    ];
    const list = links.flatMap(({ gatewayId, rssi }) => {
      const g = this.gateways.get(gatewayId);
      return g
        ? [
            {
              gatewayId: g.gatewayId,
              gatewayMac: 'C5:40:E0:9C:8C:C1',
              gatewayName: g.name ?? `Gateway ${g.gatewayId}`,
              rssi,
              rssiUpdateDate: Date.now(),
              isOnline: g.online ? 1 : 0,
            },
          ]
        : [];
    });
    return ok({ list });
  }

  // ---------------------------------------------------------------------------------------------
  // Gateway offline windows (issue 16, retries). While a lock's window is open, every gateway
  // write to it (add, delete, and any other call that goes through `onGateway`) answers -2012,
  // "no usable gateway near the lock right now", as TTLock does while a gateway reboots or is off
  // its Wi-Fi (it keeps the gateway↔lock link 30 min and answers -2012 once it has dropped it).
  // Cloud reads (listKeyboardPwd, lock/detail) keep working, as they do on TTLock. Scripted by
  // `unlinkGateway` / `relinkGateway`; `unlinkedAnswers` counts what the window answered.
  // ---------------------------------------------------------------------------------------------

  /** lockId → when the window closes (epoch ms; Infinity = until `relinkGateway`). */
  private readonly unlinkedUntil = new Map<number, number>();
  private readonly unlinkedCount = new Map<number, number>();

  /** Gateway writes to `lockId` answer -2012 for `forMs`, or until `relinkGateway(lockId)`. */
  unlinkGateway(lockId: number, opts: { forMs?: number } = {}): void {
    this.unlinkedUntil.set(lockId, opts.forMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.forMs);
  }

  /** Ends the window: the gateway sees the lock again. */
  relinkGateway(lockId: number): void {
    this.unlinkedUntil.delete(lockId);
  }

  /** How many gateway writes to `lockId` an offline window has answered with -2012 so far. */
  unlinkedAnswers(lockId: number): number {
    return this.unlinkedCount.get(lockId) ?? 0;
  }

  private unlinkedReply(lockId: number): Reply | undefined {
    const until = this.unlinkedUntil.get(lockId);
    if (until === undefined) return undefined;
    if (Date.now() >= until) {
      this.unlinkedUntil.delete(lockId);
      return undefined;
    }
    this.unlinkedCount.set(lockId, this.unlinkedAnswers(lockId) + 1);
    return fail(-2012, 'The Lock is not connected to any Gateway.');
  }

  // ---------------------------------------------------------------------------------------------

  private gatewayDetail(p: Record<string, string>): Reply {
    const g = this.gateways.get(Number(p.gatewayId));
    if (!g) return fail(-4037, 'No such Gateway exists.');
    const lockNum = [...this.locks.values()].filter((l) => l.gatewayId === g.gatewayId).length;
    return ok({
      gatewayId: g.gatewayId,
      gatewayMac: 'C5:40:E0:9C:8C:C1',
      gatewayName: g.name ?? `Gateway ${g.gatewayId}`,
      isOnline: g.online ? 1 : 0,
      lockNum,
    });
  }

  // ---- Lock clock, timezone and gateway links (issue 16: codes that keep working) ----------

  /** Scripts a lock's clock: how far it runs ahead of the server (ms, negative = behind) and its timezoneRawOffset (ms). */
  setLockClock(lockId: number, clock: { driftMs?: number; timezoneRawOffset?: number }): void {
    const lock = this.locks.get(lockId)!;
    if (clock.driftMs !== undefined) lock.clockDriftMs = clock.driftMs;
    if (clock.timezoneRawOffset !== undefined) lock.timezoneRawOffset = clock.timezoneRawOffset;
  }

  /** What the lock's own clock reads now (epoch ms). */
  lockTime(lockId: number): number {
    return this.now() + (this.locks.get(lockId)!.clockDriftMs ?? 0);
  }

  /** Another gateway sees the lock with this signal (dBm); operations still go through its `gatewayId`. */
  linkGateway(lockId: number, gatewayId: number, rssi: number): void {
    const lock = this.locks.get(lockId)!;
    lock.extraGateways = [...(lock.extraGateways ?? []).filter((g) => g.gatewayId !== gatewayId), { gatewayId, rssi }];
  }

  /** Pairs of accepted gateway operations (on any gateways) that ran at the same time, among these locks (default all). */
  overlappingOps(lockIds?: readonly number[]): Array<[GatewayOp, GatewayOp]> {
    const ops = this.gatewayOps.filter((o) => o.end > 0 && (!lockIds || lockIds.includes(o.lockId)));
    return ops.flatMap((a, i) => ops.slice(i + 1).filter((b) => a.start < b.end && b.start < a.end).map((b) => [a, b] as [GatewayOp, GatewayOp]));
  }

  private timezoneRawOffsetOf(lock: FakeLock): number {
    return lock.timezoneRawOffset ?? DateTime.now().setZone(this.opts.timezone).offset * 60_000;
  }

  /** `{"date": <lock time>}`: a round trip to the lock through its gateway (-2012, -3002, -3003 as for writes). */
  private async queryDate(p: Record<string, string>): Promise<Reply> {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    return this.onGateway(lock, () => ok({ date: this.lockTime(lock.lockId) }));
  }

  /** Sets the lock's clock to the server's time, through its gateway; answers the lock's time after adjusting. */
  private async updateDate(p: Record<string, string>): Promise<Reply> {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    return this.onGateway(lock, () => {
      lock.clockDriftMs = 0;
      return ok({ date: this.lockTime(lock.lockId) });
    });
  }

  // ---------------------------------------------------------------- codes in place (issue 16)
  // keyboardPwd/change and deleteByCode, codes the lock holds that the list does not show,
  // foreign codes, the -2032 rule, and the timeline of what each lock's keypad saw.

  /** Every add, change and delete that reached a lock (through its gateway), in order. */
  readonly lockTimeline: LockOp[] = [];
  /** Which digits the locks refuse as too simple (-2032), on add and on change. Replace it to script another rule. */
  tooSimple: (pwd: string, lockId: number) => boolean = (pwd) => factsSheetTooSimple(pwd);

  private codesInPlaceRoute(key: string): ((p: Record<string, string>) => Promise<Reply>) | undefined {
    const routes: Record<string, (p: Record<string, string>) => Promise<Reply>> = {
      'POST /v3/keyboardPwd/change': (p) => this.change(p),
      'POST /v3/keyboardPwd/deleteByCode': (p) => this.deleteByCode(p),
    };
    return routes[key];
  }

  /** What was on the lock after the first `upTo` timeline entries (all of them by default): lockId → codes. */
  lockStateAt(upTo = this.lockTimeline.length): Map<number, LockOp[]> {
    const state = new Map<number, Map<number, LockOp>>();
    for (const op of this.lockTimeline.slice(0, upTo)) {
      const lock = state.get(op.lockId) ?? new Map<number, LockOp>();
      state.set(op.lockId, lock);
      if (op.op === 'delete') lock.delete(op.keyboardPwdId);
      else lock.set(op.keyboardPwdId, op);
    }
    return new Map([...state].map(([lockId, codes]) => [lockId, [...codes.values()]]));
  }

  private saw(op: LockOp['op'], c: FakeCode): void {
    this.lockTimeline.push({ seq: this.lockTimeline.length + 1, op, lockId: c.lockId, keyboardPwdId: c.keyboardPwdId, code: c.keyboardPwd, start: c.startDate, end: c.endDate });
  }

  /** After a scripted lost answer: the code stays on the lock but drops out of the cloud's list. */
  private unlist(lockId: number, applied: Reply): void {
    const id = Number((applied.body as { keyboardPwdId?: unknown } | undefined)?.keyboardPwdId);
    const code = this.codesByLock.get(lockId)?.find((c) => c.keyboardPwdId === id);
    if (code) code.listed = false;
  }

  /**
   * `/v3/keyboardPwd/change`: new dates (both, or nothing changes, as the CN doc says), new name,
   * new digits. changeType 2 reaches the lock; 1 (the default) changes only the cloud's record.
   */
  private async change(p: Record<string, string>): Promise<Reply> {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    const id = Number(p.keyboardPwdId);
    const newPwd = p.newKeyboardPwd;
    if (newPwd !== undefined && !/^\d{4,9}$/.test(newPwd)) return fail(-3006, 'Invalid Passcode. Passcode should be between 6 - 9 Digits in length');
    if (newPwd !== undefined && this.tooSimple(newPwd, lock.lockId)) return fail(-2032, 'passcode too simple');
    const dates = p.startDate !== undefined && p.endDate !== undefined ? { start: Number(p.startDate), end: Number(p.endDate) } : undefined;
    if (dates && !(Number.isFinite(dates.start) && Number.isFinite(dates.end) && dates.start < dates.end)) return fail(-3, 'Invalid Parameter');
    const apply = (): Reply => {
      const codes = this.codes(lock.lockId);
      const code = codes.find((c) => c.keyboardPwdId === id);
      if (!code) return fail(-2009, 'Invalid Password');
      if (newPwd !== undefined && codes.some((c) => c.keyboardPwd === newPwd && c.keyboardPwdId !== id)) {
        return fail(-3007, 'The same passcode already exists. Please use another one');
      }
      if (p.keyboardPwdName !== undefined) code.keyboardPwdName = p.keyboardPwdName;
      if (newPwd !== undefined) code.keyboardPwd = newPwd;
      if (dates) {
        code.startDate = dates.start;
        code.endDate = dates.end;
      }
      if (p.changeType === '2' && (dates || newPwd !== undefined)) this.saw('change', code);
      return ok(DONE);
    };
    // A rename alone, or changeType 1, never goes to the lock.
    return p.changeType === '2' ? this.onGateway(lock, apply) : apply();
  }

  /** `/v3/keyboardPwd/deleteByCode`: by the digits, listed or not. deleteType 1 (the default) forgets it in the cloud only. */
  private async deleteByCode(p: Record<string, string>): Promise<Reply> {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    const pwd = p.keyboardPwd ?? '';
    const apply = (): Reply => {
      const codes = this.codes(lock.lockId);
      const gone = codes.find((c) => c.keyboardPwd === pwd);
      if (!gone) return fail(-2009, 'Invalid Password');
      if (p.deleteType !== '2') {
        gone.listed = false;
        return ok(DONE);
      }
      this.codesByLock.set(
        lock.lockId,
        codes.filter((c) => c !== gone),
      );
      this.saw('delete', gone);
      return ok(DONE);
    };
    return p.deleteType === '2' ? this.onGateway(lock, apply) : apply();
  }

  // ---------------------------------------------------------------- lock records (issue 17)
  // `/v3/lockRecord/list`: what each lock's gateway uploaded (a cloud read: no gateway turn),
  // filtered on lock time, paged, newest first (TTLock does not document an order). Tests add
  // entries with `addRecord` / `keypadEntry`; the lock keeps its last 500, as a real one does.

  private readonly recordsByLock = new Map<number, FakeLockRecord[]>();
  private nextRecordId = 900_000;

  /** Adds an entry to a lock's log as its gateway would upload it; returns it. */
  addRecord(lockId: number, record: Partial<FakeLockRecord> & Pick<FakeLockRecord, 'recordType'>): FakeLockRecord {
    const at = record.lockDate ?? Date.now();
    const full: FakeLockRecord = { recordId: this.nextRecordId++, lockId, success: 1, username: '', keyboardPwd: '', lockDate: at, serverDate: at + 5_000, ...record };
    const log = [...(this.recordsByLock.get(lockId) ?? []), full];
    this.recordsByLock.set(lockId, log.slice(-500));
    return full;
  }

  /**
   * Someone types `code` on the lock's keypad: an opening (cloud type 4, lock type 4) when the
   * lock holds those digits valid at that moment, else a refusal (lock type 7: unknown passcode).
   */
  keypadEntry(lockId: number, code: string, at = Date.now()): FakeLockRecord {
    const held = this.codes(lockId).find((c) => c.keyboardPwd === code && c.startDate <= at && at < c.endDate);
    return this.addRecord(lockId, {
      recordType: 4,
      recordTypeFromLock: held ? 4 : 7,
      success: held ? 1 : 0,
      username: held?.keyboardPwdName ?? '',
      keyboardPwd: code,
      lockDate: at,
    });
  }

  records(lockId: number): FakeLockRecord[] {
    return [...(this.recordsByLock.get(lockId) ?? [])];
  }

  private recordsRoute(key: string): ((p: Record<string, string>) => Promise<Reply>) | undefined {
    return key === 'GET /v3/lockRecord/list' ? async (p) => this.recordList(p) : undefined;
  }

  private recordList(p: Record<string, string>): Reply {
    const lock = this.locks.get(Number(p.lockId));
    if (!lock) return fail(-1003, 'Lock does not exist');
    const pageNo = Number(p.pageNo ?? 1);
    const pageSize = Number(p.pageSize ?? 20);
    if (!(pageNo >= 1) || !(pageSize >= 1 && pageSize <= 200)) return fail(-3, 'Invalid Parameter');
    // 0 (or absent) = no constraint, as the older v3 docs say.
    const start = Number(p.startDate ?? 0);
    const end = Number(p.endDate ?? 0);
    const all = this.records(lock.lockId)
      .filter((r) => (start === 0 || r.lockDate >= start) && (end === 0 || r.lockDate <= end))
      .sort((a, b) => b.lockDate - a.lockDate || b.recordId - a.recordId);
    // As in the docs' examples, some numbers come back as strings.
    const list = all.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((r) => ({ ...r, recordId: String(r.recordId), lockDate: String(r.lockDate) }));
    return ok({ list, pageNo, pageSize, pages: Math.ceil(all.length / pageSize), total: all.length });
  }
}

/** One lockRecord/list entry (facts sheet §9.5). */
export interface FakeLockRecord {
  recordId: number;
  lockId: number;
  /** Cloud scheme: 4 passcode unlock, 1 app, 7 IC card, 12 gateway, ... */
  recordType: number;
  /** Lock scheme: 4 passcode OK, 7 unknown passcode, 11 expired or not yet valid, ... (absent on some entries). */
  recordTypeFromLock?: number;
  success: number;
  username: string;
  keyboardPwd: string;
  lockDate: number;
  serverDate: number;
}

/** The facts sheet's -2032 rule (CN error table): all one digit, or a straight run up or down. */
export function factsSheetTooSimple(pwd: string): boolean {
  if (/^(\d)\1+$/.test(pwd)) return true;
  const d = [...pwd].map(Number);
  const steps = d.slice(1).map((x, i) => x - d[i]!);
  return steps.every((s) => s === 1) || steps.every((s) => s === -1);
}
