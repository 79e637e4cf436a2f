import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runScript, type Started } from '../helpers/process.js';
import { testRedis } from '../helpers/redis.js';

const t = testRedis();
const TOKEN = 'e2e-admin-token-0123456789';

afterAll(() => t.cleanup());

/** `npm start` as an operator runs it: the real entry point, configured only through env. */
function start(env: Record<string, string>): Started {
  return runScript('src/main.ts', { REDIS_URL: t.url, REDIS_PREFIX: t.prefix, LOG_LEVEL: 'info', ...env });
}

async function waitForHttp(url: string, started: Started, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`server exited early:\n${started.output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`server did not answer:\n${started.output()}`);
}

describe('npm start', () => {
  it('serves health, metrics and the admin API, then stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = start({ PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN: TOKEN, ROLE: 'all' });
    await waitForHttp(`${base}/healthz`, server);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);

    const unauthorised = await fetch(`${base}/admin/bookings/AB1234`);
    expect(unauthorised.status).toBe(401);

    const put = await fetch(`${base}/admin/bookings/ab-1234`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ guestName: 'Jane Smith', propertyId: 'harbour', roomId: 'r1', checkIn: '2026-12-01', checkOut: '2026-12-03' }),
    });
    expect(put.status).toBe(201);
    expect(await t.redis.exists(t.keys.booking('AB1234'))).toBe(1);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('checkin_http_requests_total');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    // The admin token must never appear in logs.
    expect(server.output()).not.toContain(TOKEN);
  });

  it('refuses to start on bad settings, one line per problem and no stack trace', async () => {
    const server = start({ PORT: 'eighty', REDIS_URL: 'http://nope', ROLE: 'both' });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toEqual([
      'config: PORT: must be a whole number from 0 to 65535',
      'config: REDIS_URL: must be a redis:// or rediss:// URL',
      'config: ROLE: Invalid option: expected one of "all"|"web"|"worker"',
    ]);
  });

  it('says how to start Redis when it does not answer', async () => {
    const server = start({ REDIS_URL: 'redis://127.0.0.1:1', PORT: '0' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Redis is not answering at redis://127.0.0.1:1');
    expect(server.output()).toContain('redis-server --daemonize yes');
  });

  it('reports a broken properties file clearly', async () => {
    const server = start({ PROPERTIES_FILE: '/nonexistent/properties.json', PORT: '0' });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe('config: PROPERTIES_FILE: cannot read /nonexistent/properties.json (ENOENT)');
  });
});
