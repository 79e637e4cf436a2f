import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatsAppChannel } from '../../../src/bot/whatsapp/whatsapp-channel.js';
import { whatsappChannel } from '../../helpers/channels.js';
import { en } from '../../../src/flows/messages/en.js';
import { runArrivalSweep, type ArrivalSweepDeps } from '../../../src/jobs/arrivals.js';
import { checkoutReminderAt, runCheckoutReminderSweep } from '../../../src/jobs/checkout-reminders.js';
import { stayWindow } from '../../../src/locks/stay-window.js';
import { FakeTwilio, type FormParams } from '../../fakes/twilio-server.js';
import { incomingMessage, signedRequest } from '../../fakes/twilio-webhooks.js';
import { bookingToday, STEPS_TO } from '../../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../../helpers/runtime.js';
import { TEST_TWILIO_AUTH_TOKEN } from '../../helpers/secrets.js';

/**
 * Issue 17 item 4 on WhatsApp: the arrival welcome and the check-out reminder go as text within
 * 24 h of the guest's last message; beyond it only as their approved Content template (here the
 * check-out one is set, the welcome one is not: then it is not attempted and staff read why);
 * never to a guest who wrote STOP.
 */
const ACCOUNT = `AC${'d'.repeat(32)}`;
const FROM = 'whatsapp:+14155238886';
const BASE = 'https://checkin.example.com';
const CHECKOUT_SID = `HX${'b'.repeat(32)}`;
const PHONES = { late: '+447400300001', recent: '+447400300002', stopped: '+447400300003' };
const REFS = { late: 'WAP1', recent: 'WAP2', stopped: 'WAP3' } as const;
const logger = pino({ level: 'silent' });

let fake: FakeTwilio;
let t: TestRuntime;
let channel: WhatsAppChannel;
let app: FastifyInstance;
const codes: Record<string, string> = {};

const post = (params: FormParams) => {
  const { payload, headers } = signedRequest(TEST_TWILIO_AUTH_TOKEN, `${BASE}/webhooks/twilio`, params);
  return app.inject({ method: 'POST', url: '/webhooks/twilio', payload, headers });
};

async function say(phone: string, body: string): Promise<void> {
  expect((await post(incomingMessage({ accountSid: ACCOUNT, to: FROM, from: phone, body }))).statusCode).toBe(200);
  await t.quiet(phone, 'whatsapp');
}

const pinOf = (phone: string) => fake.messages(phone).map((m) => /Your door code is \*?(\d+)/.exec(m.body ?? '')?.[1]).find((c) => c !== undefined);

beforeAll(async () => {
  fake = await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
  const whatsapp = whatsappChannel(
    { limits: { maxConcurrent: 5, minTimeMs: 0, perChatMinTimeMs: 5 }, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 }, unknownSidRetriesMs: [20] },
    { logger },
  );
  t = await startTestRuntime({
    workers: true,
    env: {
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: FROM,
      TWILIO_API_BASE_URL: fake.url,
      PUBLIC_BASE_URL: BASE,
      TWILIO_CHECKOUT_CONTENT_SID: CHECKOUT_SID,
      LOCK_RECORD_POLL_MINUTES: '0',
      DEPARTURE_MESSAGES: 'false',
    },
    bookings: [bookingToday(REFS.late), bookingToday(REFS.recent, { roomId: 'r2' }), bookingToday(REFS.stopped)],
    outbound: whatsapp.outbound,
  });
  channel = whatsapp.on(t);
  app = Fastify();
  channel.routes(app);
  await app.ready();
  for (const [who, phone] of Object.entries(PHONES)) {
    for (const line of STEPS_TO.confirm(REFS[who as keyof typeof REFS])) await say(phone, line);
    await waitFor(() => pinOf(phone) !== undefined, 15_000, `the door code of ${who}`);
    codes[who] = pinOf(phone)!;
  }
});
afterAll(async () => {
  await app?.close();
  await channel?.stop();
  await t?.close();
  await fake?.close();
});

/** More than 24 hours since the guest's last message: their window key has expired. */
async function windowCloses(phone: string): Promise<void> {
  const key = t.keys.waWindow(t.publicId(`whatsapp:${phone}`));
  expect(await t.redis.pttl(key)).toBeGreaterThan(23 * 3600_000);
  await t.redis.del(key);
}

const stay = (ref: string) => stayWindow(bookingToday(ref), t.catalog.property('harbour')!, { earlyMinutes: 0, lateMinutes: 0 });

function arrivalDeps(now: number): ArrivalSweepDeps {
  return {
    upcoming: (n) => t.runtime.bookings.upcoming(n),
    catalog: t.catalog,
    stayingChat: (ref) => t.runtime.stayingChat(ref),
    records: (lockId, since, until) => t.runtime.provider.readRecords(lockId, since, until),
    notify: (convKey, event, deliveryId) => t.runtime.engine.notify(convKey, event, deliveryId),
    alerts: t.runtime.alerts,
    redis: t.redis,
    keys: t.keys,
    welcome: true,
    everyMs: 5 * 60_000,
    logger,
    now: () => now,
  };
}

describe('proactive WhatsApp messages and the 24-hour window', () => {
  it('within the window the welcome is plain text', async () => {
    const opened = stay(REFS.recent).start + 10 * 60_000;
    await t.locks.simulateOpening(2002, codes.recent!, opened);
    const before = fake.messages(PHONES.recent).length;
    await runArrivalSweep(arrivalDeps(opened + 60_000));
    await t.quiet(PHONES.recent, 'whatsapp');
    const sent = fake.messages(PHONES.recent).slice(before);
    expect(sent.map((m) => [m.body, m.contentSid])).toEqual([[en.arrivalWelcome('Room 2', undefined), undefined]]);
  });

  it('beyond it, without TWILIO_WELCOME_CONTENT_SID: not attempted, and the conversation\'s staff alert says why', async () => {
    await windowCloses(PHONES.late);
    const opened = stay(REFS.late).start + 10 * 60_000;
    await t.locks.simulateOpening(1001, codes.late!, opened);
    const requests = fake.requests.length;
    await runArrivalSweep(arrivalDeps(opened + 60_000));
    await t.quiet(PHONES.late, 'whatsapp');
    expect(fake.requests.slice(requests).filter((r) => r.params.To === `whatsapp:${PHONES.late}`)).toEqual([]);
    const alerts = (await t.alerts()).filter((a) => a.kind === 'delivery_failed' && a.convKey === `whatsapp:${PHONES.late}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toMatch(/more than 24 hours ago.*TWILIO_WELCOME_CONTENT_SID is not set/);
    expect(alerts[0]!.ref).toBe(REFS.late);
  });

  it('beyond it, with TWILIO_CHECKOUT_CONTENT_SID: the reminder goes as that Content template with its variables', async () => {
    const due = checkoutReminderAt(stay(REFS.late).end, 'Europe/London', '08:00')!;
    const before = fake.messages(PHONES.late).length;
    await runCheckoutReminderSweep({
      upcoming: (n) => t.runtime.bookings.upcoming(n),
      catalog: t.catalog,
      stayingChat: (ref) => t.runtime.stayingChat(ref),
      notify: (convKey, event, deliveryId) => t.runtime.engine.notify(convKey, event, deliveryId),
      redis: t.redis,
      keys: t.keys,
      reminderTime: '08:00',
      logger,
      now: () => due + 60_000,
    });
    await t.quiet(PHONES.late, 'whatsapp');
    const sent = fake.messages(PHONES.late).slice(before);
    expect(sent.map((m) => [m.contentSid, JSON.parse(m.contentVariables ?? '{}'), m.body])).toEqual([[CHECKOUT_SID, { 1: '11:00', 2: 'Room 1' }, undefined]]);
    expect(sent[0]!.statusCallback).toBe(`${BASE}/webhooks/twilio/status`);
  });

  it('a guest who wrote STOP gets nothing unasked, even within the window; staff read why', async () => {
    await say(PHONES.stopped, 'STOP');
    const opened = stay(REFS.stopped).start + 10 * 60_000;
    await t.locks.simulateOpening(2001, codes.stopped!, opened);
    const before = fake.messages(PHONES.stopped).length;
    await runArrivalSweep(arrivalDeps(opened + 60_000));
    await t.quiet(PHONES.stopped, 'whatsapp');
    expect(fake.messages(PHONES.stopped).slice(before)).toEqual([]);
    const alerts = (await t.alerts()).filter((a) => a.kind === 'delivery_failed' && a.convKey === `whatsapp:${PHONES.stopped}`);
    expect(alerts.map((a) => a.detail)).toEqual([expect.stringContaining('the guest wrote STOP')]);
  });
});
