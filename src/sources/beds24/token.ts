import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AxiosInstance } from 'axios';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { RedisMutex } from '../../redis/mutex.js';
import { SourceError, SourceHaltedError } from '../source.js';
import { beds24Get } from './http.js';
import { errorResponseSchema, tokenResponseSchema } from './schemas.js';

export interface Beds24TokenDeps {
  redis: Redis;
  /** Hash of the shared access token (`beds24:token`). */
  key: string;
  /** Set while Beds24 refuses this refresh token (`beds24:refused`), to the token's fingerprint. */
  refusedKey: string;
  http: AxiosInstance;
  timeoutMs: number;
  refreshToken: string;
  logger: Logger;
  now?: () => number;
}

const storedSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.coerce.number(),
  obtainedAt: z.coerce.number(),
  account: z.string(),
});
type StoredToken = z.infer<typeof storedSchema>;

/** Renew this long before expiry (at most half a token's life): a sync never starts on a token about to die. */
const REFRESH_MARGIN_MS = 30 * 60_000;
/** How long the others wait for a renewer that died. */
const RENEW_LOCK_MS = 30_000;
/** A refused refresh token is tried again this much later (one request), in case the refusal was Beds24's mistake. */
const REFUSED_RETRY_SECONDS = 24 * 3600;

/**
 * The Beds24 access token every process shares, in Redis with its expiry: a new one costs credits,
 * so a fleet of workers fetches one a day, not one each. Renewal is single-flight per process and,
 * through a Redis lock, across processes. A refresh token Beds24 refuses stops the source
 * (SourceHaltedError) until the setting changes or a day has passed.
 */
export class Beds24Tokens {
  private readonly now: () => number;
  /** The token is stored for this refresh token and API only: a new one in the settings never reuses the old. */
  readonly account: string;
  private readonly renewLock: RedisMutex;
  private inflight: Promise<string> | undefined;

  constructor(private readonly deps: Beds24TokenDeps) {
    this.now = deps.now ?? Date.now;
    this.account = createHash('sha256').update(`${deps.http.defaults.baseURL ?? ''}\n${deps.refreshToken}`).digest('hex').slice(0, 16);
    this.renewLock = new RedisMutex(deps.redis, RENEW_LOCK_MS);
  }

  /** A token valid now. `rejected`: one Beds24 just answered 401 to; never returned again. */
  async accessToken(rejected?: string): Promise<string> {
    const stored = await this.read();
    if (stored && this.fresh(stored, rejected)) return stored.token;
    this.inflight ??= this.renew(rejected).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Throws SourceHaltedError while Beds24 refuses this refresh token: nothing is asked of Beds24 meanwhile. */
  async assertUsable(): Promise<void> {
    if ((await this.deps.redis.get(this.deps.refusedKey)) === this.account) throw refusedError();
  }

  private fresh(t: StoredToken, rejected?: string): boolean {
    if (t.account !== this.account || t.token === rejected) return false;
    const margin = Math.min(REFRESH_MARGIN_MS, (t.expiresAt - t.obtainedAt) / 2);
    return t.expiresAt - this.now() > margin;
  }

  private async renew(rejected?: string): Promise<string> {
    const lockKey = `${this.deps.key}:renewing`;
    for (;;) {
      const held = await this.renewLock.tryAcquire(lockKey);
      if (held) {
        try {
          const stored = await this.read();
          if (stored && this.fresh(stored, rejected)) return stored.token; // renewed while we queued
          const next = await this.obtain();
          await this.write(next);
          return next.token;
        } finally {
          await held.release().catch(() => {});
        }
      }
      // Another process is renewing: take its token as soon as it is stored (its lock expires if it died).
      await sleep(100);
      const stored = await this.read();
      if (stored && this.fresh(stored, rejected)) return stored.token;
    }
  }

  private async obtain(): Promise<StoredToken> {
    await this.assertUsable();
    const requestedAt = this.now();
    const res = await beds24Get(this.deps.http, '/authentication/token', {}, { refreshToken: this.deps.refreshToken }, this.deps.timeoutMs);
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const why = errorResponseSchema.safeParse(res.body).data?.error;
      await this.deps.redis.set(this.deps.refusedKey, this.account, 'EX', REFUSED_RETRY_SECONDS);
      this.deps.logger.error({ status: res.status, why: why?.slice(0, 200) }, 'Beds24 refused the refresh token');
      throw refusedError();
    }
    if (res.status < 200 || res.status >= 300) throw new SourceError(`Beds24 token refresh answered HTTP ${res.status}`);
    const parsed = tokenResponseSchema.safeParse(res.body);
    if (!parsed.success) throw new SourceError('Beds24 token refresh gave an answer without a token');
    this.deps.logger.info('Beds24 access token refreshed');
    return { token: parsed.data.token, expiresAt: requestedAt + parsed.data.expiresIn * 1000, obtainedAt: requestedAt, account: this.account };
  }

  private async read(): Promise<StoredToken | undefined> {
    return storedSchema.safeParse(await this.deps.redis.hgetall(this.deps.key)).data;
  }

  private async write(t: StoredToken): Promise<void> {
    const ttlMs = Math.max(1, t.expiresAt - this.now());
    await this.deps.redis.multi().del(this.deps.key).hset(this.deps.key, t).pexpire(this.deps.key, ttlMs).exec();
  }
}

function refusedError(): SourceHaltedError {
  return new SourceHaltedError(
    'Beds24 refuses the refresh token (BEDS24_REFRESH_TOKEN): it was revoked, unused for 30 days, or this server\'s address is not on its IP whitelist. ' +
      'Make a new invite code in Beds24 (Settings → Apps & Integrations → API), turn it into a refresh token (see the README, "Beds24") and set it',
  );
}
