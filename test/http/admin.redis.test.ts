import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreBookingService } from '../../src/bookings/service.js';
import { BookingStore } from '../../src/bookings/store.js';
import { createMetrics } from '../../src/http/metrics.js';
import { buildApp, type AppDeps } from '../../src/http/server.js';
import { demoCatalog } from '../helpers/properties.js';
import { testRedis } from '../helpers/redis.js';
import { TEST_ADMIN_TOKEN } from '../helpers/secrets.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const t = testRedis();
const logLines: Record<string, unknown>[] = [];

function app(overrides: Partial<AppDeps> = {}): FastifyInstance {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return buildApp({
    logger: pino({ level: 'info' }, sink),
    adminToken: TEST_ADMIN_TOKEN,
    bookings: new StoreBookingService(new BookingStore(t.redis, t.keys)),
    catalog: demoCatalog(),
    redisPing: async () => {
      await t.redis.ping();
    },
    metrics: createMetrics(),
    ...overrides,
  });
}

const booking = (extra: Record<string, unknown> = {}) => ({
  guestName: 'Ada Lovelace',
  propertyId: 'harbour',
  roomId: 'r1',
  checkIn: '2026-12-01',
  checkOut: '2026-12-03',
  ...extra,
});

let main: FastifyInstance;
beforeAll(async () => {
  main = app();
  await main.ready();
});
afterAll(async () => {
  await main.close();
  await t.cleanup();
});

const written = async () => (await t.redis.keys(`${t.prefix}*`)).length;

describe('admin auth', () => {
  it.each([
    ['no token', {}, /missing bearer token/],
    ['a wrong token', { authorization: 'Bearer wrong-token-0123456789' }, /wrong bearer token/],
    ['the token with a different scheme', { authorization: `Basic ${TEST_ADMIN_TOKEN}` }, /missing bearer token/],
    ['a token prefix', { authorization: `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}` }, /wrong bearer token/],
  ])('answers 401 to %s and writes nothing', async (_name, headers, error) => {
    const res = await main.inject({ method: 'PUT', url: '/admin/bookings/AB1234', headers, payload: booking() });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json().error).toMatch(error);
    expect(await written()).toBe(0);
  });

  it('answers 401 on every admin route when no ADMIN_TOKEN is configured', async () => {
    const disabled = app({ adminToken: undefined });
    for (const method of ['PUT', 'GET', 'DELETE'] as const) {
      const res = await disabled.inject({ method, url: '/admin/bookings/AB1234', headers: auth, payload: method === 'PUT' ? booking() : undefined });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'admin API disabled: set ADMIN_TOKEN' });
    }
    expect(await written()).toBe(0);
    await disabled.close();
  });
});

describe('PUT /admin/bookings/:ref validation', () => {
  const put = (payload: unknown, url = '/admin/bookings/AB1234', headers: Record<string, string> = {}) =>
    main.inject({ method: 'PUT', url, headers: { ...auth, ...headers }, payload: payload as string });

  it('lists missing fields', async () => {
    const res = await put({ guestName: 'Ada' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'invalid booking',
      issues: ['propertyId: is required', 'roomId: is required', 'checkIn: is required', 'checkOut: is required'],
    });
  });

  it('rejects bad dates and a check-out before check-in', async () => {
    const bad = await put(booking({ checkIn: '31/12/2026' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([expect.stringMatching(/^checkIn: must be a date like 2026-12-01/)]);
    const backwards = await put(booking({ checkIn: '2026-12-05', checkOut: '2026-12-01' }));
    expect(backwards.json().issues).toEqual(['checkOut: must be after checkIn']);
  });

  it('rejects an unknown property or room', async () => {
    expect((await put(booking({ roomId: 'r9' }))).json().issues).toEqual(['roomId: property "harbour" has no room "r9"']);
    expect((await put(booking({ propertyId: 'castle' }))).json().issues).toEqual(['propertyId: unknown property "castle"']);
  });

  it('rejects a body ref that differs from the URL, but accepts one that normalizes the same', async () => {
    const res = await put(booking({ ref: 'ZZ9999' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual(['ref: "ZZ9999" in the body does not match "AB1234" in the URL']);
    const same = await put(booking({ ref: 'ab-12 34' }), '/admin/bookings/SAME01'.replace('SAME01', 'ab1234'));
    expect(same.statusCode).toBe(201);
    await t.redis.del(t.keys.booking('AB1234'), t.keys.bookingIndex());
  });

  it('rejects a 5,000-character name', async () => {
    const res = await put(booking({ guestName: 'x'.repeat(5000) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.stringMatching(/^guestName: /)]);
  });

  it('rejects unknown fields and non-object bodies', async () => {
    expect((await put(booking({ pin: '1234' }))).json().issues).toEqual([expect.stringMatching(/pin/)]);
    expect((await put([booking()])).json()).toEqual({ error: 'invalid booking', issues: ['body: must be a JSON object'] });
  });

  it('answers malformed JSON with 400 and a clear error, not 500', async () => {
    const res = await put('{"guestName": "Ada",', undefined, { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'malformed JSON body' });
  });

  it('answers a body over 64 KB with 413', async () => {
    const res = await put(booking({ guestName: 'x'.repeat(70_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatch(/64 KB/);
  });

  it('rejects a ref in the URL that cannot be a booking ref', async () => {
    const res = await put(booking(), '/admin/bookings/a%21');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.stringMatching(/^ref: /)]);
  });

  it('wrote nothing for any of the rejected bodies', async () => {
    expect(await written()).toBe(0);
  });
});

describe('booking lifecycle', () => {
  it('creates (201), updates (200), reads, cancels, and 404s unknown refs', async () => {
    const created = await main.inject({ method: 'PUT', url: '/admin/bookings/ab-1234', headers: auth, payload: booking({ guestEmail: 'ada@example.com' }) });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ref: 'AB1234', status: 'active', guestEmail: 'ada@example.com' });

    const updated = await main.inject({ method: 'PUT', url: '/admin/bookings/AB1234', headers: auth, payload: booking({ ref: 'AB1234', roomId: 'r2' }) });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ ref: 'AB1234', roomId: 'r2' });
    expect(updated.json()).not.toHaveProperty('guestEmail');

    const read = await main.inject({ method: 'GET', url: '/admin/bookings/ab1234', headers: auth });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(updated.json());

    const cancelled = await main.inject({ method: 'DELETE', url: '/admin/bookings/AB1234', headers: auth });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ ref: 'AB1234', status: 'cancelled' });
    expect((await main.inject({ method: 'GET', url: '/admin/bookings/AB1234', headers: auth })).json().status).toBe('cancelled');

    const missing = await main.inject({ method: 'GET', url: '/admin/bookings/zz-0000', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'no booking ZZ0000' });
    const missingDelete = await main.inject({ method: 'DELETE', url: '/admin/bookings/ZZ0000', headers: auth });
    expect(missingDelete.statusCode).toBe(404);
  });
});

describe('operational routes', () => {
  it('healthz is 200 when Redis answers', async () => {
    const res = await main.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('healthz is 503 with the reason when the ping fails', async () => {
    const down = app({ redisPing: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) });
    const res = await down.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', redis: 'connect ECONNREFUSED 127.0.0.1:6379' });
    await down.close();
  });

  it('healthz is 503 after 1 s when the ping hangs', async () => {
    const hung = app({ redisPing: () => new Promise<void>((resolve) => setTimeout(resolve, 1_500)) });
    const started = Date.now();
    const res = await hung.inject({ method: 'GET', url: '/healthz' });
    expect(Date.now() - started).toBeLessThan(1_450);
    expect(res.statusCode).toBe(503);
    expect(res.json().redis).toMatch(/no answer within 1000 ms/);
    await hung.close();
  });

  it('metrics is Prometheus text that counts requests by route pattern', async () => {
    const res = await main.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('http_requests');
    expect(res.body).toMatch(/checkin_http_requests_total\{route="\/admin\/bookings\/:ref",method="PUT",status="201"\} \d+/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('unknown routes are 404 JSON', async () => {
    const res = await main.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'no route GET /nope' });
  });

  it('a failing service gives 500 without a stack trace', async () => {
    const broken = app({
      bookings: {
        upsert: () => Promise.reject(new Error('secret internals')),
        get: () => Promise.reject(new Error('secret internals')),
        cancel: () => Promise.reject(new Error('secret internals')),
      },
    });
    const res = await broken.inject({ method: 'GET', url: '/admin/bookings/AB1234', headers: auth });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/secret internals|at .*\.ts/);
    expect(res.json()).toEqual({ error: 'internal error', requestId: expect.any(String) });
    await broken.close();
  });

  it('takes a sane incoming x-request-id, uses it in logs and echoes it', async () => {
    const res = await main.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-abc.123' } });
    expect(res.headers['x-request-id']).toBe('trace-abc.123');
    expect(logLines.some((l) => l.reqId === 'trace-abc.123')).toBe(true);
    const odd = await main.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\nforged: log' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('runs extra route registrations', async () => {
    const extra = app({ routes: [(a) => a.get('/webhooks/ping', async () => ({ pong: true }))] });
    expect((await extra.inject({ method: 'GET', url: '/webhooks/ping' })).json()).toEqual({ pong: true });
    await extra.close();
  });
});
