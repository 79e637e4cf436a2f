import type Bottleneck from 'bottleneck';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotApi } from '../../../src/bot/telegram-api/bot-api.js';
import { TelegramSender } from '../../../src/bot/telegram/sender.js';
import { DEFAULT_TUNING, type TelegramTuning } from '../../../src/bot/telegram/tuning.js';
import { DeliveryError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';
import { FakeTelegram } from '../../fakes/telegram-server.js';

const TOKEN = '123456:TEST-token_sender';
const FAST: Partial<TelegramTuning> = { perChatIntervalMs: 0, globalIntervalMs: 0, notSentRetryDelaysMs: [20, 20], requestTimeoutMs: 2_000 };
let fake: FakeTelegram;
let chat = 1000;

beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN });
});
afterAll(() => fake.close());
beforeEach(() => {
  chat += 1; // each test writes to its own chat
});

function sender(tuning: Partial<TelegramTuning> = {}, apiRoot = fake.url): TelegramSender {
  const t = { ...DEFAULT_TUNING, ...FAST, ...tuning };
  return new TelegramSender(new BotApi({ token: TOKEN, apiRoot, timeoutMs: t.requestTimeoutMs }), t, createLogger('silent'));
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

const sendsTo = (id: number) => fake.callsOf('sendMessage').filter((c) => String(c.payload.chat_id) === String(id));

describe('the Telegram sender', () => {
  it('429: waits retry_after, then the message arrives once', async () => {
    fake.failNext('sendMessage', { kind: 'rateLimit', retryAfter: 1 });
    await sender().send(String(chat), { type: 'send', text: 'Hello after a pause' });
    const calls = sendsTo(chat);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(fake.messagesTo(chat).map((m) => m.text)).toEqual(['Hello after a pause']);
  });

  it('5xx: retried after a short pause, delivered once', async () => {
    fake.failNext('sendMessage', { kind: 'error', status: 502, description: 'Bad Gateway' });
    await sender().send(String(chat), { type: 'send', text: 'Hi' });
    expect(sendsTo(chat).map((c) => c.status)).toEqual([502, 200]);
    expect(fake.messagesTo(chat)).toHaveLength(1);
  });

  it('5xx that does not stop: a retryable DeliveryError for the engine to retry later; nothing delivered', async () => {
    fake.failNext('sendMessage', ...Array.from({ length: 3 }, () => ({ kind: 'error' as const, status: 500 })));
    const err = await failure(sender().send(String(chat), { type: 'send', text: 'Hi' }));
    expect(err.retryable).toBe(true);
    expect(sendsTo(chat)).toHaveLength(3);
    expect(fake.messagesTo(chat)).toEqual([]);
  });

  it('nothing listening (connection refused) counts as not sent: retryable', async () => {
    const err = await failure(sender({}, 'http://127.0.0.1:1').send(String(chat), { type: 'send', text: 'Hi' }));
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('403 (guest blocked the bot): guestBlocked, not retried', async () => {
    fake.blocked.add(String(chat));
    const err = await failure(sender().send(String(chat), { type: 'send', text: 'Hi' }));
    expect(err).toMatchObject({ retryable: false, guestBlocked: true });
    expect(sendsTo(chat)).toHaveLength(1);
  });

  it('no answer in time: not retried (it may have arrived), so the guest never sees it twice', async () => {
    fake.failNext('sendMessage', { kind: 'slow', ms: 800 });
    const err = await failure(sender({ requestTimeoutMs: 200 }).send(String(chat), { type: 'send', text: 'Your door code is 123456' }));
    expect(err.retryable).toBe(false);
    expect(err.guestBlocked).toBe(false);
    expect(err.message).toMatch(/may have arrived/);
    await new Promise((r) => setTimeout(r, 900));
    expect(sendsTo(chat)).toHaveLength(1);
    expect(fake.messagesTo(chat)).toHaveLength(1); // Telegram did deliver it: a retry would have doubled it
  });

  it('a 400 is final', async () => {
    fake.failNext('sendMessage', { kind: 'error', status: 400, description: 'Bad Request: chat not found' });
    const err = await failure(sender().send(String(chat), { type: 'send', text: 'Hi' }));
    expect(err.retryable).toBe(false);
    expect(sendsTo(chat)).toHaveLength(1);
  });

  it('refused formatting: sent again plain, since nothing went out', async () => {
    fake.failWhen('sendMessage', (p) => p.entities !== undefined, { kind: 'error', status: 400, description: "Bad Request: can't parse entities: bad offset" });
    await sender().send(String(chat), { type: 'send', text: 'Your door code is 123456', secret: { redacted: 'Your door code is [hidden]' } });
    expect(fake.messagesTo(chat)).toMatchObject([{ text: 'Your door code is 123456', entities: undefined }]);
  });

  it('a text over 4,096 characters arrives as several messages, in order, cut at line ends', async () => {
    const text = Array.from({ length: 500 }, (_, i) => `House rule ${i}: be kind to the neighbours.`).join('\n');
    expect(text.length).toBeGreaterThan(8_192);
    await sender().send(String(chat), { type: 'send', text, buttons: [{ id: 'human', label: 'Talk to a person' }] });
    const parts = fake.messagesTo(chat);
    expect(parts.length).toBe(Math.ceil(text.length / 4096));
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.text).join('\n')).toBe(text);
    expect(parts.at(-1)!.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Talk to a person', callback_data: 'human' }]] });
  });

  it('a long message that fails half-way is not retried as a whole (the first part would arrive twice)', async () => {
    const text = `${'a'.repeat(4000)}\n${'b'.repeat(100)}`;
    fake.failWhen('sendMessage', (p) => String(p.text).startsWith('b'), { kind: 'rateLimit', retryAfter: 1 });
    const err = await failure(sender({ maxRateLimitWaits: 0 }).send(String(chat), { type: 'send', text }));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('after 1 of 2 parts');
    expect(fake.messagesTo(chat).map((m) => m.text[0])).toEqual(['a']);
  });

  it('keeps about one message a second per chat; other chats are not held up', async () => {
    const s = sender({ perChatIntervalMs: 400 });
    const other = chat + 100_000;
    await Promise.all([
      s.send(String(chat), { type: 'send', text: 'one' }),
      s.send(String(chat), { type: 'send', text: 'two' }),
      s.send(String(other), { type: 'send', text: 'elsewhere' }),
    ]);
    const [one, two] = fake.messagesTo(chat);
    const [elsewhere] = fake.messagesTo(other);
    expect(two!.at - one!.at).toBeGreaterThanOrEqual(380);
    expect(elsewhere!.at - one!.at).toBeLessThan(380);
  });

  it('a shared limiter that fails before the call (Redis gone) counts as not sent: retryable, nothing delivered', async () => {
    const broken = { schedule: () => Promise.reject(new Error('Connection is closed.')) } as unknown as Bottleneck;
    const t = { ...DEFAULT_TUNING, ...FAST };
    const s = new TelegramSender(new BotApi({ token: TOKEN, apiRoot: fake.url, timeoutMs: t.requestTimeoutMs }), t, createLogger('silent'), broken);
    const err = await failure(s.send(String(chat), { type: 'send', text: 'hello' }));
    expect(err.retryable).toBe(true);
    expect(sendsTo(chat)).toEqual([]);
  });

  it('sends the PIN ahead of other chats\' messages waiting for the bot-wide rate', async () => {
    const s = sender({ globalIntervalMs: 300 });
    const chats = Array.from({ length: 5 }, (_, i) => String(chat + 200_000 + i));
    const pinChat = String(chat + 300_000);
    await Promise.all([
      ...chats.map((c) => s.send(c, { type: 'send', text: 'Thanks, what is your email?' })),
      s.send(pinChat, { type: 'send', text: 'Your door code is 482913', secret: { redacted: 'Your door code is ******' } }),
    ]);
    const order = fake.callsOf('sendMessage').map((c) => String(c.payload.chat_id)).filter((id) => id === pinChat || chats.includes(id));
    // Not sixth, behind every other chat's paced message.
    expect(order.indexOf(pinChat)).toBeLessThanOrEqual(1);
  });
});
