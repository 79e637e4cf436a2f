import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/process.js';
import { startService, type ServiceOptions } from '../support/service.js';
import { testRedis } from '../helpers/redis.js';
import { TEST_ADMIN_TOKEN, TEST_TWILIO_AUTH_TOKEN } from '../helpers/secrets.js';

const t = testRedis();

afterAll(() => t.cleanup());

/** `npm start` as an operator runs it: the real entry point, configured only through env. */
function start(env: Record<string, string>, opts: Omit<ServiceOptions, 'env'> = {}) {
  return startService({ ...opts, env: { REDIS_URL: t.url, REDIS_PREFIX: t.prefix, LOG_LEVEL: 'info', ...env } });
}

/** A start meant to fail: no port of its own, not waited for. */
const refused = (env: Record<string, string>) => start(env, { port: false, ready: false });

describe('npm start', () => {
  it('serves health, metrics and the admin API, then stops cleanly on SIGTERM', async () => {
    const server = await start({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, ROLE: 'all' });
    const base = server.base;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);

    const unauthorised = await fetch(`${base}/admin/bookings/AB1234`);
    expect(unauthorised.status).toBe(401);

    const put = await fetch(`${base}/admin/bookings/ab-1234`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ guestName: 'Jane Smith', propertyId: 'harbour', roomId: 'r1', checkIn: '2026-12-01', checkOut: '2026-12-03' }),
    });
    expect(put.status).toBe(201);
    expect(await t.redis.exists(t.keys.booking('AB1234'))).toBe(1);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('checkin_http_requests_total');

    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    // The admin token must never appear in logs.
    expect(server.output()).not.toContain(TEST_ADMIN_TOKEN);
  });

  it('refuses to start on bad settings, one line per problem and no stack trace', async () => {
    const server = await refused({ PORT: 'eighty', REDIS_URL: 'http://nope', ROLE: 'both' });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toEqual([
      'config: PORT: must be a whole number from 0 to 65535',
      'config: REDIS_URL: must be a redis:// or rediss:// URL',
      'config: ROLE: Invalid option: expected one of "all"|"web"|"worker"',
    ]);
  });

  it('refuses a weak secret with one line that names the setting and how to make one', async () => {
    const server = await refused({ ADMIN_TOKEN: 'admin-token-of-old-16', PORT: '0' });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe('config: ADMIN_TOKEN: must be at least 32 characters, without spaces (make one with: openssl rand -hex 32)');
  });

  it('refuses Twilio behind a plain-http PUBLIC_BASE_URL (it would answer 403 to every message)', async () => {
    const server = await refused({
      PORT: '0',
      PUBLIC_BASE_URL: 'http://checkin.example.com',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
    });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe(
      'config: PUBLIC_BASE_URL: must be https with Twilio, e.g. https://checkin.example.com (plain http only for localhost or 127.0.0.1)',
    );
  });

  it('serves /metrics only on METRICS_PORT when it is set, and closes that listener on SIGTERM', async () => {
    const metricsPort = await freePort();
    const server = await start({ METRICS_PORT: String(metricsPort) });

    expect((await fetch(`${server.base}/metrics`)).status).toBe(404);
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    expect(text).toContain('# TYPE checkin_http_requests_total counter');
    // The main listener's requests are counted in the same registry.
    expect(text).toMatch(/checkin_http_requests_total\{route="\/healthz",method="GET",status="200"\} [1-9]/);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);

    expect(await server.stop('SIGTERM')).toBe(0);
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });

  it('serves /metrics from a worker (no HTTP otherwise) when METRICS_PORT is set', async () => {
    const metricsPort = await freePort();
    const server = await start({ ROLE: 'worker', METRICS_PORT: String(metricsPort) }, { port: false, ready: { url: `http://127.0.0.1:${metricsPort}/metrics` } });
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('# TYPE checkin_pin_jobs_total counter');
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('says how to start Redis when it does not answer', async () => {
    const server = await refused({ REDIS_URL: 'redis://127.0.0.1:1', PORT: '0' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Redis is not answering at redis://127.0.0.1:1');
    expect(server.output()).toContain('redis-server --daemonize yes');
  });

  it('reports a broken properties file clearly', async () => {
    const server = await refused({ PROPERTIES_FILE: '/nonexistent/properties.json', PORT: '0' });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe('config: PROPERTIES_FILE: cannot read /nonexistent/properties.json (ENOENT)');
  });
});
