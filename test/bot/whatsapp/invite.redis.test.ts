import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatsAppChannel } from '../../../src/bot/whatsapp/whatsapp-channel.js';
import { whatsappChannel } from '../../helpers/channels.js';
import { INVITE_SWEEP } from '../../../src/jobs/invitations.js';
import { FakeTwilio, type FormParams } from '../../fakes/twilio-server.js';
import { incomingMessage, signedRequest, statusCallback } from '../../fakes/twilio-webhooks.js';
import { bookingToday } from '../../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../../helpers/runtime.js';
import { TEST_TWILIO_AUTH_TOKEN } from '../../helpers/secrets.js';

/**
 * Issue 17, proactive invitations: with INVITE_HOURS_BEFORE_CHECKIN and a Content template, each
 * booking with a phone gets its invitation once, before check-in; a guest who wrote STOP never
 * does; an invitation WhatsApp refuses or does not deliver reaches staff naming the booking.
 */
const ACCOUNT = `AC${'e'.repeat(32)}`;
const FROM = 'whatsapp:+14155238886';
const BASE = 'https://checkin.example.com';
const SID = `HX${'a'.repeat(32)}`;
const PHONES = { invited: '+447400200001', stopped: '+447400200002', refused: '+447400200003', busy: '+447400200004', owned: '+447400200005' };

let fake: FakeTwilio;
let t: TestRuntime;
let channel: WhatsAppChannel;
let app: FastifyInstance;

beforeAll(async () => {
  fake = await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
  const whatsapp = whatsappChannel(
    { limits: { maxConcurrent: 5, minTimeMs: 0, perChatMinTimeMs: 5 }, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 }, unknownSidRetriesMs: [20] },
    { logger: pino({ level: 'silent' }) },
  );
  t = await startTestRuntime({
    env: {
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: FROM,
      TWILIO_API_BASE_URL: fake.url,
      PUBLIC_BASE_URL: BASE,
      INVITE_HOURS_BEFORE_CHECKIN: '24',
      TWILIO_INVITE_CONTENT_SID: SID,
    },
    bookings: [
      bookingToday('INV1', { guestPhone: PHONES.invited }),
      bookingToday('INV2', { guestPhone: PHONES.stopped }),
      bookingToday('INV3', { guestPhone: PHONES.refused }),
      bookingToday('INV4', { guestPhone: PHONES.busy }),
      bookingToday('INV5', { guestPhone: PHONES.owned }),
      // No number WhatsApp could be sent to: none at all, and the last digits an iCal feed gives.
      bookingToday('INV6'),
      bookingToday('INV7', { guestPhone: '…4821' }),
    ],
    outbound: whatsapp.outbound,
  });
  channel = whatsapp.on(t);
  app = Fastify();
  channel.routes(app);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await channel?.stop();
  await t?.close();
  await fake?.close();
});

const post = (path: string, params: FormParams) => {
  const { payload, headers } = signedRequest(TEST_TWILIO_AUTH_TOKEN, `${BASE}${path}`, params);
  return app.inject({ method: 'POST', url: path, payload, headers });
};

async function sweep(): Promise<void> {
  const job = await INVITE_SWEEP.runNow(t.runtime.inviteQueue);
  await waitFor(async () => (await job.getState()) === 'completed', 15_000, 'the invitation sweep');
}

describe('proactive WhatsApp invitations', () => {
  it('one template per booking with a phone, never to a guest who wrote STOP or already checked in; refusals reach staff', async () => {
    // A guest who wrote STOP before (to any earlier message), and one who has already proven their booking.
    expect((await post('/webhooks/twilio', incomingMessage({ accountSid: ACCOUNT, to: FROM, from: PHONES.stopped, body: 'STOP' }))).statusCode).toBe(200);
    await t.quiet(PHONES.stopped, 'whatsapp');
    await t.redis.set(t.keys.convByBooking('INV5'), `whatsapp:${PHONES.owned}`);
    fake.failNext({ status: 400, code: 63016, message: 'Failed to send freeform message because you are outside the allowed window.', when: (p) => p.To === `whatsapp:${PHONES.refused}` });
    fake.failNext({ status: 503, when: (p) => p.To === `whatsapp:${PHONES.busy}` });
    const inv = channel.invitations!;
    t.startWorkers({ invitations: { send: (p, r) => inv.send(p, r), optedOut: (p) => inv.optedOut(p), beforeCheckInMs: 24 * 3600_000 } });

    // The sweep the scheduler runs at start, then one more: the busy one goes on the second try.
    await waitFor(() => fake.messages(PHONES.invited).length === 1, 15_000, 'the first invitation');
    await sweep();
    await sweep();
    const invites = fake.messages().filter((m) => m.contentSid === SID);
    expect(invites.map((m) => [m.to, JSON.parse(m.contentVariables!)])).toEqual([
      [`whatsapp:${PHONES.invited}`, { 1: 'INV1' }],
      [`whatsapp:${PHONES.busy}`, { 1: 'INV4' }],
    ]);
    expect(invites[0]!.statusCallback).toBe(`${BASE}/webhooks/twilio/status`);
    expect(fake.requests.filter((r) => r.params.To === `whatsapp:${PHONES.busy}`).map((r) => r.status ?? 201)).toEqual([503, 201]);
    // Refused for good: staff told once, never tried again.
    const refused = (await t.alerts()).filter((a) => a.kind === 'invite_failed');
    expect(refused.map((a) => a.ref)).toEqual(['INV3']);
    expect(refused[0]!.detail).toContain('63016');
    expect(fake.requests.filter((r) => r.params.To === `whatsapp:${PHONES.refused}`)).toHaveLength(1);
    expect((await t.runtime.audit.list('INV1')).map((e) => e.action)).toContain('invited');
    expect((await t.alerts()).filter((a) => a.kind === 'invite_failed')).toHaveLength(1);
  });

  it('an invitation WhatsApp does not deliver reaches staff once, naming the booking; START lets a guest be invited again', async () => {
    const invite = fake.messages(PHONES.invited).find((m) => m.contentSid === SID)!;
    for (const status of ['failed', 'undelivered']) {
      const res = await post('/webhooks/twilio/status', statusCallback({ accountSid: ACCOUNT, sid: invite.sid, status, to: PHONES.invited, from: FROM.replace('whatsapp:', ''), errorCode: '63024' }));
      expect(res.statusCode).toBe(200);
    }
    const alerts = (await t.alerts()).filter((a) => a.kind === 'invite_failed' && a.ref === 'INV1');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toContain('not delivered');
    // No conversation was made for it.
    expect(await t.redis.exists(t.keys.conv(`whatsapp:${PHONES.invited}`))).toBe(0);

    expect(await channel.invitations!.optedOut(PHONES.stopped)).toBe(true);
    await post('/webhooks/twilio', incomingMessage({ accountSid: ACCOUNT, to: FROM, from: PHONES.stopped, body: 'start' }));
    await t.quiet(PHONES.stopped, 'whatsapp');
    expect(await channel.invitations!.optedOut(PHONES.stopped)).toBe(false);
    // The number itself is not what is kept.
    expect((await t.redis.keys(`${t.prefix}wa:optout:*`)).join()).not.toContain('447400200002');
  });
});
