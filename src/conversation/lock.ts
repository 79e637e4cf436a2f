import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/script.js';
import { EXTEND_LOCK, RELEASE_LOCK } from './scripts.js';

const releaseScript = new LuaScript(RELEASE_LOCK);
const extendScript = new LuaScript(EXTEND_LOCK);

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * A per-key mutex in Redis (SET NX PX + owner token), renewed while held, so that only one
 * process works on a conversation at a time. If the holder dies, the TTL frees the key.
 */
export class RedisMutex {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs = 30_000,
  ) {}

  async tryAcquire(key: string): Promise<HeldLock | undefined> {
    const token = randomUUID();
    const ok = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
    if (ok !== 'OK') return undefined;
    const renew = setInterval(() => {
      extendScript.run(this.redis, [key], [token, this.ttlMs]).catch(() => {});
    }, Math.floor(this.ttlMs / 3));
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await releaseScript.run(this.redis, [key], [token]);
      },
    };
  }
}
