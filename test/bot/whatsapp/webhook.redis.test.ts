import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWhatsAppWebhooks } from '../../../src/bot/whatsapp/webhook-routes.js';
import type { WhatsAppChannel } from '../../../src/bot/whatsapp/whatsapp-channel.js';
import { whatsappChannel } from '../../helpers/channels.js';
import { en } from '../../../src/flows/messages/en.js';
import { FakeTwilio, type AcceptedMessage, type FormParams } from '../../fakes/twilio-server.js';
import { incomingMessage, messageSid, signedRequest, statusCallback } from '../../fakes/twilio-webhooks.js';
import { bookingToday, GUEST } from '../../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../../helpers/runtime.js';
import { TEST_TWILIO_AUTH_TOKEN } from '../../helpers/secrets.js';
import { testApp } from '../../helpers/app.js';

const ACCOUNT = `AC${'d'.repeat(32)}`;
const FROM = 'whatsapp:+14155238886';
const BASE = 'https://checkin.example.com';
const MESSAGE_URL = `${BASE}/webhooks/twilio`;
const STATUS_URL = `${BASE}/webhooks/twilio/status`;

let fake: FakeTwilio;
let t: TestRuntime;
let channel: WhatsAppChannel;
let app: FastifyInstance;

beforeAll(async () => {
  fake = await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
  const whatsapp = whatsappChannel(
    { limits: { maxConcurrent: 5, minTimeMs: 0, perChatMinTimeMs: 5 }, retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 }, unknownSidRetriesMs: [20] },
    { logger: pino({ level: 'silent' }) },
  );
  t = await startTestRuntime({
    workers: true,
    env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM: FROM, TWILIO_API_BASE_URL: fake.url, PUBLIC_BASE_URL: BASE },
    bookings: [bookingToday('WA100'), bookingToday('WA200'), bookingToday('WA300')],
    outbound: whatsapp.outbound,
  });
  channel = whatsapp.on(t);
  app = testApp(t, { adminToken: undefined, routes: [(a) => channel.routes(a)] });
});
afterAll(async () => {
  await app?.close();
  await channel?.stop();
  await t?.close();
  await fake?.close();
});

function post(params: FormParams, opts: { url?: string; signedUrl?: string; token?: string } = {}) {
  const { payload, headers } = signedRequest(opts.token ?? TEST_TWILIO_AUTH_TOKEN, opts.signedUrl ?? MESSAGE_URL, params);
  return app.inject({ method: 'POST', url: opts.url ?? '/webhooks/twilio', payload, headers });
}

const inbound = (chatId: string, body: string, extra: FormParams = {}) => incomingMessage({ accountSid: ACCOUNT, to: FROM, from: chatId, body, extra });

/** The guest writes; returns what the bot answered on WhatsApp (once the chat has nothing queued). */
async function guest(chatId: string, body: string, extra: FormParams = {}): Promise<AcceptedMessage[]> {
  const before = fake.messages(chatId).length;
  const res = await post(inbound(chatId, body, extra));
  expect(res.statusCode).toBe(200);
  await t.quiet(chatId, 'whatsapp');
  return fake.messages(chatId).slice(before);
}

const pinOf = (m: AcceptedMessage) => /Your door code is \*(\d+)\*/.exec(m.body ?? '')?.[1];

/** A whole check-in over the webhook; returns the PIN message as Twilio received it. */
async function checkIn(chatId: string, ref: string, confirm: FormParams = { Body: 'yes' }): Promise<AcceptedMessage> {
  expect((await guest(chatId, 'hi'))[0]!.body).toContain("What's your booking reference?");
  expect((await guest(chatId, ref.toLowerCase()))[0]!.body).toBe(en.refAccepted());
  const askPhone = await guest(chatId, GUEST.name);
  // The WhatsApp number is offered as the phone, with the typed YES already in the text.
  expect(askPhone[0]!.body).toMatch(/^Is \+44 7400 \d{6} the best number to reach you during your stay\? Reply YES, or type another number\.$/);
  expect((await guest(chatId, 'YES 👍'))[0]!.body).toBe(en.askEmail());
  expect((await guest(chatId, GUEST.email))[0]!.body).toBe(en.askCar(true));
  const summary = await guest(chatId, 'no car');
  expect(summary[0]!.body).toContain('Please check your details');
  expect(summary[0]!.body).toContain(`Phone: +44 7400 ${chatId.slice(-6)}`);
  await guest(chatId, (confirm.Body as string | undefined) ?? '', confirm);
  return waitFor(() => fake.messages(chatId).find(pinOf), 15_000, 'the PIN message');
}

describe('POST /webhooks/twilio', () => {
  it('checks a guest in over WhatsApp: signed webhooks in, REST replies out, PIN in bold', async () => {
    const chatId = '+447400123401';
    const pinMessage = await checkIn(chatId, 'WA100');
    const pin = pinOf(pinMessage)!;
    expect(pin).toMatch(/^\d{6}$/);
    expect(pinMessage.body).toContain(`Your door code is *${pin}*`);
    const conv = await t.runtime.store.load(`whatsapp:${chatId}`);
    expect(conv?.state).toMatchObject({ step: 'done', ref: 'WA100', guest: { phone: chatId }, pin: { sent: true } });
    for (const m of fake.messages(chatId)) expect(m).toMatchObject({ from: FROM, to: `whatsapp:${chatId}`, statusCallback: STATUS_URL });
    // The webhook is answered with empty TwiML; the reply went by REST.
    const before = fake.messages(chatId).length;
    const res = await post(inbound(chatId, 'pin'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.body).toContain('<Response/>');
    await t.quiet(chatId, 'whatsapp');
    expect(pinOf(fake.messages(chatId)[before]!)).toBe(pin);
  }, 40_000);

  it('refuses a bad or missing signature with 403 and no side effect', async () => {
    const chatId = '+447400123402';
    const params = inbound(chatId, 'WA300');
    const attempts = [
      await post(params, { token: 'not-the-token' }),
      // TLS ended at a proxy: the app sees http, Twilio signed https.
      await post(params, { signedUrl: MESSAGE_URL.replace('https:', 'http:') }),
      await app.inject({ method: 'POST', url: '/webhooks/twilio', payload: new URLSearchParams(params as Record<string, string>).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      // Signed, then a field changed.
      await app.inject({ method: 'POST', url: '/webhooks/twilio', ...(() => { const s = signedRequest(TEST_TWILIO_AUTH_TOKEN, MESSAGE_URL, params); return { headers: s.headers, payload: s.payload.replace('WA300', 'WA100') }; })() }),
    ];
    for (const res of attempts) expect(res.statusCode).toBe(403);
    expect(await t.redis.exists(t.keys.dedupe('whatsapp', params.MessageSid as string))).toBe(0);
    expect(await t.redis.exists(t.keys.convInbox(`whatsapp:${chatId}`), t.keys.conv(`whatsapp:${chatId}`))).toBe(0);
    expect(fake.messages(chatId)).toEqual([]);
  });

  it('answers the same MessageSid once', async () => {
    const chatId = '+447400123403';
    const params = inbound(chatId, 'hello');
    expect((await post(params)).statusCode).toBe(200);
    expect((await post(params)).statusCode).toBe(200);
    await t.quiet(chatId, 'whatsapp');
    expect(fake.messages(chatId)).toHaveLength(1);
    expect((await post(params)).statusCode).toBe(200);
    await t.quiet(chatId, 'whatsapp');
    expect(fake.messages(chatId)).toHaveLength(1);
  });

  it('drops a captured request replayed two days later (its MessageSid is remembered for a week)', async () => {
    const chatId = '+447400123499';
    const params = inbound(chatId, 'hello');
    expect((await post(params)).statusCode).toBe(200);
    await t.quiet(chatId, 'whatsapp');
    const key = t.keys.dedupe('whatsapp', String(params.MessageSid));
    expect(await t.redis.ttl(key)).toBeGreaterThan(6 * 24 * 3600);
    // Two days on: what is left of the key's life.
    await t.redis.expire(key, 5 * 24 * 3600);
    expect((await post(params)).statusCode).toBe(200);
    await t.quiet(chatId, 'whatsapp');
    expect(fake.messages(chatId)).toHaveLength(1);
  });

  it('answers 400 to a signed body that is not a WhatsApp message, and queues nothing', async () => {
    const chatId = '+447400123404';
    const sms = { ...inbound(chatId, 'hi'), From: chatId };
    const noSid = { ...inbound(chatId, 'hi'), MessageSid: '' };
    const otherAccount = { ...inbound(chatId, 'hi'), AccountSid: `AC${'e'.repeat(32)}` };
    for (const params of [sms, noSid, otherAccount]) expect((await post(params)).statusCode).toBe(400);
    expect(await t.redis.exists(t.keys.conv(`whatsapp:${chatId}`), t.keys.convInbox(`whatsapp:${chatId}`))).toBe(0);
  });

  it('asks for a photo, voice note or location to be typed, and carries on', async () => {
    const chatId = '+447400123405';
    await guest(chatId, 'hi');
    await guest(chatId, 'WA300');
    const photo = await guest(chatId, '', { NumMedia: '1', MediaContentType0: 'image/jpeg', MediaUrl0: 'https://api.twilio.com/media/1', MessageType: 'image' });
    expect(photo.map((m) => m.body)).toEqual([en.pleaseType(), en.askName()]);
    const location = await guest(chatId, '', { MessageType: 'location', Latitude: '51.5', Longitude: '-0.12' });
    expect(location.map((m) => m.body)).toEqual([en.pleaseType(), en.askName()]);
    expect((await guest(chatId, GUEST.name))[0]!.body).toContain('best number');
  });

  it('reads "2" as the second of the numbered buttons last sent to that chat, from Redis', async () => {
    const chatId = '+447400123406';
    await guest(chatId, 'hi');
    await channel.sender.send(chatId, {
      type: 'send',
      text: 'Anything else?',
      buttons: [
        { id: 'resend_pin', label: 'Show my code' },
        { id: 'human', label: 'Talk to a person' },
      ],
    });
    expect(fake.messages(chatId).at(-1)!.body).toBe('Anything else?\n\nReply 1 for Show my code, 2 for Talk to a person.');
    const reply = await guest(chatId, '2');
    expect(reply[0]!.body).toBe(en.humanRequested());
    const alerts = await t.alerts();
    expect(alerts.some((a) => a.kind === 'human_requested' && a.convKey === `whatsapp:${chatId}`)).toBe(true);
    // The list was replaced by the bot's answer: "2" is just text again.
    expect((await guest(chatId, '2'))[0]!.body).not.toBe(en.humanRequested());
  });

  it('reads a long message beyond the app-wide 64 KB body limit (emoji triple in size once form-encoded)', async () => {
    const chatId = '+447400123410';
    const params = inbound(chatId, '🙂'.repeat(6_000));
    expect(signedRequest(TEST_TWILIO_AUTH_TOKEN, MESSAGE_URL, params).payload.length).toBeGreaterThan(64 * 1024);
    const replies = await guest(chatId, '🙂'.repeat(6_000));
    expect(replies).toHaveLength(1);
  });

  it('answers 503 when the message cannot be queued (Twilio retries only where the webhook URL asks it to)', async () => {
    const broken = Fastify();
    registerWhatsAppWebhooks(broken, {
      accountSid: ACCOUNT,
      authToken: TEST_TWILIO_AUTH_TOKEN,
      publicBaseUrl: BASE,
      intake: {
        message: async () => {
          throw new Error('Command timed out');
        },
        status: async () => {},
      },
      logger: pino({ level: 'silent' }),
    });
    const { payload, headers } = signedRequest(TEST_TWILIO_AUTH_TOKEN, MESSAGE_URL, inbound('+447400123407', 'hi'));
    const res = await broken.inject({ method: 'POST', url: '/webhooks/twilio', payload, headers });
    expect(res.statusCode).toBe(503);
    await broken.close();
  });
});

describe('POST /webhooks/twilio with a spool', () => {
  it('keeps a message Redis cannot take (200), never one that failed for another reason (503), and queues behind what the spool holds', async () => {
    const kept: string[] = [];
    let holding = false;
    let diskFull = false;
    let failure: Error | undefined = new Error('Command timed out');
    const direct: string[] = [];
    const app = Fastify();
    registerWhatsAppWebhooks(app, {
      accountSid: ACCOUNT,
      authToken: TEST_TWILIO_AUTH_TOKEN,
      publicBaseUrl: BASE,
      intake: {
        message: async (p) => {
          if (failure) throw failure;
          direct.push(p.Body);
        },
        status: async () => {},
      },
      spool: {
        holding: () => holding,
        keep: async (entry) => {
          if (diskFull) throw new Error('ENOSPC');
          kept.push(entry.kind === 'message' ? entry.params.Body : entry.kind);
        },
      },
      logger: pino({ level: 'silent' }),
    });
    const send = async (body: string) => {
      const { payload, headers } = signedRequest(TEST_TWILIO_AUTH_TOKEN, MESSAGE_URL, inbound('+447400123411', body));
      return (await app.inject({ method: 'POST', url: '/webhooks/twilio', payload, headers })).statusCode;
    };
    expect(await send('redis paused')).toBe(200);
    failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    expect(await send('redis gone')).toBe(200);
    failure = new Error('a bug, not an outage');
    expect(await send('a bug')).toBe(503);
    failure = new Error('Command timed out');
    diskFull = true;
    expect(await send('disk full too')).toBe(503);
    diskFull = false;
    failure = undefined;
    holding = true;
    expect(await send('behind the spool')).toBe(200);
    holding = false;
    expect(await send('redis back')).toBe(200);
    expect(kept).toEqual(['redis paused', 'redis gone', 'behind the spool']);
    expect(direct).toEqual(['redis back']);
    await app.close();
  });
});

describe('POST /webhooks/twilio/status', () => {
  it('a failed PIN message reaches staff, naming the booking, once; the PIN is marked not delivered', async () => {
    const chatId = '+447400123408';
    // Confirmed with the quick-reply button rather than typed.
    const pinMessage = await checkIn(chatId, 'WA200', { Body: 'Confirm', ButtonPayload: 'confirm', ButtonText: 'Confirm', MessageType: 'button' });
    const failed = statusCallback({ accountSid: ACCOUNT, sid: pinMessage.sid, status: 'undelivered', to: chatId, from: FROM, errorCode: '63016', errorMessage: '' });

    expect((await post(failed, { url: '/webhooks/twilio/status', signedUrl: MESSAGE_URL })).statusCode).toBe(403);
    const res = await post(failed, { url: '/webhooks/twilio/status', signedUrl: STATUS_URL });
    expect(res.statusCode).toBe(200);
    const alert = await waitFor(async () => (await t.alerts()).find((a) => a.kind === 'delivery_failed' && a.convKey === `whatsapp:${chatId}`), 5_000, 'the staff alert');
    expect(alert.ref).toBe('WA200');
    expect(alert.detail).toContain('door code was not delivered');
    expect(alert.detail).toContain('24-hour window');
    expect(alert.detail).toContain('63016');
    await waitFor(async () => (await t.runtime.store.load(`whatsapp:${chatId}`))?.state.pin.undelivered, 5_000, 'the PIN marked undelivered');

    // Twilio repeating itself, or "failed" after "undelivered": still one alert.
    await post(failed, { url: '/webhooks/twilio/status', signedUrl: STATUS_URL });
    await post({ ...failed, MessageStatus: 'failed', SmsStatus: 'failed' }, { url: '/webhooks/twilio/status', signedUrl: STATUS_URL });
    await t.quiet(chatId, 'whatsapp');
    expect((await t.alerts()).filter((a) => a.kind === 'delivery_failed' && a.convKey === `whatsapp:${chatId}`)).toHaveLength(1);
  }, 40_000);

  it('replaces a quick-reply summary WhatsApp did not deliver with the text version, once, without bothering staff', async () => {
    const chatId = '+447400123411';
    const contentSid = `HX${'9'.repeat(32)}`;
    // A second WhatsApp channel beside the engine's (its sends are the test's own), with a template for the summary.
    const second = whatsappChannel(
      { limits: { maxConcurrent: 5, minTimeMs: 0, perChatMinTimeMs: 0 }, retry: { attempts: 2, baseDelayMs: 20, maxDelayMs: 50 } },
      { twilio: { confirmContentSid: contentSid }, logger: pino({ level: 'silent' }) },
    );
    second.outbound(t.runtime);
    const templated = second.on(t);
    const web = Fastify();
    templated.routes(web);
    const summary = { type: 'send' as const, text: en.confirmPrompt(), buttons: [{ id: 'confirm' as const, label: 'Confirm' }, { id: 'edit' as const, label: 'Edit' }] };
    await templated.sender.send(chatId, summary);
    const [template] = fake.messages(chatId);
    expect(template).toMatchObject({ contentSid, body: undefined });

    const failed = signedRequest(TEST_TWILIO_AUTH_TOKEN, STATUS_URL, statusCallback({ accountSid: ACCOUNT, sid: template!.sid, status: 'failed', to: chatId, from: FROM, errorCode: '63027' }));
    for (let i = 0; i < 2; i++) expect((await web.inject({ method: 'POST', url: '/webhooks/twilio/status', ...failed })).statusCode).toBe(200);
    expect(fake.messages(chatId).map((m) => [m.contentSid, m.body])).toEqual([
      [contentSid, undefined],
      [undefined, en.confirmPrompt()],
    ]);
    expect((await t.alerts()).filter((a) => a.convKey === `whatsapp:${chatId}`)).toEqual([]);
    await web.close();
    await templated.stop();
  });

  it('ignores good news and unknown messages; handles a status posted to the message URL as a status', async () => {
    const chatId = '+447400123409';
    const [welcome] = await guest(chatId, 'hi');
    const status = (sid: string, s: string, code?: string) => statusCallback({ accountSid: ACCOUNT, sid, status: s, to: chatId, from: FROM, ...(code ? { errorCode: code } : {}) });
    for (const s of ['sent', 'delivered', 'read']) expect((await post(status(welcome!.sid, s), { url: '/webhooks/twilio/status', signedUrl: STATUS_URL })).statusCode).toBe(200);
    expect((await post(status(messageSid(), 'failed', '30008'), { url: '/webhooks/twilio/status', signedUrl: STATUS_URL })).statusCode).toBe(200);
    expect((await post({ MessageSid: welcome!.sid }, { url: '/webhooks/twilio/status', signedUrl: STATUS_URL })).statusCode).toBe(400);
    await t.quiet(chatId, 'whatsapp');
    expect((await t.alerts()).filter((a) => a.convKey === `whatsapp:${chatId}`)).toEqual([]);

    const before = fake.messages(chatId).length;
    expect((await post(status(welcome!.sid, 'failed', '63003'))).statusCode).toBe(200);
    const alert = await waitFor(async () => (await t.alerts()).find((a) => a.kind === 'delivery_failed' && a.convKey === `whatsapp:${chatId}`), 5_000, 'the staff alert');
    expect(alert.detail).toContain('A message to the guest was not delivered');
    expect(alert.detail).toContain('not on WhatsApp');
    await t.quiet(chatId, 'whatsapp');
    expect(fake.messages(chatId)).toHaveLength(before); // not answered as if the guest had written
  });
});
