import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../src/conversation/effect-runner.js';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { FakeTwilio } from '../fakes/twilio-server.js';
import { outboundOf, telegramChannel, whatsappChannel } from '../helpers/channels.js';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { TEST_TWILIO_AUTH_TOKEN } from '../helpers/secrets.js';

const TOKEN = '123456:TEST-send_rate';
const ACCOUNT = `AC${'d'.repeat(32)}`;
const PER_SECOND = 20;
const GAP_MS = 1000 / PER_SECOND;

let telegram: FakeTelegram;
let twilio: FakeTwilio;
const processes: TestRuntime[] = [];

/** Two processes of one deployment (same Redis prefix), each with its own channels, as main.ts builds them. */
async function deployment(): Promise<Array<{ telegram: ChannelSender; whatsapp: ChannelSender }>> {
  const env = {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_MODE: 'polling',
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_SEND_PER_SECOND: String(PER_SECOND),
    TELEGRAM_CHAT_GAP_MS: '0',
    TWILIO_ACCOUNT_SID: ACCOUNT,
    TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
    TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
    TWILIO_API_BASE_URL: twilio.url,
    PUBLIC_BASE_URL: 'https://checkin.example.test',
    WHATSAPP_SEND_PER_SECOND: String(PER_SECOND),
    WHATSAPP_CHAT_GAP_MS: '0',
  };
  const start = async (prefix?: string) => {
    const channels = { telegram: telegramChannel(), whatsapp: whatsappChannel() };
    const t = await startTestRuntime({ channels: [], env, outbound: outboundOf(channels.telegram, channels.whatsapp), ...(prefix ? { prefix } : {}) });
    processes.unshift(t); // the one that owns the prefix closes last
    return { prefix: t.prefix, senders: { telegram: channels.telegram.on(t).sender, whatsapp: channels.whatsapp.on(t).sender } };
  };
  const first = await start();
  const second = await start(first.prefix);
  return [first.senders, second.senders];
}

beforeAll(async () => {
  telegram = await FakeTelegram.start({ token: TOKEN });
  twilio = await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN });
});
afterAll(async () => {
  for (const t of processes) await t.close();
  await telegram?.close();
  await twilio?.close();
});

const span = (times: number[]) => Math.max(...times) - Math.min(...times);

describe('send rates are per bot / per sender number, not per process', () => {
  it('two processes together stay within TELEGRAM_SEND_PER_SECOND and WHATSAPP_SEND_PER_SECOND', async () => {
    const [a, b] = await deployment();
    const perProcess = 10;
    const text = { type: 'send' as const, text: 'Welcome!' };
    // Every message to its own chat, so only the bot-wide rate can space them.
    await Promise.all(
      [a!, b!].flatMap((p, n) =>
        Array.from({ length: perProcess }, (_, i) => [
          p.telegram.send(String(700_000 + n * 100 + i), text),
          p.whatsapp.send(`+4474009${n}${String(i).padStart(4, '0')}`, text),
        ]).flat(),
      ),
    );
    const tg: number[] = telegram.callsOf('sendMessage').map((c) => c.at);
    const wa = twilio.requests.filter((q) => q.status === 201).map((q) => q.at);
    expect(tg).toHaveLength(2 * perProcess);
    expect(wa).toHaveLength(2 * perProcess);
    // Each process alone would finish in about half this: its own 10 messages at the full rate.
    const least = 0.8 * (2 * perProcess - 1) * GAP_MS;
    expect(span(tg)).toBeGreaterThanOrEqual(least);
    expect(span(wa)).toBeGreaterThanOrEqual(least);
  });
});
