import pino from 'pino';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/redis-keys.js';
import { TTLockClient } from '../../src/ttlock/client.js';
import { TTLockApiError } from '../../src/ttlock/errors.js';
import { createHttp } from '../../src/ttlock/http.js';
import { TTLockProvider } from '../../src/ttlock/provider.js';
import { TTLockTokens } from '../../src/ttlock/token.js';
import { FAKE_CREDENTIALS, FakeTTLock } from '../fakes/ttlock-server.js';
import { deleteByPrefix, TEST_REDIS_URL } from '../helpers/redis.js';
import { randomPrefix } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

/** `/v3/lockRecord/list` through the real client stack against the fake: paging, parsing, no gateway turn. */

const prefix = randomPrefix();
const keys = redisKeys(prefix);
const redis = new Redis(TEST_REDIS_URL);
const logger = pino({ level: 'silent' });
let fake: FakeTTLock | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await deleteByPrefix(redis, prefix);
});
afterAll(async () => {
  await redis.quit();
});

async function stack() {
  fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
  const http = createHttp(fake.url, 2_000);
  const tokens = new TTLockTokens({ redis, key: keys.ttlockToken(), http, credentials: FAKE_CREDENTIALS, logger });
  const client = new TTLockClient({ http, clientId: FAKE_CREDENTIALS.clientId, tokens, logger });
  const gatewayRuns: string[] = [];
  const provider = new TTLockProvider({
    client,
    gateway: { run: (key, fn) => (gatewayRuns.push(key), fn()) },
    gatewayKey: () => 'harbour',
    retries: 0,
    retryDelayMs: 1,
    logger,
  });
  return { fake, client, provider, gatewayRuns };
}

const T0 = Date.UTC(2026, 5, 1, 14, 0);
const minutes = (n: number) => n * 60_000;

describe('TTLock lock records (GET /v3/lockRecord/list)', () => {
  it('reads every page of the window once, oldest first, with the window and paging as parameters', async () => {
    const { fake, client } = await stack();
    // 450 entries: three pages of 200; 5 outside the window on each side.
    for (let i = -5; i < 455; i++) fake.addRecord(1001, { recordType: 12, lockDate: T0 + i * 1_000 });
    const records = await client.listLockRecords(1001, T0, T0 + 449_000);
    expect(records).toHaveLength(450);
    expect(records[0]!.lockDate).toBe(T0);
    expect(records.at(-1)!.lockDate).toBe(T0 + 449_000);
    expect(new Set(records.map((r) => r.recordId)).size).toBe(450);
    const calls = fake.calls('/v3/lockRecord/list');
    expect(calls.map((c) => c.params.pageNo)).toEqual(['1', '2', '3']);
    expect(calls[0]!.params).toMatchObject({ lockId: '1001', startDate: String(T0), endDate: String(T0 + 449_000), pageSize: '200' });
    expect(calls[0]!.method).toBe('GET');
  });

  it('turns entries into openings with the digits, refused codes and the rest; never through the gateway queue', async () => {
    const { fake, provider, gatewayRuns } = await stack();
    fake.seedCode(2001, { keyboardPwd: '482913', keyboardPwdName: 'Guest AB1234', startDate: T0 - minutes(60), endDate: T0 + minutes(600) });
    fake.keypadEntry(2001, '482913', T0 + minutes(1));
    fake.keypadEntry(2001, '111222', T0 + minutes(2));
    fake.addRecord(2001, { recordType: 1, recordTypeFromLock: 1, lockDate: T0 + minutes(3) }); // app unlock
    // The cloud scheme's 7 is an IC card, not a wrong code.
    fake.addRecord(2001, { recordType: 7, recordTypeFromLock: 17, keyboardPwd: '99887766', lockDate: T0 + minutes(4) });
    // Expired or not yet valid (lock scheme 11) counts as refused.
    fake.addRecord(2001, { recordType: 4, recordTypeFromLock: 11, success: 0, keyboardPwd: '555000', lockDate: T0 + minutes(5) });
    const records = await provider.readRecords(2001, T0, T0 + minutes(10));
    expect(records.map((r) => [r.kind, r.code, r.at])).toEqual([
      ['opened', '482913', T0 + minutes(1)],
      ['refused', '111222', T0 + minutes(2)],
      ['other', undefined, T0 + minutes(3)],
      // A card number is not a code typed: not passed on.
      ['other', undefined, T0 + minutes(4)],
      ['refused', '555000', T0 + minutes(5)],
    ]);
    expect(records.every((r) => r.lockId === 2001 && /^\d+$/.test(r.id))).toBe(true);
    expect(gatewayRuns).toEqual([]);
  });

  it('an answer that is not a record page is refused by the schema, not passed on', async () => {
    const { fake, client } = await stack();
    fake.addRecord(1001, { recordType: 4, lockDate: T0 });
    // Scripted: a record without its lockDate.
    const original = fake.records.bind(fake);
    fake.records = (lockId: number) => original(lockId).map(({ lockDate: _drop, ...r }) => r as never);
    const err = await client.listLockRecords(1001, 0, 0).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TTLockApiError);
    expect((err as TTLockApiError).message).toMatch(/lockRecord\/list: unexpected response/);
  });

  it('a window of more pages than one read takes says so (the caller keeps its cursor); a whole one does not', async () => {
    const { fake, client, provider } = await stack();
    // A lock keeps 500 entries, but the cloud's copy of a busy lock over a long window can hold more.
    const many = Array.from({ length: 10 * 200 + 1 }, (_, i) => ({ recordId: 800_000 + i, lockId: 1001, recordType: 12, success: 1, username: '', keyboardPwd: '', lockDate: T0 + i * 1_000, serverDate: T0 + i * 1_000 }));
    fake.records = (lockId: number) => (lockId === 1001 ? many : []);
    const cut = await provider.readRecords(1001, T0, T0 + minutes(60));
    expect(cut).toHaveLength(2000);
    expect(cut.truncated).toBe(true);
    expect(fake.calls('/v3/lockRecord/list')).toHaveLength(10);
    const whole = await client.listLockRecords(1001, T0, T0 + 1_999_000);
    expect(whole).toHaveLength(2000);
    expect(whole.truncated).toBeUndefined();
  });

  it('an empty log is one call', async () => {
    const { fake, client } = await stack();
    expect(await client.listLockRecords(2002, T0, T0 + 1)).toEqual([]);
    expect(fake.calls('/v3/lockRecord/list')).toHaveLength(1);
  });
});
