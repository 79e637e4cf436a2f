import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { redisKeys } from '../../src/redis-keys.js';
import { TTLockClient } from '../../src/ttlock/client.js';
import { TTLockApiError } from '../../src/ttlock/errors.js';
import { createHttp } from '../../src/ttlock/http.js';
import { md5Hex, TTLockTokens } from '../../src/ttlock/token.js';
import { FAKE_CREDENTIALS, FakeTTLock } from '../fakes/ttlock-server.js';
import { deleteByPrefix, TEST_REDIS_URL } from '../helpers/redis.js';
import { randomPrefix } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

const prefix = randomPrefix();
const keys = redisKeys(prefix);
const redis = new Redis(TEST_REDIS_URL);
let fake: FakeTTLock | undefined;
let logLines: string[] = [];
const logger = createLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  logLines = [];
  await deleteByPrefix(redis, prefix);
});

afterAll(async () => {
  await redis.quit();
});

async function startFake(opts: ConstructorParameters<typeof FakeTTLock>[0] = {}): Promise<FakeTTLock> {
  fake = await new FakeTTLock({ locks: DEMO_LOCKS, ...opts }).start();
  return fake;
}

/** One process's client. `clock` shifts this process's idea of now (token expiry only). */
function ttlock(f: FakeTTLock, o: { credentials?: Partial<Record<keyof typeof FAKE_CREDENTIALS, string>>; timeoutMs?: number; clock?: () => number } = {}) {
  const http = createHttp(f.url, o.timeoutMs ?? 2_000);
  const tokens = new TTLockTokens({
    redis,
    key: keys.ttlockToken(),
    http,
    credentials: { ...FAKE_CREDENTIALS, ...o.credentials },
    logger,
    ...(o.clock ? { now: o.clock } : {}),
  });
  return { tokens, client: new TTLockClient({ http, clientId: o.credentials?.clientId ?? FAKE_CREDENTIALS.clientId, tokens, logger }) };
}

async function rejection(p: Promise<unknown>): Promise<TTLockApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TTLockApiError);
  return err as TTLockApiError;
}

describe('the TTLock token', () => {
  it('logs in once with the md5 of the password, shared by concurrent calls and by another process', async () => {
    const f = await startFake();
    const one = ttlock(f);
    const two = ttlock(f);
    await Promise.all([...Array(5)].map((_, i) => (i % 2 ? one : two).client.lockDetail(1001)));
    const logins = f.calls('/oauth2/token');
    expect(logins).toHaveLength(1);
    expect(logins[0]!.params).toEqual({
      clientId: FAKE_CREDENTIALS.clientId,
      clientSecret: FAKE_CREDENTIALS.clientSecret,
      username: FAKE_CREDENTIALS.username,
      password: md5Hex(FAKE_CREDENTIALS.password),
    });
    expect(logins[0]!.params.password).toMatch(/^[0-9a-f]{32}$/);
    // Kept in Redis for every process.
    expect(await redis.hget(keys.ttlockToken(), 'accessToken')).toBe(f.issuedTokens[0]);
    await ttlock(f).client.lockDetail(2001);
    expect(f.calls('/oauth2/token')).toHaveLength(1);
  });

  it('is refreshed before it expires (refresh_token grant), once for many callers', async () => {
    const f = await startFake({ tokenTtlSeconds: 100 });
    await ttlock(f).client.lockDetail(1001);
    // Another process whose clock says 60 s passed: under half the lifetime is left, so it refreshes.
    const later = ttlock(f, { clock: () => Date.now() + 60_000 });
    await Promise.all([later.client.lockDetail(1001), later.client.lockDetail(2001), later.client.lockDetail(2002)]);
    expect(f.calls('/oauth2/token').map((c) => c.params.grant_type ?? 'password')).toEqual(['password', 'refresh_token']);
    expect(f.calls('/oauth2/token')[1]!.params.refresh_token).toBe(f.issuedTokens[1]);
    // The rotated refresh token is the one stored.
    expect(await redis.hget(keys.ttlockToken(), 'refreshToken')).toBe(f.issuedTokens[3]);
  });

  it('a revoked token (10004) is refreshed and the call repeated once; a refused refresh token falls back to the password', async () => {
    const f = await startFake();
    const { client } = ttlock(f);
    await client.lockDetail(1001);
    f.revokeAccessTokens();
    f.revokeRefreshTokens();
    expect((await client.lockDetail(1001)).lockId).toBe(1001);
    expect(f.calls('/oauth2/token').map((c) => [c.params.grant_type ?? 'password', c.outcome])).toEqual([
      ['password', { status: 200, errcode: 0 }],
      ['refresh_token', { status: 200, errcode: 10011 }],
      ['password', { status: 200, errcode: 0 }],
    ]);
    expect(f.calls('/v3/lock/detail').map((c) => (c.outcome as { errcode: number }).errcode)).toEqual([0, 10004, 0]);
  });

  it('waits while another process renews, and renews itself once a dead renewer\'s lock runs out', async () => {
    const f = await startFake();
    // A process took the renewal lock and died before storing a token.
    await redis.set(`${keys.ttlockToken()}:renewing`, 'dead-process', 'PX', 600);
    const started = Date.now();
    await Promise.all([ttlock(f).client.lockDetail(1001), ttlock(f).client.lockDetail(2001)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(f.calls('/oauth2/token')).toHaveLength(1);
    expect(await redis.exists(`${keys.ttlockToken()}:renewing`)).toBe(0);
  });

  it('wrong credentials are a permanent error that names the fix, tried once', async () => {
    const f = await startFake();
    const err = await rejection(ttlock(f, { credentials: { password: 'wrong' } }).client.lockDetail(1001));
    expect(err).toMatchObject({ retryable: false, errcode: 10007 });
    expect(err.message).toContain('TTLock app account');
    const secret = await rejection(ttlock(f, { credentials: { clientSecret: 'nope' } }).client.lockDetail(1001));
    expect(secret).toMatchObject({ retryable: false, errcode: 10001 });
    expect(f.calls('/oauth2/token')).toHaveLength(2);
    expect(f.calls('/v3/lock/detail')).toEqual([]);
  });
});

describe('TTLock answers', () => {
  it('sends date as now in ms; a skewed clock (80000) is a retryable error that says so', async () => {
    const f = await startFake();
    const { client } = ttlock(f);
    await client.lockDetail(1001);
    const call = f.calls('/v3/lock/detail')[0]!;
    expect(Math.abs(Number(call.params.date) - call.at)).toBeLessThan(2_000);
    f.clockOffsetMs = 6 * 60_000;
    const err = await rejection(client.lockDetail(1001));
    // Retryable, but not an outage to wait hours for: a wrong server clock stays wrong.
    expect(err).toMatchObject({ retryable: true, notNow: false, errcode: 80000 });
    expect(err.message).toContain('clock');
  });

  it('classifies errcodes, 5xx, timeouts, dropped connections and unknown codes (outages are "not now")', async () => {
    const f = await startFake();
    const { client } = ttlock(f, { timeoutMs: 300 });
    const add = { lockId: 1001, code: '583920', name: 'Guest X1', start: Date.now(), end: Date.now() + 3_600_000 };

    f.script('/v3/keyboardPwd/add', { errcode: -3003 });
    expect(await rejection(client.addPasscode(add))).toMatchObject({ retryable: true, notNow: true, errcode: -3003, message: 'the gateway is busy (-3003)' });
    f.script('/v3/keyboardPwd/add', { errcode: -2012 });
    expect(await rejection(client.addPasscode(add))).toMatchObject({ retryable: true, notNow: true, errcode: -2012 });
    f.script('/v3/keyboardPwd/add', { status: 502 });
    expect(await rejection(client.addPasscode(add))).toMatchObject({ retryable: true, notNow: true, ambiguous: true, errcode: undefined });
    f.script('/v3/keyboardPwd/add', { hang: true });
    const timedOut = await rejection(client.addPasscode(add));
    expect(timedOut).toMatchObject({ retryable: true, notNow: true, ambiguous: true });
    expect(timedOut.message).toContain('no answer within');
    f.script('/v3/keyboardPwd/add', { dropAfterApply: true });
    expect(await rejection(client.addPasscode(add))).toMatchObject({ retryable: true, notNow: true, ambiguous: true });
    expect(f.codes(1001).map((c) => c.keyboardPwd)).toEqual(['583920']); // it did apply
    expect(await rejection(client.addPasscode(add))).toMatchObject({ retryable: false, notNow: false, errcode: -3007 });

    f.script('/v3/lock/detail', { errcode: -77777, errmsg: 'something new' });
    const unknown = await rejection(client.lockDetail(1001));
    expect(unknown).toMatchObject({ retryable: false, errcode: -77777 });
    expect(unknown.message).toContain('something new');
    const warned = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'unknown TTLock errcode');
    expect(warned).toMatchObject({ errcode: -77777, endpoint: '/v3/lock/detail', body: { errcode: -77777, errmsg: 'something new' } });
  });

  it('lists every code over several pages, numbers given as strings parsed', async () => {
    const f = await startFake();
    for (let i = 0; i < 230; i++) f.seedCode(2001, { keyboardPwd: String(100000 + i * 7), keyboardPwdName: `Guest R${i}` });
    const { client } = ttlock(f);
    const codes = await client.listPasscodes(2001);
    expect(codes).toHaveLength(230);
    expect(new Set(codes.map((c) => c.keyboardPwdId)).size).toBe(230);
    expect(codes[0]!.keyboardPwdType).toBe(3);
    expect(f.calls('/v3/lock/listKeyboardPwd').map((c) => [c.params.pageNo, c.params.pageSize])).toEqual([
      ['1', '200'],
      ['2', '200'],
    ]);
  });

  it('lock detail keeps battery and gateway facts and drops the lock’s secrets', async () => {
    const f = await startFake();
    const { client } = ttlock(f);
    const detail = await client.lockDetail(1001);
    expect(detail).toMatchObject({ lockId: 1001, electricQuantity: 87, hasGateway: 1 });
    expect(JSON.stringify(detail)).not.toMatch(/noKeyPwd|lockData|aesKeyStr|adminPwd|lockKey/);
    expect(await client.gatewaysOfLock(1001)).toEqual([expect.objectContaining({ gatewayId: 1, isOnline: 1 })]);
  });
});
