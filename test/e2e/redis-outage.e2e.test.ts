import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { UpdateFactory, type TgUpdate } from '../fakes/telegram-updates.js';
import { ThrowawayRedis } from '../faults/support/redis-server.js';
import { freePort, runScript, type Started } from '../helpers/process.js';
import { waitFor } from '../helpers/runtime.js';
import { TEST_WEBHOOK_SECRET } from '../helpers/secrets.js';

/**
 * Redis paused (SIGSTOP: connections open, nothing answers) and Redis gone: `npm start` answers
 * every webhook within a few seconds with 503, so Telegram (and Twilio, within its 15 s) hear
 * "not now" instead of waiting, and /healthz says why. Once Redis answers again, so does the bot.
 */
const TOKEN = '989898:E2E-outage_token';
/** Well above the 2 s command timeout, far below the 20 s and more a webhook used to hang. */
const ANSWER_WITHIN_MS = 6_000;

let redis: ThrowawayRedis;
let fake: FakeTelegram;
let server: Started;
let base: string;
const updates = new UpdateFactory();
const guest = updates.guest(515_151);

beforeAll(async () => {
  redis = await ThrowawayRedis.start();
  fake = await FakeTelegram.start({ token: TOKEN });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = runScript('src/main.ts', {
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'outage:',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    ROLE: 'web',
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: fake.url,
    PUBLIC_BASE_URL: 'https://checkin.example.test',
  });
  await waitFor(
    async () => {
      if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`);
      return (await fetch(`${base}/healthz`).catch(() => undefined))?.ok;
    },
    18_000,
    'the server to answer',
  );
}, 30_000);
afterAll(async () => {
  redis?.resume();
  if (server?.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  await fake?.close();
  await redis?.close();
});

async function post(update: TgUpdate): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${base}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET },
    body: JSON.stringify(update),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, ms: Date.now() - started };
}

describe('webhooks while Redis cannot answer', () => {
  it('paused: 503 within seconds, /healthz says Redis; answered again once it resumes', { timeout: 60_000 }, async () => {
    expect((await post(guest.text('hello'))).status).toBe(200);
    redis.pause();
    const during = await post(guest.text('are you there?'));
    expect(during.status).toBe(503);
    expect(during.ms).toBeLessThan(ANSWER_WITHIN_MS);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', redis: expect.any(String) });
    redis.resume();
    // Telegram delivers the refused update again: now it is taken.
    await waitFor(async () => (await post(guest.text('are you there?'))).status === 200, 15_000, 'the bot to answer again');
  });

  it('gone: 503 within seconds', { timeout: 60_000 }, async () => {
    await redis.crash();
    const during = await post(guest.text('still there?'));
    expect(during.status).toBe(503);
    expect(during.ms).toBeLessThan(ANSWER_WITHIN_MS);
    await redis.restart();
  });
});
