import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { LockProvider } from '../../src/locks/provider.js';
import { redisKeys } from '../../src/redis-keys.js';
import { createTTLock, type TTLock } from '../../src/ttlock/create.js';
import { GatewayQueue } from '../../src/ttlock/gateway-queue.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { demoCatalog } from '../helpers/properties.js';
import { deleteByPrefix, TEST_REDIS_URL } from '../helpers/redis.js';
import { randomPrefix } from '../helpers/runtime.js';
import { DEMO_LOCKS, ttlockEnv, withTestTTLockTimings } from '../helpers/ttlock.js';

const prefix = randomPrefix();
const logger = createLogger('silent');
const opened: Array<{ close(): Promise<void> }> = [];
let fake: FakeTTLock | undefined;

afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
  await fake?.close();
  fake = undefined;
  const redis = new Redis(TEST_REDIS_URL);
  await deleteByPrefix(redis, prefix);
  await deleteByPrefix(redis, `b_${prefix}`);
  await redis.quit();
});

function client(): Redis {
  const redis = new Redis(TEST_REDIS_URL);
  opened.push({ close: async () => void (await redis.quit()) });
  return redis;
}

/** A TTLock stack as one process builds it: its own Redis clients, token cache and gateway queue. */
function process(url: string, retries = 0): TTLock {
  const config = withTestTTLockTimings(loadConfig({ ...ttlockEnv({ url }), REDIS_PREFIX: prefix }), { url, retries });
  if (config.locks.provider !== 'ttlock') throw new Error('expected ttlock config');
  const stack = createTTLock({ settings: config.locks, redis: client(), keys: redisKeys(prefix), catalog: demoCatalog(), logger, gatewayHeartbeatMs: 100 });
  opened.push({ close: () => stack.provider.close() });
  return stack;
}

/** Adds and deletes codes on every lock of the building from several providers at once. */
async function storm(providers: LockProvider[]): Promise<void> {
  const locks = DEMO_LOCKS.map((l) => l.lockId);
  await Promise.all(
    providers.flatMap((p, i) =>
      locks.map(async (lockId, j) => {
        const code = `${5 + i}${3 + j}8${1 + i}7${2 + j}`;
        const added = await p.addCode({ lockId, code, name: `STORM${i}${j}`, start: Date.now(), end: Date.now() + 3_600_000 });
        await p.removeCode(lockId, added.codeId);
      }),
    ),
  );
}

describe('one gateway operation at a time, across processes', () => {
  it('many adds and deletes from two processes on one gateway: no -3003, every operation done once', async () => {
    fake = await new FakeTTLock({ locks: DEMO_LOCKS, opLatencyMs: 60 }).start();
    // No quick retries: a collision on the gateway would fail the operation outright.
    const a = process(fake.url);
    const b = process(fake.url);
    await storm([a.provider, b.provider]);
    expect(fake.concurrentRejections).toBe(0);
    expect(fake.calls('/v3/keyboardPwd/add').map((c) => c.outcome)).toEqual(Array(6).fill({ status: 200, errcode: 0 }));
    expect(fake.calls('/v3/keyboardPwd/delete').map((c) => c.outcome)).toEqual(Array(6).fill({ status: 200, errcode: 0 }));
    for (const l of DEMO_LOCKS) expect(fake.codes(l.lockId)).toEqual([]);
    // Both processes share one login.
    expect(fake.calls('/oauth2/token')).toHaveLength(1);
  });

  it('the fake does catch overlapping operations (so the test above proves something)', async () => {
    fake = await new FakeTTLock({ locks: DEMO_LOCKS, opLatencyMs: 60 }).start();
    const stack = process(fake.url);
    const unserialised: LockProvider = {
      name: 'raw',
      addCode: async (req) => ({ codeId: await stack.client.addPasscode(req), start: req.start, end: req.end }),
      changeWindow: async () => 'changed',
      removeCode: (lockId, codeId) => stack.client.deletePasscode(lockId, codeId),
      removeCodeByDigits: (lockId, code) => stack.client.deletePasscodeByCode(lockId, code),
      listCodes: async () => [],
      readRecords: async () => [],
    };
    await expect(storm([unserialised, unserialised])).rejects.toThrow(/gateway is busy \(-3003\)/);
    expect(fake.concurrentRejections).toBeGreaterThan(0);
  });

  it('a slot held by a process that died is given back after the expiration', async () => {
    const id = `${prefix}gw-test`;
    const dead = new GatewayQueue({ redis: client(), id, expirationMs: 400, logger, heartbeatMs: 50 });
    const alive = new GatewayQueue({ redis: client(), id, expirationMs: 400, logger, heartbeatMs: 50 });
    opened.push(alive);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    void dead.run('property:harbour', () => {
      started();
      return new Promise<never>(() => {}); // the call that never ends
    }).catch(() => {});
    await running;
    await dead.close(); // the process is gone without giving the slot back
    const t0 = Date.now();
    expect(await alive.run('property:harbour', async () => 'ran')).toBe('ran');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
