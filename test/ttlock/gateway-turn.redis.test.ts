import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { redisKeys } from '../../src/redis-keys.js';
import { createTTLock } from '../../src/ttlock/create.js';
import { TTLockProvider } from '../../src/ttlock/provider.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { demoCatalog } from '../helpers/properties.js';
import { deleteByPrefix, TEST_REDIS_URL } from '../helpers/redis.js';
import { randomPrefix } from '../helpers/runtime.js';
import { DEMO_LOCKS, ttlockEnv, withTestTTLockTimings } from '../helpers/ttlock.js';

const prefix = randomPrefix();
const logger = createLogger('silent');
let fake: FakeTTLock | undefined;
let redis: Redis | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  if (redis) {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
    redis = undefined;
  }
});

describe('a gateway turn', () => {
  it('never includes a token renewal: a write refused for its token gives the turn back, renews, and gets a new turn', async () => {
    fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
    redis = new Redis(TEST_REDIS_URL);
    const config = withTestTTLockTimings(loadConfig({ ...ttlockEnv({ url: fake.url }), REDIS_PREFIX: prefix }), { url: fake.url, retries: 0 });
    if (config.locks.provider !== 'ttlock') throw new Error('expected ttlock config');
    const { client } = createTTLock({ settings: config.locks, redis, keys: redisKeys(prefix), catalog: demoCatalog(), logger });
    // A gateway queue that records which requests each turn spanned.
    const f = fake;
    const turns: Array<{ from: number; to: number }> = [];
    const provider = new TTLockProvider({
      client,
      gateway: {
        run: async (_key, fn) => {
          const from = f.requests.length;
          try {
            return await fn();
          } finally {
            turns.push({ from, to: f.requests.length });
          }
        },
      },
      gatewayKey: () => 'gateway',
      retries: 0,
      retryDelayMs: 1,
      logger,
    });
    await provider.listCodes(1001); // logged in
    // TTLock refuses the token on the add (revoked meanwhile, as after a login elsewhere).
    fake.script('/v3/keyboardPwd/add', { errcode: 10004 });
    const added = await provider.addCode({ lockId: 1001, code: '482915', name: 'TURN01', start: Date.now(), end: Date.now() + 3_600_000 });

    expect(fake.codes(1001).map((c) => c.keyboardPwdId)).toEqual([added.codeId]);
    expect(fake.calls('/v3/keyboardPwd/add').map((c) => c.outcome)).toEqual([
      { status: 200, errcode: 10004 },
      { status: 200, errcode: 0 },
    ]);
    const logins = fake.requests.flatMap((r, i) => (r.path === '/oauth2/token' ? [i] : []));
    expect(logins).toHaveLength(2); // the first login, and the renewal
    const inTurn = logins.filter((i) => turns.some((turn) => i >= turn.from && i < turn.to));
    expect(inTurn).toEqual([]);
    expect(turns).toHaveLength(2);
  });
});
