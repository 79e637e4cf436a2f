import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters, createAdaptersOutbound, type AdaptersOutbound } from '../../../src/bot/channels.js';
import { adapterDepsOf } from '../../../src/compose/compose.js';
import { FakeTelegram } from '../../fakes/telegram-server.js';
import { UpdateFactory } from '../../fakes/telegram-updates.js';
import { bookingToday } from '../../helpers/checkin.js';
import { startTestRuntime, waitFor } from '../../helpers/runtime.js';
import { FAST_STAFF_TUNING, startStaffHarness, STAFF_BOT_TOKEN, type StaffHarness } from '../../helpers/staff.js';

describe('posting to the staff group when Telegram is difficult', () => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await startStaffHarness({ bookings: [bookingToday('DLV100')] });
  });
  afterAll(() => h?.close());

  it('a 429 holds every post back as long as asked, a 5xx is tried again: nothing is lost, nothing reordered', async () => {
    const number = '+447400555601';
    await h.whatsapp(number, 'first');
    const topic = await h.topicOf(`whatsapp:${number}`);
    await h.waitForPost(topic, '👤 Guest: first');

    const toStaff = (p: Record<string, unknown>) => String(p.chat_id) === h.staffChatId;
    h.fake.failWhen('sendMessage', toStaff, { kind: 'rateLimit', retryAfter: 1 });
    h.fake.failWhen('sendMessage', toStaff, { kind: 'error', status: 502, description: 'Bad Gateway' });
    const limited = Date.now();
    await h.whatsapp(number, 'second');
    await h.whatsapp(number, 'third');
    const posted = await h.waitForPost(topic, '👤 Guest: third');
    expect(posted.at - limited).toBeGreaterThanOrEqual(950);
    const text = h.topicPosts(topic).map((m) => m.text).join('\n');
    expect(text.indexOf('👤 Guest: second')).toBeGreaterThan(-1);
    expect(text.indexOf('👤 Guest: second')).toBeLessThan(text.indexOf('👤 Guest: third'));
    expect(text.match(/👤 Guest: second/g)).toHaveLength(1);
  });
});

describe('staff commands by long polling', () => {
  it('arrive through getUpdates like guest messages and take effect', async () => {
    const token = STAFF_BOT_TOKEN;
    const fake = await FakeTelegram.start({ token });
    const staffChat = '-1005550005550';
    fake.addGroup(staffChat, { isForum: true });
    let outbound: AdaptersOutbound | undefined;
    const t = await startTestRuntime({
      channels: [],
      workers: true,
      bookings: [bookingToday('POL100')],
      env: { TELEGRAM_BOT_TOKEN: token, TELEGRAM_MODE: 'polling', TELEGRAM_API_ROOT: fake.url, STAFF_TELEGRAM_CHAT_ID: staffChat },
      outbound: (infra) =>
        (outbound = createAdaptersOutbound(infra, {
          telegram: { pollTimeoutSeconds: 1, pollRetryDelaysMs: [50], perChatIntervalMs: 0, globalIntervalMs: 0 },
          staff: FAST_STAFF_TUNING,
        })),
    });
    const adapters = createAdapters(outbound!, adapterDepsOf(t.runtime));
    const staff = adapters.staff!;
    const channel = adapters.telegram!;
    staff.start();
    await channel.start();
    try {
      const updates = new UpdateFactory();
      const guest = updates.guest(6_300_001);
      fake.queueUpdate(guest.start('POL100'));
      const mirrored = await waitFor(() => fake.messagesTo(staffChat).find((m) => m.text.includes('👤 Guest: /start POL100')), 10_000, 'the mirror');
      fake.queueUpdate(updates.staff(staffChat, 777_003, { username: 'polly' }).inTopic(mirrored.threadId!, '/takeover'));
      await waitFor(() => fake.messagesTo(staffChat).find((m) => m.text.includes('@polly took over')), 10_000, 'the takeover note');
      expect((await t.runtime.store.load(`telegram:${guest.chatId}`))?.state.takenOver).toBe(true);
    } finally {
      await channel.stop();
      await staff.stop();
      await t.close();
      await fake.close();
    }
  });
});
