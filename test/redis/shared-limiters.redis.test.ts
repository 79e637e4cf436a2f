import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedLimiters } from '../../src/redis/shared-limiters.js';
import { deleteByPrefix, testRedis } from '../helpers/redis.js';

const t = testRedis();
const limiters = new SharedLimiters({ redis: t.redis, prefix: t.prefix, logger: pino({ level: 'silent' }) });
afterAll(async () => {
  await limiters.close();
  await deleteByPrefix(t.redis, `b_${t.prefix}`);
  await t.cleanup();
});

async function bottleneckKeys(suffix = ''): Promise<string[]> {
  return t.redis.keys(`b_${t.prefix.replace(/[*?[\]\\]/g, '\\$&')}*${suffix}`);
}

describe('shared limiters on Redis 7', () => {
  it('a process Redis forgot (unseen for the client timeout: Redis paused) or whose state is gone (Redis emptied) carries on', async () => {
    const limiter = limiters.group('recover', { maxConcurrent: 1, minTime: 0 }).key('k');
    expect(await limiter.schedule(async () => 'first')).toBe('first');

    // What Bottleneck's scripts do to a client not seen for its 10 s timeout: it is unknown from then on.
    const [lastSeen] = await bottleneckKeys('_client_last_seen');
    await t.redis.del(lastSeen!);
    expect(await limiter.schedule(async () => 'second')).toBe('second');

    await t.redis.del(...(await bottleneckKeys()));
    expect(await limiter.schedule(async () => 'third')).toBe('third');
  });
});
