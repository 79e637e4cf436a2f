import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ButtonReplies } from '../../../src/bot/whatsapp/button-replies.js';
import { SendLimiter } from '../../../src/bot/whatsapp/send-limiter.js';
import { SentMessages } from '../../../src/bot/whatsapp/sent-messages.js';
import { createTwilioClient } from '../../../src/bot/whatsapp/twilio-client.js';
import { WhatsAppSender, type WhatsAppSenderDeps } from '../../../src/bot/whatsapp/whatsapp-sender.js';
import { DeliveryError } from '../../../src/errors.js';
import type { SendEffect } from '../../../src/flows/effects.js';
import { en } from '../../../src/flows/messages/en.js';
import { FakeTwilio } from '../../fakes/twilio-server.js';
import { testRedis } from '../../helpers/redis.js';
import { TEST_TWILIO_AUTH_TOKEN } from '../../helpers/secrets.js';

const ACCOUNT = `AC${'b'.repeat(32)}`;
const FROM = 'whatsapp:+14155238886';
const CONTENT_SID = `HX${'c'.repeat(32)}`;
const STATUS_URL = 'https://checkin.example.com/webhooks/twilio/status';

const r = testRedis();
let fake: FakeTwilio;
let chatN = 0;
let chat: string;

beforeAll(async () => {
  fake = await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
});
afterAll(async () => {
  await fake?.close();
  await r.cleanup();
});
beforeEach(() => {
  chat = `+4474001${String(++chatN).padStart(5, '0')}`;
});

function sender(over: Partial<WhatsAppSenderDeps> & { token?: string } = {}): WhatsAppSender {
  const client = createTwilioClient({ accountSid: ACCOUNT, authToken: over.token ?? TEST_TWILIO_AUTH_TOKEN, apiBaseUrl: fake.url, timeoutMs: 5_000 });
  return new WhatsAppSender({
    create: (p) => client.messages.create(p),
    from: FROM,
    statusCallbackUrl: STATUS_URL,
    confirmContentSid: undefined,
    buttons: new ButtonReplies(r.redis, r.keys),
    sentMessages: new SentMessages(r.redis, r.keys),
    limiter: new SendLimiter({ maxConcurrent: 5, minTimeMs: 0, perChatMinTimeMs: 0 }),
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
    logger: pino({ level: 'silent' }),
    ...over,
  });
}

const text = (t: string, extra: Partial<SendEffect> = {}): SendEffect => ({ type: 'send', text: t, ...extra });
const requestsTo = (chatId: string) => fake.requests.filter((q) => q.params.To === `whatsapp:${chatId}`);

describe('WhatsAppSender (real twilio client against a fake Twilio)', () => {
  it('sends from TWILIO_WHATSAPP_FROM with a status callback, and remembers which conversation each sid belongs to', async () => {
    await sender().send(chat, text('Hello there'));
    const [m] = fake.messages(chat);
    expect(m).toMatchObject({ to: `whatsapp:${chat}`, from: FROM, body: 'Hello there', statusCallback: STATUS_URL, contentSid: undefined });
    expect(await new SentMessages(r.redis, r.keys).lookup(m!.sid)).toEqual({ convKey: `whatsapp:${chat}`, pin: false });
    expect(await r.redis.ttl(r.keys.waMessage(m!.sid))).toBeGreaterThan(24 * 3600);
  });

  it('asks for no status callback without PUBLIC_BASE_URL', async () => {
    await sender({ statusCallbackUrl: undefined }).send(chat, text('No callback'));
    expect(fake.messages(chat)[0]!.statusCallback).toBeUndefined();
  });

  it('503 then success: sent once', async () => {
    fake.failNext({ status: 503, when: (p) => p.To === `whatsapp:${chat}` });
    await sender().send(chat, text('After a blip'));
    expect(requestsTo(chat).map((q) => q.status)).toEqual([503, 201]);
    expect(fake.messages(chat)).toHaveLength(1);
  });

  it('429 (20429) is retried with backoff; a 4xx never is', async () => {
    const mine = (p: Record<string, unknown>) => p.To === `whatsapp:${chat}`;
    fake.failNext({ status: 429, code: 20429, when: mine }, { status: 429, code: 20429, when: mine });
    await sender().send(chat, text('Rate limited'));
    expect(requestsTo(chat).map((q) => q.status)).toEqual([429, 429, 201]);

    fake.failNext({ status: 400, code: 21211, when: mine });
    const err = await sender().send(chat, text('Bad number')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(false);
    expect((err as DeliveryError).message).toContain('21211');
    expect(requestsTo(chat).map((q) => q.status)).toEqual([429, 429, 201, 400]);
  });

  it('still failing after its own tries: a retryable DeliveryError for the engine to retry later', async () => {
    const mine = (p: Record<string, unknown>) => p.To === `whatsapp:${chat}`;
    fake.failNext({ status: 503, when: mine }, { status: 503, when: mine }, { status: 503, when: mine });
    const err = await sender().send(chat, text('Down')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(true);
    expect(requestsTo(chat)).toHaveLength(3);
    expect(fake.messages(chat)).toHaveLength(0);
  });

  it('wrong credentials: final, and the error names the setting to check', async () => {
    const err = await sender({ token: 'wrong' }).send(chat, text('x')).catch((e: unknown) => e);
    expect((err as DeliveryError).retryable).toBe(false);
    expect((err as DeliveryError).message).toContain('TWILIO_AUTH_TOKEN');
    expect(requestsTo(chat).map((q) => q.status)).toEqual([401]);
  });

  it('splits a body over 1,600 characters into ordered parts on line boundaries', async () => {
    const lines = Array.from({ length: 90 }, (_, i) => `${String(i).padStart(2, '0')} ${'lorem ipsum '.repeat(3).trim()}`);
    const long = lines.join('\n');
    expect(long.length).toBeGreaterThan(3_200);
    await sender().send(chat, text(long, { secret: { redacted: long } }));
    const parts = fake.messages(chat);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.body!.length).toBeLessThanOrEqual(1_600);
    expect(parts.map((p) => p.body).join('\n')).toBe(long);
    const sent = new SentMessages(r.redis, r.keys);
    for (const p of parts) expect(await sent.lookup(p.sid)).toEqual({ convKey: `whatsapp:${chat}`, pin: true });
  });

  it('sends the confirm/edit summary as the quick-reply template, falling back to text if it is refused', async () => {
    const summary = text(en.confirmPrompt(), {
      buttons: [
        { id: 'confirm', label: 'Confirm' },
        { id: 'edit', label: 'Edit' },
      ],
    });
    const s = sender({ confirmContentSid: CONTENT_SID });
    await s.send(chat, summary);
    expect(fake.messages(chat)[0]).toMatchObject({ contentSid: CONTENT_SID, body: undefined, contentVariables: JSON.stringify({ 1: en.confirmPrompt() }) });

    fake.failNext({ status: 400, code: 21656, message: 'The Content Variables parameter is invalid.', when: (p) => p.ContentSid !== undefined });
    await s.send(chat, summary);
    const [, fallback] = fake.messages(chat);
    expect(fallback).toMatchObject({ contentSid: undefined, body: en.confirmPrompt() });

    // Anything else goes as text even with a template configured.
    await s.send(chat, text('Plain'));
    expect(fake.messages(chat)[2]).toMatchObject({ contentSid: undefined, body: 'Plain' });
  });

  it('remembers the numbered buttons it offered, until the next message', async () => {
    const buttons = new ButtonReplies(r.redis, r.keys);
    const s = sender();
    await s.send(chat, text('Pick one', { buttons: [{ id: 'resend_pin', label: 'Show my code' }, { id: 'human', label: 'Talk to a person' }] }));
    expect(fake.messages(chat)[0]!.body).toBe('Pick one\n\nReply 1 for Show my code, 2 for Talk to a person.');
    expect(await buttons.resolve(chat, '2')).toBe('human');
    expect(await buttons.resolve(chat, '3')).toBeUndefined();
    await s.send(chat, text('Something else'));
    expect(await buttons.resolve(chat, '2')).toBeUndefined();
  });

  it('sends through TWILIO_API_BASE_URL, path prefix included (a proxy)', async () => {
    const client = createTwilioClient({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN, apiBaseUrl: `${fake.url}/twilio-egress/`, timeoutMs: 5_000 });
    await sender({ create: (p) => client.messages.create(p) }).send(chat, text('Via the proxy'));
    expect(requestsTo(chat).map((q) => q.path)).toEqual([`/twilio-egress/2010-04-01/Accounts/${ACCOUNT}/Messages.json`]);
  });

  it('keeps messages to one chat in order when sends overlap', async () => {
    const s = sender({ limiter: new SendLimiter({ maxConcurrent: 5, minTimeMs: 0, perChatMinTimeMs: 30 }) });
    await Promise.all(['one', 'two', 'three', 'four'].map((t) => s.send(chat, text(t))));
    expect(fake.messages(chat).map((m) => m.body)).toEqual(['one', 'two', 'three', 'four']);
  });
});
