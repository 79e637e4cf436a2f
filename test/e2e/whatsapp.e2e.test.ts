import { en } from '../../src/flows/messages/en.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffAlerts } from '../../src/oversight/alerts.js';
import pino from 'pino';
import { FakeTwilio, type AcceptedMessage, type FormParams } from '../fakes/twilio-server.js';
import { incomingMessage, signedRequest, statusCallback } from '../fakes/twilio-webhooks.js';
import { bookingToday, GUEST } from '../helpers/checkin.js';
import { testRedis } from '../helpers/redis.js';
import { FAST_LOCKS, waitFor } from '../helpers/runtime.js';
import { startService, type ServiceProcess } from '../support/service.js';
import { TEST_ADMIN_TOKEN, TEST_TWILIO_AUTH_TOKEN } from '../helpers/secrets.js';

const ACCOUNT = `AC${'f'.repeat(32)}`;
const FROM = 'whatsapp:+14155238886';
const CHAT = '+447400123499';

const t = testRedis();
let fake: FakeTwilio;
let server: ServiceProcess | undefined;

beforeAll(async () => {
  fake = await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  await fake?.close();
  await t.cleanup();
});

describe('npm start with WhatsApp configured', () => {
  it('checks a guest in through signed webhooks on its real port, replies through the Twilio API, reports a failed PIN delivery', async () => {
    const started = (server = await startService({
      env: (url) => ({
        REDIS_URL: t.url,
        REDIS_PREFIX: t.prefix,
        LOG_LEVEL: 'info',
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        PUBLIC_BASE_URL: url,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
        TWILIO_WHATSAPP_FROM: FROM,
        TWILIO_API_BASE_URL: fake.url,
        ...FAST_LOCKS,
      }),
    }));
    const { base } = started;
    expect(started.output()).toContain('WhatsApp webhooks: set these URLs in Twilio');

    const put = await started.putBooking(bookingToday('WAE2E'));
    expect(put.status).toBe(201);

    const post = (path: string, params: FormParams) => {
      const { payload, headers } = signedRequest(TEST_TWILIO_AUTH_TOKEN, `${base}${path}`, params);
      return fetch(`${base}${path}`, { method: 'POST', headers, body: payload });
    };
    const say = async (body: string): Promise<AcceptedMessage> => {
      const before = fake.messages(CHAT).length;
      const res = await post('/webhooks/twilio', incomingMessage({ accountSid: ACCOUNT, to: FROM, from: CHAT, body }));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<Response/>');
      return waitFor(() => fake.messages(CHAT)[before], 10_000, `the reply to "${body}"`);
    };

    const forged = signedRequest('wrong-token', `${base}/webhooks/twilio`, incomingMessage({ accountSid: ACCOUNT, to: FROM, from: CHAT, body: 'hi' }));
    expect((await fetch(`${base}/webhooks/twilio`, { method: 'POST', headers: forged.headers, body: forged.payload })).status).toBe(403);

    expect((await say('hi')).body).toContain('booking reference');
    expect((await say('wae2e')).body).toBe(en.refAccepted());
    expect((await say(GUEST.name)).body).toContain('Is +44 7400 123499 the best number');
    expect((await say('yes')).body).toContain('email');
    expect((await say(GUEST.email)).body).toContain('car');
    expect((await say('no car')).body).toContain('Please check your details');
    await say('yes');
    const pinMessage = await waitFor(() => fake.messages(CHAT).find((m) => /Your door code is \*\d{6}\*/.test(m.body ?? '')), 15_000, 'the PIN message');
    expect(pinMessage).toMatchObject({ from: FROM, to: `whatsapp:${CHAT}`, statusCallback: `${base}/webhooks/twilio/status` });

    const failed = await post(
      '/webhooks/twilio/status',
      statusCallback({ accountSid: ACCOUNT, sid: pinMessage.sid, status: 'failed', to: CHAT, from: FROM, errorCode: '63016' }),
    );
    expect(failed.status).toBe(200);
    const alerts = new StaffAlerts(t.redis, t.keys, pino({ level: 'silent' }));
    const alert = await waitFor(async () => (await alerts.recent()).find((a) => a.kind === 'delivery_failed'), 10_000, 'the staff alert');
    expect(alert).toMatchObject({ ref: 'WAE2E', convKey: `whatsapp:${CHAT}` });

    expect(await started.stop('SIGTERM')).toBe(0);
    expect(started.output()).toContain('"msg":"stopped"');
    expect(started.output()).not.toContain(TEST_TWILIO_AUTH_TOKEN);
    // The PIN digits never reach the logs.
    const pin = /\*(\d{6})\*/.exec(pinMessage.body!)![1]!;
    expect(started.output()).not.toMatch(new RegExp(`(?<![0-9a-f])${pin}(?![0-9a-f])`));
  }, 60_000);
});
