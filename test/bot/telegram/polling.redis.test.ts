import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramOutbound, TelegramChannel, type TelegramOutbound } from '../../../src/bot/telegram/telegram-channel.js';
import type { Inbound } from '../../../src/conversation/engine.js';
import { DEDUPE_TTL_SECONDS } from '../../../src/conversation/store.js';
import { en } from '../../../src/flows/messages/en.js';
import { FakeTelegram } from '../../fakes/telegram-server.js';
import { UpdateFactory } from '../../fakes/telegram-updates.js';
import { bookingToday } from '../../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../../helpers/runtime.js';

const TOKEN = '654321:polling-Test_token';
let fake: FakeTelegram;
let t: TestRuntime;
let channel: TelegramChannel | undefined;
let outbound: TelegramOutbound;
const updates = new UpdateFactory();
let nextUser = 7_000_000 + Math.floor(Math.random() * 1_000_000);

beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN });
  t = await startTestRuntime({
    channels: [],
    bookings: [bookingToday('TGP100')],
    env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'polling', TELEGRAM_API_ROOT: fake.url },
    // As main.ts: the sender first, the engine built with it.
    outbound: (infra) => {
      outbound = createTelegramOutbound({ telegram: infra.config.telegram!, logger: infra.logger }, { pollTimeoutSeconds: 1, pollRetryDelaysMs: [50], perChatIntervalMs: 0, globalIntervalMs: 0 });
      return { senders: { telegram: outbound.sender } };
    },
  });
});
afterEach(async () => {
  await channel?.stop();
  channel = undefined;
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

/** A polling channel (the inbound half) on the runtime's sender; `receive` can stand in for the engine's. */
function pollingChannel(receive?: (inbound: Inbound) => ReturnType<TestRuntime['runtime']['engine']['receive']>, pollTimeoutSeconds = 1): TelegramChannel {
  return new TelegramChannel({ ...outbound, tuning: { ...outbound.tuning, pollTimeoutSeconds } }, {
    publicBaseUrl: undefined,
    staffChatId: undefined,
    engine: { receive: receive ?? ((inbound) => t.runtime.engine.receive(inbound)) },
    claimOnce: async (id) => (await t.redis.set(t.keys.dedupe('telegram', id), '1', 'EX', DEDUPE_TTL_SECONDS, 'NX')) === 'OK',
  });
}

describe('TELEGRAM_MODE=polling', () => {
  it('removes a leftover webhook first, then answers updates from getUpdates, confirming each by offset', async () => {
    fake.webhook = { url: 'https://old.example.test/webhooks/telegram', secret: 'old', allowedUpdates: undefined };
    const guest = updates.guest(nextUser++);
    channel = pollingChannel();
    await channel.start();
    const update = guest.start('TGP100');
    fake.queueUpdate(update);
    const reply = await waitFor(() => fake.messagesTo(guest.chatId)[0], 10_000, 'the reply');
    expect(reply.text).toBe(en.refAccepted());

    const methods = fake.calls.map((c) => c.method);
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
    expect(fake.callsOf('deleteWebhook')[0]!.payload).toEqual({ drop_pending_updates: false });
    expect(fake.callsOf('getUpdates').filter((c) => c.status === 409)).toEqual([]); // never while the webhook was still set
    expect(fake.callsOf('getUpdates')[0]!.payload.allowed_updates).toEqual(['message', 'edited_message', 'callback_query', 'my_chat_member']);
    await waitFor(() => fake.callsOf('getUpdates').some((c) => c.payload.offset === update.update_id + 1), 5_000, 'the confirming offset');
  });

  it('an update seen twice (a crash before the offset moved) is answered once', async () => {
    const guest = updates.guest(nextUser++);
    const update = guest.text('hello');
    fake.queueUpdate(update);
    fake.queueUpdate(update);
    channel = pollingChannel();
    await channel.start();
    await waitFor(() => fake.messagesTo(guest.chatId).length > 0, 10_000, 'the reply');
    await t.quiet(guest.chatId, 'telegram');
    expect(fake.messagesTo(guest.chatId).map((m) => m.text)).toEqual([en.welcome()]);
  });

  it('an update that could not be queued (Redis hiccup) is fetched again and then answered', async () => {
    const guest = updates.guest(nextUser++);
    let failures = 1;
    channel = pollingChannel(async (inbound) => {
      if (failures-- > 0) throw new Error('Connection is closed.');
      return t.runtime.engine.receive(inbound);
    });
    await channel.start();
    const update = guest.text('hi there');
    fake.queueUpdate(update);
    await waitFor(() => fake.messagesTo(guest.chatId).length > 0, 10_000, 'the reply');
    await t.quiet(guest.chatId, 'telegram');
    expect(fake.messagesTo(guest.chatId)).toHaveLength(1);
    // Served twice: once before the failure, and again because the offset had not moved past it.
    const served = fake.callsOf('getUpdates').filter((c) => (c.response?.result as Array<{ update_id: number }> | undefined)?.some((u) => u.update_id === update.update_id));
    expect(served).toHaveLength(2);
  });

  it('stops cleanly in the middle of a long poll, and polls no more', async () => {
    channel = pollingChannel(undefined, 30);
    await channel.start();
    await waitFor(() => fake.callsOf('getUpdates').some((c) => c.status === 0), 5_000, 'a long poll to be pending');
    const started = Date.now();
    await channel.stop();
    channel = undefined;
    expect(Date.now() - started).toBeLessThan(2_000);
    const count = fake.callsOf('getUpdates').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsOf('getUpdates').length).toBe(count);
  });
});
