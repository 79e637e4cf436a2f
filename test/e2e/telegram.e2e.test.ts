import { en } from '../../src/flows/messages/en.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, type DeliveredMessage } from '../fakes/telegram-server.js';
import { UpdateFactory, type TgUpdate } from '../fakes/telegram-updates.js';
import { bookingToday, GUEST } from '../helpers/checkin.js';
import { runScript, type Started } from '../support/process.js';
import { testRedis } from '../helpers/redis.js';
import { FAST_LOCKS, waitFor } from '../helpers/runtime.js';
import { startService, type ServiceProcess } from '../support/service.js';
import { TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET } from '../helpers/secrets.js';

const TOKEN = '987654:E2E-telegram_token';
const PUBLIC = 'https://checkin.example.test';
const t = testRedis();
let fake: FakeTelegram;

beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN });
});
afterAll(async () => {
  await fake?.close();
  await t.cleanup();
});

const ENV = { REDIS_URL: t.url, REDIS_PREFIX: t.prefix, LOG_LEVEL: 'info' };

/** A script of the repo run as `npm run …` runs it, configured only through env. */
function run(script: string, env: Record<string, string>, args: string[] = []): Started {
  return runScript(script, { ...ENV, ...env }, args);
}

const TELEGRAM_ENV = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, TELEGRAM_API_ROOT: '' };

describe('npm start with Telegram configured', () => {
  let server: ServiceProcess;
  let base: string;
  const updates = new UpdateFactory();
  const guest = updates.guest(424_242, { firstName: 'Alex', lastName: 'Morgan', languageCode: 'en' });

  beforeAll(async () => {
    server = await startService({
      env: {
        ...ENV,
        ...TELEGRAM_ENV,
        TELEGRAM_API_ROOT: fake.url,
        PUBLIC_BASE_URL: PUBLIC,
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        LOCK_PROVIDER: 'simulated',
        ...FAST_LOCKS,
      },
      readyTimeoutMs: 18_000,
    });
    base = server.base;
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  const post = (update: TgUpdate, secret = TEST_WEBHOOK_SECRET) =>
    fetch(`${base}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    });

  /** Posts an update and waits until the guest has `count` more messages. */
  async function say(update: TgUpdate, count = 1): Promise<DeliveredMessage[]> {
    const before = fake.messagesTo(guest.chatId).length;
    const res = await post(update);
    expect(res.status).toBe(200);
    await waitFor(() => fake.messagesTo(guest.chatId).length >= before + count, 10_000, `reply to update ${update.update_id}`);
    return fake.messagesTo(guest.chatId).slice(before);
  }

  it('registers its webhook with Telegram on start', async () => {
    await waitFor(() => fake.webhook, 10_000, 'setWebhook');
    expect(fake.webhook).toMatchObject({ url: `${PUBLIC}/webhooks/telegram`, secret: TEST_WEBHOOK_SECRET });
    await waitFor(() => server.output().includes('telegram webhook set'), 5_000, 'the log line');
  });

  it('checks a guest in over the webhook: buttons, shared contact, PIN', async () => {
    const put = await server.putBooking(bookingToday('TGE2E1'));
    expect(put.status).toBe(201);

    expect((await post(guest.text('hi'), 'not-the-secret')).status).toBe(401);

    expect((await say(guest.start('TGE2E1')))[0]!.text).toBe(en.refAccepted());
    expect((await say(guest.text(GUEST.name)))[0]!.replyMarkup).toMatchObject({ keyboard: [[{ request_contact: true }]] });
    expect((await say(guest.shareContact('447400123456')))[0]!.text).toContain('email');
    await say(guest.text(GUEST.email));
    const summary = await say(guest.press('no_car'));
    expect(summary[0]!.text).toContain('Please check your details');
    await say(guest.press('confirm'));
    const pin = await waitFor(() => fake.messagesTo(guest.chatId).find((m) => /Your door code is \d{6}/.test(m.text)), 15_000, 'the PIN');
    const e = pin.entities![0]!;
    expect(pin.text.slice(e.offset, e.offset + e.length)).toMatch(/^\d{6}$/);
    expect(fake.callsOf('answerCallbackQuery').length).toBeGreaterThanOrEqual(2);
  });

  it('stops cleanly on SIGTERM, with neither the token nor the secret in its logs', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    expect(server.output()).not.toContain(TEST_WEBHOOK_SECRET);
    expect(server.output()).not.toContain(TOKEN.split(':')[1]);
  });
});

describe('npm run telegram:webhook', () => {
  const CLI = 'src/bot/telegram/webhook-cli.ts';

  it('registers the webhook and prints what Telegram reports', async () => {
    const cli = run(CLI, { ...TELEGRAM_ENV, TELEGRAM_API_ROOT: fake.url, PUBLIC_BASE_URL: `${PUBLIC}/` });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(`Telegram accepted the webhook ${PUBLIC}/webhooks/telegram`);
    expect(cli.output()).toContain('pending updates: 0');
    expect(fake.webhook).toMatchObject({ url: `${PUBLIC}/webhooks/telegram`, secret: TEST_WEBHOOK_SECRET });
  });

  it('says clearly when PUBLIC_BASE_URL is missing', async () => {
    const cli = run(CLI, { ...TELEGRAM_ENV, TELEGRAM_API_ROOT: fake.url });
    expect(await cli.exited).toBe(1);
    expect(cli.output().trim()).toMatch(/^telegram:webhook: PUBLIC_BASE_URL is not set/);
  });

  it("reports Telegram's refusal", async () => {
    const cli = run(CLI, { ...TELEGRAM_ENV, TELEGRAM_API_ROOT: fake.url, PUBLIC_BASE_URL: 'http://plain-http.example.test' });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('An HTTPS URL must be provided for webhook');
  });
});
