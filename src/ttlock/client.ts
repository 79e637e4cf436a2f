import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { errcodeOf, TOKEN_ERRCODES, TTLockApiError } from './errors.js';
import { sendRequest, type Params } from './http.js';
import {
  addPasscodeResponseSchema,
  gatewayListSchema,
  gatewaySchema,
  lockDateSchema,
  lockDetailSchema,
  lockListSchema,
  lockRecordPageSchema,
  passcodePageSchema,
  type Gateway,
  type LockDetail,
  type LockRecordEntry,
  type LockRecordPage,
  type Passcode,
  type PasscodePage,
  writeAckSchema,
} from './schemas.js';
import type { TTLockTokens } from './token.js';

export interface TTLockClientDeps {
  http: AxiosInstance;
  clientId: string;
  tokens: TTLockTokens;
  logger: Logger;
  now?: () => number;
}

export interface AddPasscodeRequest {
  lockId: number;
  /** Sent as a string so leading zeros survive. */
  code: string;
  name: string;
  /** Epoch ms. */
  start: number;
  end: number;
}

/** listKeyboardPwd's documented maximum. */
const PAGE_SIZE = 200;
/** A lock holds a few hundred codes; anything past this is a paging bug, not data. */
const MAX_PAGES = 20;
/** A lock keeps its last 500 records; a poll's window holds far fewer, so this is a paging bug, not data. */
const MAX_RECORD_PAGES = 10;

/**
 * The TTLock Cloud Open API (v3), one method per endpoint we use. Authentication travels as
 * parameters (clientId, accessToken, date), never as a header. A token TTLock refuses (10004,
 * 10003) is renewed and the call tried once more. No retries beyond that here: callers decide,
 * because only they know whether a write may be repeated.
 */
export class TTLockClient {
  private readonly now: () => number;
  /** The last token TTLock refused during a gateway turn: `ready()` renews it, outside the turn. */
  private refused: string | undefined;
  constructor(private readonly deps: TTLockClientDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Makes sure a valid token is at hand, so a gateway turn is not spent logging in. */
  async ready(): Promise<void> {
    await this.deps.tokens.accessToken(this.refused);
  }

  /**
   * Runs a gateway write (add, change, delete, deleteByCode) in a turn of `turn`, the gateway queue.
   * A renewal can take several HTTP timeouts (it may wait for another process's), so it never
   * happens inside the turn: a write refused for its token gives the turn back, the token is
   * renewed, and the write gets one more turn. A turn is then at most one HTTP call long, which
   * is what the queue's slot expiration is sized for.
   */
  async inTurn<T>(turn: (write: () => Promise<T>) => Promise<T>, write: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.ready();
      try {
        return await turn(write);
      } catch (err) {
        const errcode = errcodeOf(err);
        if (attempt > 0 || errcode === undefined || !TOKEN_ERRCODES.has(errcode)) throw err;
        this.deps.logger.info({ errcode }, 'TTLock refused the access token during a gateway turn; renewing it outside the turn');
      }
    }
  }

  /** Creates a timed custom passcode on the lock itself (addType=2: through its gateway). Meant for `inTurn`. */
  async addPasscode(req: AddPasscodeRequest): Promise<number> {
    const body = await this.gatewayCall('/v3/keyboardPwd/add', {
      lockId: req.lockId,
      keyboardPwd: req.code,
      keyboardPwdName: req.name,
      keyboardPwdType: 3,
      startDate: req.start,
      endDate: req.end,
      // 1 (the default) would only record the code in the cloud: the keypad would reject it.
      addType: 2,
    });
    return this.parse(addPasscodeResponseSchema, body, '/v3/keyboardPwd/add', true).keyboardPwdId;
  }

  /** Removes a passcode from the lock (deleteType=2: through its gateway). Meant for `inTurn`. */
  async deletePasscode(lockId: number, keyboardPwdId: number): Promise<void> {
    await this.gatewayCall('/v3/keyboardPwd/delete', { lockId, keyboardPwdId, deleteType: 2 });
  }

  /**
   * Moves a passcode's validity in place (changeType=2: through its gateway): same digits, same
   * id. Both dates are always sent: with only one, TTLock answers success and changes nothing.
   * Meant for `inTurn`.
   */
  async changePasscodeWindow(req: { lockId: number; keyboardPwdId: number; start: number; end: number }): Promise<void> {
    const body = await this.gatewayCall('/v3/keyboardPwd/change', {
      lockId: req.lockId,
      keyboardPwdId: req.keyboardPwdId,
      startDate: req.start,
      endDate: req.end,
      // 1 (the default) would change only the cloud's record: the lock would keep the old window.
      changeType: 2,
    });
    this.parse(writeAckSchema, body, '/v3/keyboardPwd/change', true);
  }

  /**
   * Removes a passcode by its digits (deleteType=2: through its gateway), for one whose id we do
   * not have or that listKeyboardPwd does not show. Meant for `inTurn`.
   */
  async deletePasscodeByCode(lockId: number, code: string): Promise<void> {
    const body = await this.gatewayCall('/v3/keyboardPwd/deleteByCode', { lockId, keyboardPwd: code, deleteType: 2 });
    this.parse(writeAckSchema, body, '/v3/keyboardPwd/deleteByCode', true);
  }

  async listPasscodesPage(lockId: number, pageNo: number, pageSize = PAGE_SIZE): Promise<PasscodePage> {
    // orderBy 1 = newest first: a code added while we page shifts entries down (seen twice, deduplicated), never out of view.
    const body = await this.call('GET', '/v3/lock/listKeyboardPwd', { lockId, pageNo, pageSize, orderBy: 1 });
    return this.parse(passcodePageSchema, body, '/v3/lock/listKeyboardPwd', false);
  }

  /** Every passcode on the lock, all pages. */
  async listPasscodes(lockId: number): Promise<Passcode[]> {
    const byId = new Map<number, Passcode>();
    for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
      const page = await this.listPasscodesPage(lockId, pageNo);
      for (const p of page.list) byId.set(p.keyboardPwdId, p);
      const pages = page.pages ?? (page.total !== undefined ? Math.ceil(page.total / PAGE_SIZE) : undefined);
      if (page.list.length === 0 || (pages !== undefined ? pageNo >= pages : page.list.length < PAGE_SIZE)) break;
    }
    return [...byId.values()];
  }

  /** One page of the lock's records whose lock time is in [start, end] (epoch ms). A cloud read: no gateway turn. */
  async listLockRecordsPage(lockId: number, start: number, end: number, pageNo: number, pageSize = PAGE_SIZE): Promise<LockRecordPage> {
    const body = await this.call('GET', '/v3/lockRecord/list', { lockId, startDate: start, endDate: end, pageNo, pageSize });
    return this.parse(lockRecordPageSchema, body, '/v3/lockRecord/list', false);
  }

  /**
   * Every record of the lock with its lock time in [start, end], all pages, each once (by
   * recordId: a record uploaded while we page can shift another onto the next page), oldest
   * first (the order TTLock answers in is not documented).
   */
  async listLockRecords(lockId: number, start: number, end: number): Promise<LockRecordEntry[] & { truncated?: boolean }> {
    const byId = new Map<number, LockRecordEntry>();
    let truncated = true;
    for (let pageNo = 1; pageNo <= MAX_RECORD_PAGES; pageNo++) {
      const page = await this.listLockRecordsPage(lockId, start, end, pageNo);
      for (const r of page.list) byId.set(r.recordId, r);
      const pages = page.pages ?? (page.total !== undefined ? Math.ceil(page.total / PAGE_SIZE) : undefined);
      if (page.list.length === 0 || (pages !== undefined ? pageNo >= pages : page.list.length < PAGE_SIZE)) {
        truncated = false;
        break;
      }
    }
    const entries = [...byId.values()].sort((a, b) => a.lockDate - b.lockDate || a.recordId - b.recordId);
    // Stopped at the page limit with more left: the caller must not take this as the whole window.
    return truncated ? Object.assign(entries, { truncated: true }) : entries;
  }

  async lockDetail(lockId: number): Promise<LockDetail> {
    return this.parse(lockDetailSchema, await this.call('GET', '/v3/lock/detail', { lockId }), '/v3/lock/detail', false);
  }

  /** Locks this account administers (locks shared by eKey are not listed). */
  async listLocks(): Promise<LockDetail[]> {
    const locks: LockDetail[] = [];
    for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
      const page = this.parse(lockListSchema, await this.call('GET', '/v3/lock/list', { pageNo, pageSize: 100 }), '/v3/lock/list', false);
      locks.push(...page.list);
      if (page.list.length < 100 || (page.pages !== undefined && pageNo >= page.pages)) break;
    }
    return locks;
  }

  async gatewaysOfLock(lockId: number): Promise<Gateway[]> {
    return this.parse(gatewayListSchema, await this.call('GET', '/v3/gateway/listByLock', { lockId }), '/v3/gateway/listByLock', false).list;
  }

  async gatewayDetail(gatewayId: number): Promise<Gateway> {
    return this.parse(gatewaySchema, await this.call('GET', '/v3/gateway/detail', { gatewayId }), '/v3/gateway/detail', false);
  }

  // Lock clock. Both calls are live round trips to the lock through its gateway (facts sheet
  // §9.3), so they take the gateway's turn like a write: meant for `inTurn`.

  /** What the lock's own clock reads now, epoch ms. */
  async queryLockDate(lockId: number): Promise<number> {
    const body = await this.gatewayCall('/v3/lock/queryDate', { lockId }, 'GET');
    return this.parse(lockDateSchema, body, '/v3/lock/queryDate', false).date;
  }

  /** Sets the lock's clock to TTLock's time; returns what the lock reads after adjusting, epoch ms. */
  async updateLockDate(lockId: number): Promise<number> {
    const body = await this.gatewayCall('/v3/lock/updateDate', { lockId });
    return this.parse(lockDateSchema, body, '/v3/lock/updateDate', true).date;
  }

  private async call(method: 'GET' | 'POST', path: string, params: Params): Promise<Record<string, unknown>> {
    let token = await this.deps.tokens.accessToken();
    for (let attempt = 0; ; attempt++) {
      try {
        // `date` is taken at each send: TTLock refuses one more than 5 minutes old (80000).
        return await sendRequest(
          this.deps.http,
          { method, path, params: { clientId: this.deps.clientId, accessToken: token, ...params, date: this.now() } },
          this.deps.logger,
        );
      } catch (err) {
        const errcode = errcodeOf(err);
        if (attempt > 0 || errcode === undefined || !TOKEN_ERRCODES.has(errcode)) throw err;
        this.deps.logger.info({ endpoint: path, errcode }, 'TTLock refused the access token; renewing it');
        token = await this.deps.tokens.accessToken(token);
      }
    }
  }

  /**
   * A call through the gateway (a write, or a live read of the lock): one request, no renewal (see `inTurn`). `ready()` has just made
   * the stored token fresh (well ahead of its expiry), so reading it here does not log in either.
   */
  private async gatewayCall(path: string, params: Params, method: 'GET' | 'POST' = 'POST'): Promise<Record<string, unknown>> {
    const token = await this.deps.tokens.accessToken();
    try {
      return await sendRequest(
        this.deps.http,
        { method, path, params: { clientId: this.deps.clientId, accessToken: token, ...params, date: this.now() } },
        this.deps.logger,
      );
    } catch (err) {
      const errcode = errcodeOf(err);
      if (errcode !== undefined && TOKEN_ERRCODES.has(errcode)) this.refused = token;
      throw err;
    }
  }

  private parse<T>(schema: z.ZodType<T>, body: unknown, endpoint: string, write: boolean): T {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    this.deps.logger.warn({ endpoint, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'unexpected TTLock response');
    // A write we cannot read the answer of may still have happened: the caller reconciles.
    throw new TTLockApiError(`TTLock ${endpoint}: unexpected response`, write, endpoint, undefined, write);
  }
}
