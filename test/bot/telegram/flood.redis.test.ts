import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramChannel } from '../../../src/bot/telegram/telegram-channel.js';
import { telegramChannel } from '../../helpers/channels.js';
import type { TelegramTuning } from '../../../src/bot/telegram/tuning.js';
import { en } from '../../../src/flows/messages/en.js';
import { FakeTelegram } from '../../fakes/telegram-server.js';
import { UpdateFactory, type TgUpdate } from '../../fakes/telegram-updates.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../../helpers/runtime.js';
import { TEST_WEBHOOK_SECRET } from '../../helpers/secrets.js';

const TOKEN = '123456:ABC-flood_test';
const TUNING: Partial<TelegramTuning> = { perChatIntervalMs: 20, globalIntervalMs: 0, notSentRetryDelaysMs: [20], stopGraceMs: 3_000 };
const LIMIT = 5;

let fake: FakeTelegram;
let t: TestRuntime;
let channel: TelegramChannel;
const app = Fastify();
const updates = new UpdateFactory();

beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN });
  const telegram = telegramChannel(TUNING);
  t = await startTestRuntime({
    channels: [],
    env: {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      TELEGRAM_API_ROOT: fake.url,
      PUBLIC_BASE_URL: 'https://checkin.example.test',
      INBOUND_MESSAGES_PER_MINUTE: String(LIMIT),
    },
    outbound: telegram.outbound,
  });
  channel = telegram.on(t);
  channel.routes(app);
  await channel.start();
});

afterAll(async () => {
  await channel?.stop();
  await app.close();
  await t?.close();
  await fake?.close();
});

const post = (update: TgUpdate) =>
  app.inject({ method: 'POST', url: '/webhooks/telegram', headers: { 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET }, payload: update });

describe('a guest flooding the Telegram webhook', () => {
  it('gets 200 for every update, answers to the first few, the notice once, and nothing queued', async () => {
    const guest = updates.guest(7_100_000 + Math.floor(Math.random() * 100_000), { languageCode: 'en' });
    const convKey = `telegram:${guest.chatId}`;
    const sent: TgUpdate[] = [];
    for (let i = 0; i < LIMIT + 4; i++) sent.push(guest.text('HELP'));
    const press = guest.press('human'); // over the limit too: dropped, but its spinner must stop
    sent.push(press);
    for (const update of sent) expect((await post(update)).statusCode).toBe(200);
    // Telegram redelivering a dropped update changes nothing.
    expect((await post(sent.at(-2)!)).statusCode).toBe(200);

    await waitFor(() => fake.messagesTo(guest.chatId).some((m) => m.text === en.tooFast()), 10_000, 'the notice');
    await t.quiet(guest.chatId, 'telegram');
    await new Promise((r) => setTimeout(r, 200)); // room for a second notice, were there one

    const texts = fake.messagesTo(guest.chatId).map((m) => m.text);
    expect(texts.filter((x) => x === en.tooFast())).toHaveLength(1);
    expect(texts).not.toContain(en.humanRequested());
    expect((await t.runtime.store.load(convKey))?.version).toBe(LIMIT);
    const id = (press.callback_query as { id: string }).id;
    await waitFor(() => fake.callsOf('answerCallbackQuery').some((c) => c.payload.callback_query_id === id), 5_000, 'the press to be answered');
    await waitFor(async () => !(await t.runtime.store.pending()).includes(convKey), 5_000, 'the chat to leave the pending set');
    expect(await t.redis.llen(t.keys.convInbox(convKey))).toBe(0);
  });
});
