import { afterAll, describe, expect, it } from 'vitest';
import { RedisMutex } from '../../src/redis/mutex.js';
import { waitFor } from '../helpers/runtime.js';
import { testRedis } from '../helpers/redis.js';

const t = testRedis();
afterAll(() => t.cleanup());

describe('the chat mutex', () => {
  it('is kept alive while held, says when another process may have taken it, and release never frees another holder', async () => {
    const mutex = new RedisMutex(t.redis, 300);
    const key = `${t.prefix}lock:a`;
    const held = (await mutex.tryAcquire(key))!;
    await new Promise((r) => setTimeout(r, 700)); // more than two TTLs: renewals keep it
    expect(await mutex.tryAcquire(key)).toBeUndefined();
    expect(held.lost()).toBe(false);

    // Another process took it (our TTL ran out while Redis was away): the next renewal is refused.
    await t.redis.set(key, 'someone-else', 'PX', 5_000);
    await waitFor(() => held.lost(), 2_000, 'the holder to notice');
    await held.release();
    expect(await t.redis.get(key)).toBe('someone-else'); // release never frees another holder's lock
  });

  it('counts as lost once no renewal was confirmed for a whole TTL', async () => {
    let now = 1_000;
    const mutex = new RedisMutex(t.redis, 60_000, () => now);
    const held = (await mutex.tryAcquire(`${t.prefix}lock:b`))!;
    now += 59_000;
    expect(held.lost()).toBe(false);
    now += 1_000;
    expect(held.lost()).toBe(true);
    await held.release();
  });
});
