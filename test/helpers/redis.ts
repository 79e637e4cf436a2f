import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisKeys, type RedisKeys } from '../../src/redis-keys.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  redis: Redis;
  url: string;
  /** Unique per call, so test files can share one Redis and run in parallel. */
  prefix: string;
  keys: RedisKeys;
  /** Deletes every key under the prefix (and the TTLock gateway queue's, under b_<prefix>) and closes the client. */
  cleanup(): Promise<void>;
}

export function testRedis(): TestRedis {
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = `test:${randomUUID()}:`;
  return {
    redis,
    url: TEST_REDIS_URL,
    prefix,
    keys: redisKeys(prefix),
    async cleanup() {
      await Promise.all([deleteByPrefix(redis, prefix), deleteByPrefix(redis, `b_${prefix}`)]);
      await redis.quit();
    },
  };
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
