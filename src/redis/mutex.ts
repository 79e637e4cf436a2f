import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from './script.js';

/** Deletes a key only while it still holds the given value (our token). Keys and arguments: in the .lua file. */
export const COMPARE_AND_DELETE = LuaScript.fromFile(new URL('./lua/compare-and-delete.lua', import.meta.url));

/** Extends a key's TTL only while we still own it. Keys and arguments: in the .lua file. */
const EXTEND = LuaScript.fromFile(new URL('./lua/mutex-extend.lua', import.meta.url));

export interface HeldMutex {
  /**
   * The lock may have passed to another process: a renewal was refused, or none has been confirmed
   * for a whole TTL (Redis slow or away). The holder stops before its next side effect.
   */
  lost(): boolean;
  release(): Promise<void>;
}

/**
 * A per-key mutex in Redis (SET NX PX + owner token), renewed while held (every third of the TTL),
 * so that only one process works on a thing at a time (a conversation, the TTLock token refresh,
 * a staff topic). If the holder dies, the TTL frees
 * the key: a short TTL means another process takes over soon after a crash.
 */
export class RedisMutex {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async tryAcquire(key: string): Promise<HeldMutex | undefined> {
    const token = randomUUID();
    const ok = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
    if (ok !== 'OK') return undefined;
    let confirmedAt = this.now();
    let refused = false;
    const renew = setInterval(() => {
      const asked = this.now();
      EXTEND
        .run(this.redis, [key], [token, this.ttlMs])
        .then((extended) => {
          if (extended === 1) confirmedAt = asked;
          else refused = true;
        })
        .catch(() => {});
    }, Math.floor(this.ttlMs / 3));
    renew.unref();
    return {
      lost: () => refused || this.now() - confirmedAt >= this.ttlMs,
      release: async () => {
        clearInterval(renew);
        await COMPARE_AND_DELETE.run(this.redis, [key], [token]);
      },
    };
  }
}
