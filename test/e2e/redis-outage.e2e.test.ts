import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { UpdateFactory, type TgUpdate } from '../fakes/telegram-updates.js';
import { FakeTwilio, type FormParams } from '../fakes/twilio-server.js';
import { formBody, incomingMessage } from '../fakes/twilio-webhooks.js';
import { ThrowawayRedis } from '../support/redis-server.js';
import { bookingToday } from '../helpers/checkin.js';
import { waitFor } from '../helpers/runtime.js';
import { startService, type ServiceProcess } from '../support/service.js';
import { TEST_ADMIN_TOKEN, TEST_TWILIO_AUTH_TOKEN, TEST_WEBHOOK_SECRET } from '../helpers/secrets.js';

/**
 * Redis paused (SIGSTOP: connections open, nothing answers) and Redis gone: `npm start` answers
 * every webhook within a few seconds, so Telegram and Twilio (within its 15 s) never hang.
 * Telegram hears 503 and delivers the update again later. Twilio does not by default, so a
 * WhatsApp message is kept in the local spool (fsynced) and answered 200, and reaches Redis once
 * it is back — after a restart of the bot too.
 */
const TOKEN = '989898:E2E-outage_token';
const ACCOUNT = `AC${'b'.repeat(32)}`;
const FROM = 'whatsapp:+14155238886';
const PUBLIC = 'https://checkin.example.test';
/** Well above the 2 s command timeout, far below the 15 s Twilio waits and the 20 s and more a webhook used to hang. */
const ANSWER_WITHIN_MS = 6_000;

let redis: ThrowawayRedis;
let fake: FakeTelegram;
let twilioFake: FakeTwilio;
let server: ServiceProcess;
let base: string;
let spoolDir: string;
const updates = new UpdateFactory();
const guest = updates.guest(515_151);

async function startServer(): Promise<void> {
  server = await startService({
    env: {
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'outage:',
      LOG_LEVEL: 'info',
      ROLE: 'web',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      TELEGRAM_API_ROOT: fake.url,
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: FROM,
      TWILIO_API_BASE_URL: twilioFake.url,
      WHATSAPP_SPOOL_DIR: spoolDir,
    },
    readyTimeoutMs: 18_000,
  });
  base = server.base;
}

beforeAll(async () => {
  // AOF on every write: a restart keeps the bookings and conversations, as a production Redis would.
  redis = await ThrowawayRedis.start({ persist: true });
  fake = await FakeTelegram.start({ token: TOKEN });
  twilioFake = await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
  spoolDir = mkdtempSync(join(tmpdir(), 'checkin-outage-spool-'));
  await startServer();
}, 40_000);
afterAll(async () => {
  redis?.resume();
  await server?.stop('SIGKILL');
  await fake?.close();
  await twilioFake?.close();
  await redis?.close();
  if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
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

/** A WhatsApp webhook as Twilio sends it, signed with the twilio SDK's own helper; Twilio waits 15 s for the answer. */
async function postWhatsApp(params: FormParams): Promise<{ status: number; ms: number; body: string }> {
  const started = Date.now();
  const res = await fetch(`${base}/webhooks/twilio`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(TEST_TWILIO_AUTH_TOKEN, `${PUBLIC}/webhooks/twilio`, params as Record<string, string>),
    },
    body: formBody(params),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, ms: Date.now() - started, body: await res.text() };
}

const message = (chat: string, body: string) => incomingMessage({ accountSid: ACCOUNT, to: FROM, from: chat, body });
const spoolFiles = () => readdirSync(spoolDir).filter((f) => f.endsWith('.jsonl'));
const texts = (chat: string) => twilioFake.messages(chat).map((m) => m.body ?? '');

async function putBooking(ref: string): Promise<void> {
  const res = await server.putBooking(bookingToday(ref));
  expect(res.status).toBe(201);
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

describe('WhatsApp while Redis cannot answer', () => {
  it('stopped: messages are spooled and answered 200, then reach the conversation in order, each once, redelivered or not', { timeout: 90_000 }, async () => {
    const chat = '+447400515151';
    await putBooking('SPOOL1');
    await redis.crash();
    const hi = message(chat, 'hi');
    const ref = message(chat, 'spool1');

    const first = await postWhatsApp(hi);
    expect(first).toMatchObject({ status: 200, body: expect.stringContaining('<Response/>') });
    expect(first.ms).toBeLessThan(ANSWER_WITHIN_MS);
    // Guest data on disk: readable by this user only.
    const [file] = spoolFiles();
    expect(statSync(join(spoolDir, file!)).mode & 0o777).toBe(0o600);
    // Twilio tries again (a connection retry, a fallback URL): kept twice, processed once.
    expect((await postWhatsApp(hi)).status).toBe(200);
    expect((await postWhatsApp(ref)).status).toBe(200);
    expect(texts(chat)).toEqual([]);

    await redis.restart();
    await waitFor(() => texts(chat).length >= 2, 20_000, 'the replies to the spooled messages');
    expect(texts(chat)[0]).toContain('booking reference');
    expect(texts(chat)[1]).toBe(en.refAccepted());
    await waitFor(() => spoolFiles().length === 0, 10_000, 'the spool to be emptied');

    // Twilio delivers both again after the outage: the same MessageSid dedupe drops them.
    expect((await postWhatsApp(hi)).status).toBe(200);
    expect((await postWhatsApp(ref)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(texts(chat)).toHaveLength(2);
    expect(server.output()).toContain('duplicate delivery dropped');
    // A new message goes straight to Redis again.
    expect((await postWhatsApp(message(chat, 'Alex Morgan'))).status).toBe(200);
    await waitFor(() => texts(chat).length === 3, 10_000, 'the reply to the name');
    expect(spoolFiles()).toEqual([]);
  });

  it('a restart with a non-empty spool replays it at start', { timeout: 90_000 }, async () => {
    const chat = '+447400525252';
    await redis.crash();
    expect((await postWhatsApp(message(chat, 'hello'))).status).toBe(200);
    // The bot dies before Redis is back: the message is only on disk.
    await server.stop('SIGKILL');
    expect(spoolFiles()).toHaveLength(1);

    await redis.restart();
    await startServer();
    await waitFor(() => texts(chat).length >= 1, 20_000, 'the reply to the spooled message');
    expect(texts(chat)[0]).toContain('booking reference');
    await waitFor(() => spoolFiles().length === 0, 10_000, 'the spool to be emptied');
    expect(server.output()).toContain('spooled WhatsApp messages of a stopped process found');
  });
});
