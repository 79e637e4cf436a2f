import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { UpdateFactory, type TgUpdate } from '../fakes/telegram-updates.js';
import { bookingToday } from '../helpers/checkin.js';
import { testRedis } from '../helpers/redis.js';
import { FAST_LOCKS, waitFor } from '../helpers/runtime.js';
import { startService, type ServiceProcess } from '../support/service.js';
import { TEST_ADMIN_TOKEN, TEST_WEBHOOK_SECRET } from '../helpers/secrets.js';

const TOKEN = '515151:E2E-staff_token';
const STAFF_CHAT = '-1005150515051';
const t = testRedis();
let fake: FakeTelegram;

describe('npm start with a staff group', () => {
  let server: ServiceProcess;
  let base: string;
  const updates = new UpdateFactory();
  const guest = updates.guest(525_252, { firstName: 'Alex' });
  const maria = updates.staff(STAFF_CHAT, 535_353, { username: 'maria' });

  beforeAll(async () => {
    fake = await FakeTelegram.start({ token: TOKEN });
    fake.addGroup(STAFF_CHAT, { isForum: true });
    server = await startService({
      env: {
        REDIS_URL: t.url,
        REDIS_PREFIX: t.prefix,
        LOG_LEVEL: 'info',
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        PUBLIC_BASE_URL: 'https://checkin.example.test',
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        TELEGRAM_API_ROOT: fake.url,
        STAFF_TELEGRAM_CHAT_ID: STAFF_CHAT,
        LOCK_PROVIDER: 'simulated',
        ...FAST_LOCKS,
      },
      readyTimeoutMs: 18_000,
    });
    base = server.base;
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fake?.close();
    await t.cleanup();
  });

  const post = async (update: TgUpdate) => {
    const res = await fetch(`${base}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
  };
  const staffPost = (match: string) => waitFor(() => fake.messagesTo(STAFF_CHAT).find((m) => m.text.includes(match)), 15_000, `a staff post with "${match}"`);

  it('mirrors a guest into a new topic, and a staff /takeover there pauses the bot', async () => {
    const put = await server.putBooking(bookingToday('STE2E1'));
    expect(put.status).toBe(201);
    await waitFor(() => server.output().includes('"staffGroup":true'), 5_000, 'the start-up line');

    await post(guest.start('STE2E1'));
    const mirrored = await staffPost('👤 Guest: /start STE2E1');
    const topic = mirrored.threadId!;
    expect(fake.groups.get(STAFF_CHAT)!.topics.get(topic)?.name).toBe('Alex Morgan · STE2E1');
    await staffPost('🤖 Bot: Thanks. What');

    await post(maria.inTopic(topic, '/takeover'));
    const note = await staffPost('@maria took over');
    expect(note.threadId).toBe(topic);
    const list = await fetch(`${base}/admin/conversations?status=taken_over`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(((await list.json()) as { conversations: Array<{ key: string }> }).conversations.map((c) => c.key)).toEqual([`telegram:${guest.chatId}`]);

    const answersBefore = fake.messagesTo(guest.chatId).length;
    await post(guest.text('Alex Morgan'));
    await staffPost('👤 Guest: Alex Morgan');
    expect(fake.messagesTo(guest.chatId)).toHaveLength(answersBefore);
  }, 40_000);

  it('stops cleanly on SIGTERM', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    expect(server.output()).not.toContain(TOKEN.split(':')[1]);
  });
});
