import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { parseProperties, type PropertyCatalog } from '../../src/properties/properties.js';
import { redisKeys } from '../../src/redis-keys.js';
import { createTTLock, type TTLock } from '../../src/ttlock/create.js';
import { FakeTTLock, type FakeLock } from '../fakes/ttlock-server.js';
import { deleteByPrefix, TEST_REDIS_URL } from '../helpers/redis.js';
import { randomPrefix } from '../helpers/runtime.js';
import { ttlockEnv, withTestTTLockTimings } from '../helpers/ttlock.js';

const prefix = randomPrefix();
const logger = createLogger('silent');
const opened: Array<{ close(): Promise<void> }> = [];
let fake: FakeTTLock | undefined;

const HARBOUR = [1001, 2001];
const CANAL = [3001, 4001];

afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
  await fake?.close();
  fake = undefined;
  const redis = new Redis(TEST_REDIS_URL);
  await deleteByPrefix(redis, prefix);
  await deleteByPrefix(redis, `b_${prefix}`);
  await redis.quit();
});

/** Two properties (two listings), each with a front door and one room; `group` puts both in one gatewayGroup. */
function twoProperties(group?: string): PropertyCatalog {
  const property = (id: string, [front, room]: number[]) => ({
    id,
    name: id,
    timezone: 'Europe/London',
    frontDoorLockId: front!,
    contactPhone: '+442079460958',
    rooms: [{ id: 'r1', name: 'Room 1', lockId: room! }],
    ...(group ? { gatewayGroup: group } : {}),
  });
  return parseProperties({ properties: [property('harbour', HARBOUR), property('canal', CANAL)] }, 'test');
}

/** A TTLock stack as one process builds it: its own Redis client, token cache and gateway queue. */
function process(url: string, catalog: PropertyCatalog, env: Record<string, string> = {}): TTLock {
  const config = withTestTTLockTimings(loadConfig({ ...ttlockEnv({ url }), ...env, REDIS_PREFIX: prefix }), { url, retries: 0 });
  if (config.locks.provider !== 'ttlock') throw new Error('expected ttlock config');
  const redis = new Redis(TEST_REDIS_URL);
  opened.push({ close: async () => void (await redis.quit()) });
  const stack = createTTLock({ settings: config.locks, redis, keys: redisKeys(prefix), catalog, logger, gatewayHeartbeatMs: 100 });
  opened.push({ close: () => stack.provider.close() });
  return stack;
}

/** Every process adds and then deletes a code on every lock, all at once. No quick retries: a -3003 fails the test. */
async function storm(stacks: TTLock[], lockIds: number[]): Promise<void> {
  await Promise.all(
    stacks.flatMap((s, i) =>
      lockIds.map(async (lockId, j) => {
        const added = await s.provider.addCode({ lockId, code: `${5 + i}${3 + j}8${1 + i}7${2 + j}`, name: `GRP${i}${j}`, start: Date.now(), end: Date.now() + 3_600_000 });
        await s.provider.removeCode(lockId, added.codeId);
      }),
    ),
  );
}

const locksOn = (gatewayId: number, lockIds: number[]): FakeLock[] => lockIds.map((lockId) => ({ lockId, gatewayId }));

describe('gatewayGroup: properties behind one gateway share one queue', () => {
  it('two properties in one gatewayGroup, two processes: their gateway operations never overlap', async () => {
    // One gateway serves both listings, as in one building.
    fake = await new FakeTTLock({ locks: locksOn(1, [...HARBOUR, ...CANAL]), opLatencyMs: 40 }).start();
    const catalog = twoProperties('quay-street');
    const stacks = [process(fake.url, catalog), process(fake.url, catalog)];
    await storm(stacks, [...HARBOUR, ...CANAL]);

    expect(fake.concurrentRejections).toBe(0);
    expect(fake.overlappingOps()).toEqual([]);
    expect(fake.gatewayOps).toHaveLength(16); // 2 processes × 4 locks × (add + delete), each once
    for (const lockId of [...HARBOUR, ...CANAL]) expect(fake.codes(lockId)).toEqual([]);
  });

  it('two properties without one run their gateway operations at the same time', async () => {
    // Each listing behind its own gateway: they must not wait for each other.
    fake = await new FakeTTLock({
      gateways: [{ gatewayId: 1 }, { gatewayId: 2 }],
      locks: [...locksOn(1, HARBOUR), ...locksOn(2, CANAL)],
      opLatencyMs: 40,
    }).start();
    const catalog = twoProperties();
    const stacks = [process(fake.url, catalog), process(fake.url, catalog)];
    await storm(stacks, [...HARBOUR, ...CANAL]);

    expect(fake.concurrentRejections).toBe(0);
    // Within one property never; across the two, yes.
    expect(fake.overlappingOps(HARBOUR)).toEqual([]);
    expect(fake.overlappingOps(CANAL)).toEqual([]);
    const across = fake.overlappingOps().filter(([a, b]) => HARBOUR.includes(a.lockId) !== HARBOUR.includes(b.lockId));
    expect(across.length).toBeGreaterThan(0);
  });

  it('without a common gatewayGroup, two properties behind one gateway collide (-3003): what the group is for', async () => {
    fake = await new FakeTTLock({ locks: locksOn(1, [...HARBOUR, ...CANAL]), opLatencyMs: 40 }).start();
    const catalog = twoProperties();
    await expect(storm([process(fake.url, catalog), process(fake.url, catalog)], [...HARBOUR, ...CANAL])).rejects.toThrow(/gateway is busy \(-3003\)/);
    expect(fake.concurrentRejections).toBeGreaterThan(0);
  });
});

describe('TTLOCK_WRITE_GAP_MS', () => {
  it('consecutive operations on one queue, from two processes, start at least the gap after the previous one ended', async () => {
    const gap = 300;
    fake = await new FakeTTLock({ locks: locksOn(1, HARBOUR), opLatencyMs: 20 }).start();
    const catalog = twoProperties();
    const env = { TTLOCK_WRITE_GAP_MS: String(gap) };
    await storm([process(fake.url, catalog, env), process(fake.url, catalog, env)], HARBOUR);

    const ops = [...fake.gatewayOps].sort((a, b) => a.start - b.start);
    expect(ops).toHaveLength(8);
    expect(fake.concurrentRejections).toBe(0);
    // A lower bound only, with room for timer rounding: never how long it may take at most.
    for (let i = 1; i < ops.length; i++) expect(ops[i]!.start - ops[i - 1]!.end).toBeGreaterThanOrEqual(gap - 20);
  });
});
