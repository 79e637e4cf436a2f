import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AxiosInstance } from 'axios';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { errorMessage, isRetryable } from '../errors.js';
import { RedisMutex } from '../redis/mutex.js';
import { TTLockApiError } from './errors.js';
import { sendRequest, type Params } from './http.js';
import { tokenResponseSchema } from './schemas.js';

export interface TTLockCredentials {
  clientId: string;
  clientSecret: string;
  /** The TTLock app account that owns the locks. */
  username: string;
  /** Plain; only its md5 leaves this process. */
  password: string;
}

export interface TokenStoreDeps {
  redis: Redis;
  /** Hash holding the shared token (`ttlock:token`). */
  key: string;
  http: AxiosInstance;
  credentials: TTLockCredentials;
  logger: Logger;
  now?: () => number;
  /** Renew this long before expiry (default 1 day, capped at half the token's lifetime). */
  refreshMarginMs?: number;
  /**
   * TTL of the cross-process renewal lock (default 90 s: a few HTTP timeouts). It is extended
   * while the renewal runs, so this is how long the others wait for a renewer that died.
   */
  renewLockMs?: number;
}

const storedSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().default(''),
  expiresAt: z.coerce.number(),
  obtainedAt: z.coerce.number(),
  account: z.string(),
});
type StoredToken = z.infer<typeof storedSchema>;

const DAY_MS = 24 * 60 * 60 * 1000;

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * The access token every process shares, kept in Redis so that a fleet of workers logs in
 * once, not once each. Renewal is single-flight twice over: one promise per process, and a
 * Redis lock across processes (the others wait and read what the winner stored). A refresh
 * token that TTLock refuses falls back to the password grant.
 */
export class TTLockTokens {
  private readonly now: () => number;
  private readonly account: string;
  private readonly lockKey: string;
  private readonly renewLock: RedisMutex;
  private inflight: Promise<string> | undefined;

  constructor(private readonly deps: TokenStoreDeps) {
    this.now = deps.now ?? Date.now;
    const c = deps.credentials;
    // A token belongs to one app, account and region: changing any of them must not reuse it.
    this.account = createHash('sha256').update(`${deps.http.defaults.baseURL ?? ''}\n${c.clientId}\n${c.username}`).digest('hex').slice(0, 16);
    this.lockKey = `${deps.key}:renewing`;
    this.renewLock = new RedisMutex(deps.redis, deps.renewLockMs ?? 90_000);
  }

  /** A token that is valid now. `rejected` is one TTLock just refused (10004): never return it again. */
  async accessToken(rejected?: string): Promise<string> {
    const stored = await this.read();
    if (stored && this.fresh(stored, rejected)) return stored.accessToken;
    this.inflight ??= this.renew(rejected).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forgets the stored token (operator tooling, tests). */
  async clear(): Promise<void> {
    await this.deps.redis.del(this.deps.key);
  }

  private fresh(t: StoredToken | undefined, rejected?: string): boolean {
    if (!t || t.account !== this.account || t.accessToken === rejected) return false;
    const margin = Math.min(this.deps.refreshMarginMs ?? DAY_MS, (t.expiresAt - t.obtainedAt) / 2);
    return t.expiresAt - this.now() > margin;
  }

  private async renew(rejected?: string): Promise<string> {
    for (;;) {
      const held = await this.renewLock.tryAcquire(this.lockKey);
      if (held) {
        try {
          return await this.renewLocked(rejected);
        } finally {
          await held.release().catch(() => {});
        }
      }
      // Another process is renewing: use its token as soon as it is stored (its lock expires if it died).
      await sleep(100);
      const stored = await this.read();
      if (stored && this.fresh(stored, rejected)) return stored.accessToken;
    }
  }

  private async renewLocked(rejected?: string): Promise<string> {
    const stored = await this.read();
    if (stored && this.fresh(stored, rejected)) return stored.accessToken; // renewed while we queued for the lock
    const usable = stored && stored.account === this.account ? stored : undefined;
    try {
      const next = await this.obtain(usable);
      await this.write(next);
      return next.accessToken;
    } catch (err) {
      // Refreshing early failed for a passing reason: the old token still works for now.
      if (usable && usable.accessToken !== rejected && usable.expiresAt > this.now() + 60_000 && isRetryable(err)) {
        this.deps.logger.warn({ err: errorMessage(err) }, 'TTLock token refresh failed; using the current token until it expires');
        return usable.accessToken;
      }
      throw err;
    }
  }

  private async obtain(stored: StoredToken | undefined): Promise<StoredToken> {
    const c = this.deps.credentials;
    if (stored?.refreshToken) {
      try {
        const t = await this.grant({ grant_type: 'refresh_token', refresh_token: stored.refreshToken }, stored.refreshToken);
        this.deps.logger.info('TTLock access token refreshed');
        return t;
      } catch (err) {
        if (isRetryable(err)) throw err;
        this.deps.logger.warn({ err: errorMessage(err) }, 'TTLock refused the refresh token; logging in again');
      }
    }
    const t = await this.grant({ username: c.username, password: md5Hex(c.password) }, undefined);
    this.deps.logger.info('TTLock login succeeded');
    return t;
  }

  private async grant(params: Params, previousRefresh: string | undefined): Promise<StoredToken> {
    const c = this.deps.credentials;
    const requestedAt = this.now();
    const body = await sendRequest(
      this.deps.http,
      { method: 'POST', path: '/oauth2/token', params: { clientId: c.clientId, clientSecret: c.clientSecret, ...params } },
      this.deps.logger,
    );
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      // OAuth-style refusals ({error, error_description}) have no errcode; never retry a login blindly.
      const reason = typeof body.error_description === 'string' ? body.error_description : typeof body.error === 'string' ? body.error : 'no access_token';
      throw new TTLockApiError(`TTLock login failed: ${reason.slice(0, 200)}`, false, '/oauth2/token', undefined);
    }
    const t = parsed.data;
    return {
      accessToken: t.access_token,
      // Keep the old refresh token if TTLock did not rotate it.
      refreshToken: t.refresh_token || previousRefresh || '',
      expiresAt: requestedAt + t.expires_in * 1000,
      obtainedAt: requestedAt,
      account: this.account,
    };
  }

  private async read(): Promise<StoredToken | undefined> {
    const h = await this.deps.redis.hgetall(this.deps.key);
    const parsed = storedSchema.safeParse(h);
    return parsed.success ? parsed.data : undefined;
  }

  private async write(t: StoredToken): Promise<void> {
    await this.deps.redis
      .multi()
      .del(this.deps.key)
      .hset(this.deps.key, {
        accessToken: t.accessToken,
        refreshToken: t.refreshToken,
        expiresAt: t.expiresAt,
        obtainedAt: t.obtainedAt,
        account: t.account,
      })
      .exec();
  }
}
