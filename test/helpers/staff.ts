import type { FastifyInstance } from 'fastify';
import type { BookingInput } from '../../src/bookings/booking.js';
import { createAdapters, createAdaptersOutbound, type AdaptersOutbound } from '../../src/bot/channels.js';
import type { StaffMirror } from '../../src/conversation/mirror.js';
import type { StaffGroup } from '../../src/bot/staff/staff-group.js';
import type { StaffTuning } from '../../src/bot/staff/tuning.js';
import type { TelegramChannel } from '../../src/bot/telegram/telegram-channel.js';
import { adapterDepsOf } from '../../src/compose/compose.js';
import { FakeTelegram, type DeliveredMessage, type FakeGroup, type MemberStatus } from '../fakes/telegram-server.js';
import { UpdateFactory, type StaffMember, type TgUpdate } from '../fakes/telegram-updates.js';
import { FakeTwilio, type AcceptedMessage } from '../fakes/twilio-server.js';
import { incomingMessage, signedRequest } from '../fakes/twilio-webhooks.js';
import { startTestRuntime, waitFor, type TestRuntime } from './runtime.js';
import { TEST_ADMIN_TOKEN, TEST_TWILIO_AUTH_TOKEN, TEST_WEBHOOK_SECRET } from './secrets.js';
import { testApp } from './app.js';

export const STAFF_BOT_TOKEN = '424242:STAFF-group_test';
const PUBLIC = 'https://checkin.example.test';
const ACCOUNT = `AC${'e'.repeat(32)}`;
const FROM = 'whatsapp:+14155238886';

/** Fast enough for tests, same logic: no gaps, no real group limit, lines wait 50 ms for company. */
export const FAST_STAFF_TUNING: Partial<StaffTuning> = {
  minGapMs: 0,
  mirrorGapMs: 0,
  lingerMs: 50,
  idlePollMs: 50,
  postsPerWindow: 10_000,
  mirrorPostsPerWindow: 10_000,
  retryDelaysMs: [50, 100, 200],
  topicWaitMs: 5_000,
  stopGraceMs: 3_000,
};

export interface StaffHarnessOptions {
  bookings?: BookingInput[];
  /** The staff chat has Topics (default true). */
  forum?: boolean;
  tuning?: Partial<StaffTuning>;
  groupLimit?: { count: number; windowMs: number };
  /** A second process of the same deployment: same Redis prefix, same fake servers, same staff chat. */
  join?: StaffHarness;
  /** More settings (e.g. STAFF_APPROVER_IDS). */
  env?: Record<string, string>;
}

/**
 * Real services (real Redis, BullMQ workers, fast simulated locks) with the Telegram and
 * WhatsApp channels and the staff group, against the fake Bot API and fake Twilio, behind the
 * real Fastify app (webhooks and admin API).
 */
export interface StaffHarness {
  t: TestRuntime;
  fake: FakeTelegram;
  twilio: FakeTwilio;
  group: FakeGroup;
  staffChatId: string;
  updates: UpdateFactory;
  app: FastifyInstance;
  staff: StaffGroup;
  /** The staff group's mirror, as the engine was built with it. */
  mirror: StaffMirror;
  telegram: TelegramChannel;
  /**
   * A staff member of the staff group (@maria unless told otherwise), an administrator of it unless
   * `status` says otherwise (what getChatMember answers for them from now on).
   */
  member(opts?: { userId?: number; username?: string; firstName?: string; status?: MemberStatus }): StaffMember;
  /** Posts a Telegram update to the webhook (200 expected). */
  post(update: TgUpdate): Promise<void>;
  /** A WhatsApp guest writes; returns the bot's answers once the chat has nothing queued. */
  whatsapp(number: string, body: string): Promise<AcceptedMessage[]>;
  /** A Telegram update from a guest; returns the messages the guest got in reply. */
  telegramGuest(chatId: string, update: TgUpdate): Promise<DeliveredMessage[]>;
  /** The conversation's topic id, once it exists. */
  topicOf(convKey: string, timeoutMs?: number): Promise<number>;
  /** Everything posted in the conversation's topic so far. */
  topicPosts(threadId: number): DeliveredMessage[];
  /** Waits for a post in the topic whose text matches. */
  waitForPost(threadId: number | undefined, match: RegExp | string, timeoutMs?: number): Promise<DeliveredMessage>;
  admin(action: string, convKey: string, body?: object): Promise<{ statusCode: number; json: () => unknown }>;
  close(): Promise<void>;
}

let nextChat = Math.floor(Math.random() * 1_000_000);

export async function startStaffHarness(opts: StaffHarnessOptions = {}): Promise<StaffHarness> {
  const fake = opts.join?.fake ?? (await FakeTelegram.start({ token: STAFF_BOT_TOKEN }));
  const twilio = opts.join?.twilio ?? (await FakeTwilio.start({ accountSid: ACCOUNT, authToken: TEST_TWILIO_AUTH_TOKEN }));
  const staffChatId = opts.join?.staffChatId ?? `-100${1_000_000_000 + nextChat++}`;
  const group = opts.join?.group ?? fake.addGroup(staffChatId, { isForum: opts.forum ?? true, ...(opts.groupLimit ? { limit: opts.groupLimit } : {}) });
  let outbound: AdaptersOutbound | undefined;
  const t = await startTestRuntime({
    channels: [],
    workers: true,
    ...(opts.join ? { prefix: opts.join.t.prefix } : {}),
    bookings: opts.bookings ?? [],
    env: {
      TELEGRAM_BOT_TOKEN: STAFF_BOT_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      TELEGRAM_API_ROOT: fake.url,
      PUBLIC_BASE_URL: PUBLIC,
      STAFF_TELEGRAM_CHAT_ID: staffChatId,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM: FROM,
      TWILIO_API_BASE_URL: twilio.url,
      ...opts.env,
    },
    // As main.ts: the channels' senders and the staff group's mirror and sink first, then the engine.
    outbound: (infra) =>
      (outbound = createAdaptersOutbound(infra, {
        telegram: { perChatIntervalMs: 20, globalIntervalMs: 0, notSentRetryDelaysMs: [20], stopGraceMs: 3_000 },
        whatsapp: {
          limits: { maxConcurrent: 5, minTimeMs: 0, perChatMinTimeMs: 5 },
          retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
          unknownSidRetriesMs: [20],
          stopGraceMs: 3_000,
        },
        staff: { ...FAST_STAFF_TUNING, ...opts.tuning },
      })),
  });
  const adapters = createAdapters(outbound!, adapterDepsOf(t.runtime));
  const staff = adapters.staff!;
  const telegram = adapters.telegram!;
  const whatsapp = adapters.whatsapp!;
  const app = testApp(t, { routes: [(a) => telegram.routes(a), (a) => whatsapp.routes(a)] });
  staff.start();
  const updates = opts.join?.updates ?? new UpdateFactory();

  const post = async (update: TgUpdate) => {
    const res = await app.inject({ method: 'POST', url: '/webhooks/telegram', headers: { 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET }, payload: update });
    if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
  };

  const harness: StaffHarness = {
    t,
    fake,
    twilio,
    group,
    staffChatId,
    updates,
    app,
    staff,
    mirror: outbound!.staff!.mirror,
    telegram,
    member: (o = {}) => {
      const userId = o.userId ?? 777_001;
      const person = { username: o.username ?? 'maria', firstName: o.firstName ?? 'Maria' };
      fake.setMember(staffChatId, { id: userId, ...person }, o.status ?? 'administrator');
      return updates.staff(staffChatId, userId, person);
    },
    post,
    async whatsapp(number, body) {
      const before = twilio.messages(number).length;
      const params = incomingMessage({ accountSid: ACCOUNT, to: FROM, from: number, body });
      const { payload, headers } = signedRequest(TEST_TWILIO_AUTH_TOKEN, `${PUBLIC}/webhooks/twilio`, params);
      const res = await app.inject({ method: 'POST', url: '/webhooks/twilio', payload, headers });
      if (res.statusCode !== 200) throw new Error(`twilio webhook answered ${res.statusCode}: ${res.body}`);
      await t.quiet(number, 'whatsapp');
      return twilio.messages(number).slice(before);
    },
    async telegramGuest(chatId, update) {
      const before = fake.messagesTo(chatId).length;
      await post(update);
      await t.quiet(chatId, 'telegram');
      return fake.messagesTo(chatId).slice(before);
    },
    async topicOf(convKey, timeoutMs = 10_000) {
      const id = await waitFor(() => t.redis.get(t.keys.staffTopic(convKey)), timeoutMs, `the staff topic of ${convKey}`);
      return Number(id);
    },
    topicPosts: (threadId) => fake.topicMessages(staffChatId, threadId),
    waitForPost(threadId, match, timeoutMs = 10_000) {
      const test = (text: string) => (typeof match === 'string' ? text.includes(match) : match.test(text));
      return waitFor(
        () => fake.messagesTo(staffChatId).find((m) => m.threadId === threadId && test(m.text)),
        timeoutMs,
        `a staff post matching ${String(match)}${threadId === undefined ? ' outside topics' : ` in topic ${threadId}`}`,
      );
    },
    async admin(action, convKey, body = {}) {
      const res = await app.inject({
        method: 'POST',
        url: `/admin/conversations/${encodeURIComponent(convKey)}/${action}`,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        payload: body,
      });
      return { statusCode: res.statusCode, json: () => res.json() as unknown };
    },
    async close() {
      await telegram.stop();
      await whatsapp.stop();
      await staff.stop();
      await app.close();
      await t.close();
      if (!opts.join) {
        await fake.close();
        await twilio.close();
      }
    },
  };
  return harness;
}
