import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../src/conversation/effect-runner.js';
import { telegramChannel, whatsappChannel } from '../helpers/channels.js';
import { md5Hex } from '../../src/ttlock/token.js';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { FAKE_CREDENTIALS, FakeTTLock } from '../fakes/ttlock-server.js';
import { FakeTwilio } from '../fakes/twilio-server.js';
import { bookingToday, GUEST, STEPS_TO } from '../helpers/checkin.js';
import { freePort } from '../support/process.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { TEST_TWILIO_AUTH_TOKEN } from '../helpers/secrets.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

/**
 * Each outside party failing in turn (Redis under the PIN record, Telegram, Twilio, TTLock): the
 * failure is logged, and no log line carries what the failed request carried or named: the
 * guest's name, phone, email, the PIN, a credential, or the raw chat id.
 */
const NUMBER = '+447400123456'; // the guest's WhatsApp number: also the raw chat id there
const GUEST_DATA = [GUEST.name, 'Morgan', '7400123456', '7400 123456', GUEST.email];
const TG_TOKEN = '727272:LOGS-failure_token';
const TG_CHAT = '7272001234';
const TWILIO_ACCOUNT = `AC${'7'.repeat(32)}`;
const OTHER_NUMBER = '+447400765432';

let t: TestRuntime | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await t?.close();
  t = undefined;
});

function logSink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

function expectClean(logs: string, also: string[] = [], pin?: string): void {
  for (const secret of [...GUEST_DATA, ...also]) expect(logs, `the logs contain ${secret}`).not.toContain(secret);
  // The PIN as a number of its own (six digits can occur inside timestamps and ids by chance).
  if (pin) expect(logs).not.toMatch(new RegExp(`(?<![0-9])${pin}(?![0-9])`));
}

const sayOnWhatsApp = (rt: TestRuntime, text: string) => rt.say(NUMBER, text, { channel: 'whatsapp', meta: { knownPhone: NUMBER } });

describe('failures in the logs', () => {
  it('a PIN record write that Redis refuses: the job fails, logged without the PIN or the guest', async () => {
    const logs = logSink();
    const rt = (t = await startTestRuntime({
      workers: true,
      channels: ['whatsapp'],
      logLevel: 'debug',
      logStream: logs.stream,
      bookings: [bookingToday('LOGPIN1')],
      env: { PIN_JOB_ATTEMPTS: '1' },
    }));
    // The write that records a code before it goes on a lock (`on:<lock>:<digits>`) meets a key of
    // the wrong type, so Redis itself refuses it: ioredis hangs the command, digits included, on the error.
    const broken = `${rt.prefix}broken`;
    await rt.redis.set(broken, 'not a hash');
    const hset = rt.redis.hset.bind(rt.redis) as (...args: unknown[]) => Promise<number>;
    let refused: unknown;
    rt.redis.hset = ((key: string, ...args: unknown[]) => {
      const recordsCode = key === rt.keys.pin('LOGPIN1') && args.some((a) => typeof a === 'string' && a.startsWith('on:'));
      if (!recordsCode) return hset(key, ...args);
      return hset(broken, ...args).catch((err: unknown) => {
        refused = err;
        throw err;
      });
    }) as typeof rt.redis.hset;

    for (const line of STEPS_TO.confirm('LOGPIN1')) await sayOnWhatsApp(rt, line);
    const record = await waitFor(async () => {
      const r = await rt.runtime.pins.get('LOGPIN1');
      return r?.status === 'failed' ? r : undefined;
    }, 15_000, 'the PIN job to fail');
    await rt.quiet(NUMBER, 'whatsapp');

    expect(record.code).toMatch(/^\d{6}$/);
    expect(JSON.stringify((refused as { command?: unknown }).command)).toContain(record.code);
    expect(logs.text()).toContain('PIN failed for good');
    expect(logs.text()).toContain('WRONGTYPE');
    expectClean(logs.text(), [], record.code);
  });

  it('a Telegram send that fails (no connection, then a refusal): logged without the bot token, the chat id or the guest', async () => {
    const fake = await FakeTelegram.start({ token: TG_TOKEN });
    cleanups.push(() => fake.close());
    const logs = logSink();
    // The engine's Telegram sender: real ones, first at an API root where nothing listens, then at the fake.
    const tuning = { perChatIntervalMs: 0, globalIntervalMs: 0, notSentRetryDelaysMs: [10], stopGraceMs: 1_000 };
    const unreachable = telegramChannel(tuning, { telegram: { apiRoot: `http://127.0.0.1:${await freePort()}` } });
    const reachable = telegramChannel(tuning);
    let api: 'unreachable' | 'reachable' = 'unreachable';
    const rt = (t = await startTestRuntime({
      channels: [],
      logLevel: 'debug',
      logStream: logs.stream,
      bookings: [bookingToday('LOGTG1')],
      env: { TELEGRAM_BOT_TOKEN: TG_TOKEN, TELEGRAM_MODE: 'polling', TELEGRAM_API_ROOT: fake.url },
      outbound: (infra) => {
        const senders = { unreachable: unreachable.outbound(infra).senders!.telegram!, reachable: reachable.outbound(infra).senders!.telegram! };
        const telegram: ChannelSender = { send: (chatId, message) => senders[api].send(chatId, message) };
        return { senders: { telegram } };
      },
    }));

    // Nothing listens at the API root: node-fetch names the URL, /bot<token>/ and all, in its message.
    await rt.receive({ channel: 'telegram', chatId: TG_CHAT, event: { type: 'text', text: 'LOGTG1' } });
    await waitFor(() => logs.text().includes('effect failed; will retry'), 10_000, 'the failed send logged');

    // Telegram refuses a send for good: the engine gives up and the flow hears of it.
    const otherChat = `${TG_CHAT}9`;
    api = 'reachable';
    fake.failNext('sendMessage', { kind: 'error', status: 400, description: 'Bad Request: chat not found' });
    await rt.receive({ channel: 'telegram', chatId: otherChat, event: { type: 'text', text: GUEST.name } });
    await waitFor(() => logs.text().includes('effect gave up'), 10_000, 'the refused send logged');

    expect(logs.text()).toContain('ECONNREFUSED');
    expect(logs.text()).toContain('chat not found');
    expectClean(logs.text(), [TG_TOKEN, TG_TOKEN.split(':')[1]!, TG_CHAT, otherChat]);
  });

  it('a Twilio send that fails (Twilio down, then a refusal naming the number): logged without the number, the token or the guest', async () => {
    const fake = await FakeTwilio.start({ accountSid: TWILIO_ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
    cleanups.push(() => fake.close());
    const logs = logSink();
    const whatsapp = whatsappChannel({ limits: { maxConcurrent: 5, minTimeMs: 0, perChatMinTimeMs: 0 }, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    const rt = (t = await startTestRuntime({
      channels: [],
      logLevel: 'debug',
      logStream: logs.stream,
      bookings: [bookingToday('LOGWA1')],
      env: {
        TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT,
        TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
        TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
        TWILIO_API_BASE_URL: fake.url,
        PUBLIC_BASE_URL: 'https://checkin.example.test',
      },
      outbound: whatsapp.outbound,
    }));
    const channel = whatsapp.on(rt);
    cleanups.push(() => channel.stop());

    // Down for the sender's own tries: the engine will try again later.
    fake.failNext({ status: 503 }, { status: 503 });
    await rt.receive({ channel: 'whatsapp', chatId: NUMBER, event: { type: 'text', text: 'LOGWA1' }, meta: { knownPhone: NUMBER } });
    await waitFor(() => logs.text().includes('effect failed; will retry'), 10_000, 'the failed send logged');
    // A refusal for good whose message quotes the number, as Twilio's do (21614: not a mobile number).
    fake.failNext({ status: 400, code: 21614, message: `To number: ${OTHER_NUMBER}, is not a mobile number` });
    await rt.receive({ channel: 'whatsapp', chatId: OTHER_NUMBER, event: { type: 'text', text: GUEST.name }, meta: { knownPhone: OTHER_NUMBER } });
    await waitFor(() => logs.text().includes('effect gave up'), 10_000, 'the refused send logged');

    expect(logs.text()).toContain('Twilio answered 503');
    expect(logs.text()).toContain('21614');
    expectClean(logs.text(), [TEST_TWILIO_AUTH_TOKEN, OTHER_NUMBER.slice(3)]);
  });

  it('a TTLock call that fails for good: logged without the tokens, the password, the PIN or the guest', async () => {
    const fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
    cleanups.push(() => fake.close());
    const logs = logSink();
    const rt = (t = await startTestRuntime({
      workers: true,
      channels: ['whatsapp'],
      logLevel: 'trace',
      logStream: logs.stream,
      bookings: [bookingToday('LOGTT1')],
      ttlock: { url: fake.url },
    }));
    // The room lock refuses the code's length: permanent, so the job fails at once and says why.
    fake.script('/v3/keyboardPwd/add', { errcode: -3006, errmsg: 'Invalid Passcode length' }, { lockId: 2001 });

    for (const line of STEPS_TO.confirm('LOGTT1')) await sayOnWhatsApp(rt, line);
    const record = await waitFor(async () => {
      const r = await rt.runtime.pins.get('LOGTT1');
      return r?.status === 'failed' ? r : undefined;
    }, 15_000, 'the PIN job to fail');
    await rt.quiet(NUMBER, 'whatsapp');

    expect(logs.text()).toContain('-3006');
    const credentials = [...fake.issuedTokens, FAKE_CREDENTIALS.password, md5Hex(FAKE_CREDENTIALS.password), FAKE_CREDENTIALS.clientSecret];
    expect(fake.issuedTokens.length).toBeGreaterThan(0);
    expectClean(logs.text(), credentials, record.code);
  });
});
