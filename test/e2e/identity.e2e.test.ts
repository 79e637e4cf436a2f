import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { pinJobId } from '../../src/jobs/queues.js';
import { StaffAlerts } from '../../src/oversight/alerts.js';
import pino from 'pino';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { FakeTwilio, type AcceptedMessage, type FormParams } from '../fakes/twilio-server.js';
import { incomingMessage, signedRequest } from '../fakes/twilio-webhooks.js';
import { bookingToday } from '../helpers/checkin.js';
import { demoPropertiesJson } from '../helpers/properties.js';
import { testRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/runtime.js';
import { startService, type ServiceProcess } from '../support/service.js';
import { DEMO_LOCKS, ttlockEnv } from '../helpers/ttlock.js';
import { TEST_ADMIN_TOKEN, TEST_TWILIO_AUTH_TOKEN, TEST_WEBHOOK_SECRET } from '../helpers/secrets.js';

/**
 * Identity proof end to end, as an operator runs it: `npm start` configured only through env,
 * WhatsApp through signed Twilio webhooks, real codes on the fake TTLock, staff alerts in the
 * Telegram staff group. A stranger who knows the ref and the name gets no door code and nothing
 * is programmed; the booked number then checks in and gets the code that is on both locks.
 */

const ACCOUNT = `AC${'d'.repeat(32)}`;
const FROM = 'whatsapp:+14155238886';
const TG_TOKEN = '616161:E2E-identity_token';
const STAFF_CHAT = '-1006160616061';

const REF = 'IDE2E1';
const BOOKED = { name: 'Bob Jones', phone: '+447400123456', email: 'bob.jones@example.com' } as const;
const STRANGER = { number: '+447400654321', email: 'someone@else.example' } as const;
const FRONT_DOOR = 1001;
const ROOM = 2001;
const ALERT_TITLE = `Identity not proven: door code held · booking ${REF}`;
/** The PIN message as WhatsApp shows it (the code in bold), as in whatsapp.e2e. */
const PIN_LINE = /Your door code is \*(\d{6})\*/;

const t = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'identity-e2e-'));
const propertiesFile = join(dir, 'properties.json');
writeFileSync(propertiesFile, JSON.stringify(demoPropertiesJson()));

let twilio: FakeTwilio;
let telegram: FakeTelegram;
let ttlock: FakeTTLock;
let server: ServiceProcess | undefined;
let base: string;

beforeAll(async () => {
  twilio = await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
  telegram = await FakeTelegram.start({ token: TG_TOKEN });
  telegram.addGroup(STAFF_CHAT, { isForum: true });
  ttlock = await new FakeTTLock({ locks: DEMO_LOCKS }).start();

  server = await startService({
    env: (url) => ({
      REDIS_URL: t.url,
      REDIS_PREFIX: t.prefix,
      LOG_LEVEL: 'info',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      PUBLIC_BASE_URL: url,
      PROPERTIES_FILE: propertiesFile,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: FROM,
      TWILIO_API_BASE_URL: twilio.url,
      WHATSAPP_CHAT_GAP_MS: '0',
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      TELEGRAM_API_ROOT: telegram.url,
      STAFF_TELEGRAM_CHAT_ID: STAFF_CHAT,
      ...ttlockEnv({ url: ttlock.url }),
    }),
  });
  base = server.base;
  await waitFor(() => server!.output().includes('"staffGroup":true'), 5_000, 'the start-up line');
}, 30_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  await twilio?.close();
  await telegram?.close();
  await ttlock?.close();
  rmSync(dir, { recursive: true, force: true });
  await t.cleanup();
});

const post = (path: string, params: FormParams) => {
  const { payload, headers } = signedRequest(TEST_TWILIO_AUTH_TOKEN, `${base}${path}`, params);
  return fetch(`${base}${path}`, { method: 'POST', headers, body: payload });
};

/** A WhatsApp guest writes from `number`; returns what the bot answered once the chat has nothing queued. */
async function say(number: string, body: string): Promise<AcceptedMessage[]> {
  const before = twilio.messages(number).length;
  // WaId = the number without '+', as Twilio sends it (incomingMessage derives it from `from`).
  const res = await post('/webhooks/twilio', incomingMessage({ accountSid: ACCOUNT, to: FROM, from: number, body }));
  expect(res.status).toBe(200);
  await waitFor(() => twilio.messages(number).length > before, 10_000, `the reply to "${body}" from ${number}`);
  const convKey = `whatsapp:${number}`;
  await waitFor(
    async () => {
      const [inbox, outbox] = await Promise.all([t.redis.llen(t.keys.convInbox(convKey)), t.redis.llen(t.keys.convOutbox(convKey))]);
      return inbox === 0 && outbox === 0;
    },
    10_000,
    `${convKey} to have nothing queued`,
  );
  return twilio.messages(number).slice(before);
}

const bodies = (messages: AcceptedMessage[]) => messages.map((m) => m.body ?? '');
const identityPosts = () => telegram.messagesTo(STAFF_CHAT).filter((m) => m.text.includes(ALERT_TITLE));
/** The alert's own lines in a staff post: its title, detail and hint, up to the next labelled item. */
function alertBlock(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('🚨 ') && l.includes(ALERT_TITLE));
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^(👤|🤖|🧑|ℹ️|🚨|💬) /u.test(l));
  return [lines[start]!, ...(end < 0 ? rest : rest.slice(0, end))].join('\n');
}
const pinJobKey = () => `${t.keys.bullPrefix()}:pin:${pinJobId(REF)}`;

describe('npm start: identity proof before any door code', () => {
  it('stores the booking through the admin API', async () => {
    const put = await server!.putBooking(bookingToday(REF, { guestName: BOOKED.name, guestPhone: BOOKED.phone, guestEmail: BOOKED.email }));
    expect(put.status).toBe(201);
  });

  it('a stranger with the ref and the name, from another number, is held: no code on any lock, one masked staff alert', async () => {
    const me = STRANGER.number;
    const afterRef = await say(me, REF.toLowerCase());
    expect(bodies(afterRef)[0]).toBe(en.refAccepted());
    expect(bodies(afterRef)[0]).toBe("Thanks. What's the full name on the booking?");

    // The bot offers the sender's own number; the stranger types it (their own) anyway.
    expect(bodies(await say(me, BOOKED.name)).join('\n')).toContain('Is +44 7400 654321 the best number');
    expect(bodies(await say(me, '+44 7400 654321')).join('\n')).toContain('email');
    const afterEmail = bodies(await say(me, STRANGER.email));
    // Held: "Thanks." without "your door code is being set up".
    expect(afterEmail[0]).toBe(en.askCar(false));
    expect(afterEmail.join('\n')).not.toContain('door code is being set up');
    expect(bodies(await say(me, 'no car')).join('\n')).toContain('Please check your details');
    const afterYes = bodies(await say(me, 'yes'));
    expect(afterYes.at(-1)).toBe(en.pinHeld());

    // Give a wrongly started job every chance to run before checking that nothing happened.
    await new Promise((r) => setTimeout(r, 3_000));

    const all = bodies(twilio.messages(me));
    expect(all.at(-1)).toBe(en.pinHeld());
    expect(all.filter((b) => /door code is \*?\d/i.test(b) || PIN_LINE.test(b))).toEqual([]);
    // Nothing about the stay is said to a chat that did not prove the booking, summary included.
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const secret of ['Harbour House', 'Room 1', '15:00', '11:00', '+442079460958', '+44 20 7946 0958']) {
      expect(all.join('\n')).not.toContain(secret);
    }

    // Nothing programmed: no PIN job, no add call, no code on either lock.
    expect(await t.redis.exists(pinJobKey())).toBe(0);
    expect(ttlock.calls('/v3/keyboardPwd/add')).toEqual([]);
    expect(ttlock.codes(FRONT_DOOR)).toEqual([]);
    expect(ttlock.codes(ROOM)).toEqual([]);
    expect(await t.redis.get(t.keys.convByBooking(REF))).toBeNull();

    // Staff: one alert in the stream and one post in the staff group, masked.
    const alerts = new StaffAlerts(t.redis, t.keys, pino({ level: 'silent' }));
    const mismatches = (await alerts.recent(200)).filter((a) => a.kind === 'identity_mismatch' && a.ref === REF);
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]!.convKey).toBe(`whatsapp:${me}`);
    const posted = await waitFor(() => identityPosts()[0], 15_000, 'the identity alert in the staff group');
    expect(posted.threadId).toBeDefined(); // in the conversation's topic
    expect(await t.redis.get(t.keys.staffTopic(`whatsapp:${me}`))).toBe(String(posted.threadId));
    await new Promise((r) => setTimeout(r, 500));
    expect(identityPosts()).toHaveLength(1);

    // The post may carry mirrored chat lines too (those quote what the stranger typed): only the alert's block counts.
    const block = alertBlock(posted.text);
    expect(block).toContain(mismatches[0]!.detail);
    for (const text of [mismatches[0]!.detail, block]) {
      expect(text).toContain('no phone number or email matches');
      expect(text).toContain('…21'); // given (and the chat's own number)
      expect(text).toContain('…56'); // booked
      expect(text).toContain('b…@example.com');
      expect(text).toContain('s…@else.example');
      for (const whole of [STRANGER.email, BOOKED.email, me, BOOKED.phone, '+44 7400 654321', '+44 7400 123456']) expect(text).not.toContain(whole);
      const digits = text.replace(/\D/g, '');
      for (const national of ['7400654321', '7400123456']) expect(digits).not.toContain(national);
    }
  }, 30_000);

  it('the booked number then checks in: the PIN is sent, it is the code on both locks, and that chat owns the booking', async () => {
    const me = BOOKED.phone;
    expect(bodies(await say(me, REF))[0]).toBe(en.refAccepted());
    expect(bodies(await say(me, 'bob jones')).join('\n')).toContain('Is +44 7400 123456 the best number');
    expect(bodies(await say(me, 'yes')).join('\n')).toContain('email');
    const afterEmail = bodies(await say(me, 'bobby@work.example'));
    expect(afterEmail[0]).toBe(en.askCar(true));
    expect(bodies(await say(me, 'no car')).join('\n')).toContain('Please check your details');
    await say(me, 'yes');

    const pinMessage = await waitFor(() => twilio.messages(me).find((m) => PIN_LINE.test(m.body ?? '')), 20_000, 'the PIN message');
    const pin = PIN_LINE.exec(pinMessage.body!)![1]!;
    expect(pinMessage).toMatchObject({ from: FROM, to: `whatsapp:${me}` });
    expect(twilio.messages(me).filter((m) => PIN_LINE.test(m.body ?? ''))).toHaveLength(1);

    // The digits are what is on both locks, and nothing else is.
    expect(ttlock.codes(FRONT_DOOR).map((c) => c.keyboardPwd)).toEqual([pin]);
    expect(ttlock.codes(ROOM).map((c) => c.keyboardPwd)).toEqual([pin]);
    expect(ttlock.codes(2002)).toEqual([]);

    expect(await t.redis.get(t.keys.convByBooking(REF))).toBe(`whatsapp:${me}`);
    // The stranger still has no code and heard nothing more.
    expect(bodies(twilio.messages(STRANGER.number)).filter((b) => b.includes(pin) || PIN_LINE.test(b))).toEqual([]);
    expect(bodies(twilio.messages(STRANGER.number)).at(-1)).toBe(en.pinHeld());
    // Staff see the PIN message mirrored with the digits hidden; still one identity alert for the booking.
    await waitFor(() => telegram.messagesTo(STAFF_CHAT).some((m) => m.text.includes(en.pinRedacted)), 15_000, 'the mirrored PIN message');
    expect(telegram.messagesTo(STAFF_CHAT).filter((m) => m.text.includes(pin))).toEqual([]);
    expect(identityPosts()).toHaveLength(1);
  }, 30_000);

  it('stops cleanly on SIGTERM', async () => {
    expect(await server!.stop('SIGTERM')).toBe(0);
    expect(server!.output()).toContain('"msg":"stopped"');
  }, 40_000);
});
