import { RedisMutex } from '../../redis/mutex.js';
import { errorMessage } from '../../errors.js';
import { parseConversationKey } from '../../flows/state.js';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BookingStore } from '../../bookings/store.js';
import type { Config } from '../../config.js';
import type { StaffMirror } from '../../conversation/mirror.js';
import type { ConversationStore } from '../../conversation/store.js';
import type { AlertSink } from '../../oversight/alerts.js';
import type { RedisKeys } from '../../redis-keys.js';
import type { TelegramUpdateHandler } from '../guest-channel.js';
import { BotApi } from '../telegram-api/bot-api.js';
import { TelegramAlertSink } from './alert-sink.js';
import { StaffChatMode } from './chat-mode.js';
import { GroupRate } from './group-rate.js';
import { StaffPoster } from './poster.js';
import { conversationTitle } from './render-post.js';
import { StaffPermissions } from './permissions.js';
import { StaffActions, type StaffActionsDeps } from './staff-actions.js';
import { TelegramStaffMirror } from './staff-mirror.js';
import { StaffQueue } from './staff-queue.js';
import { StaffUpdates } from './staff-updates.js';
import { ThreadRegistry } from './thread-registry.js';
import { hasStaffTexts, staffTextsFor, type StaffTexts } from './texts.js';
import { DEFAULT_STAFF_TUNING, type StaffTuning } from './tuning.js';

/** Without topics, a reply to a post older than this no longer finds its conversation. */
const POST_MAP_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The Telegram staff group of one process: mirror and alerts out, staff commands in. */
export interface StaffGroup {
  /** The staff chat's updates, for the Telegram channel to hand over. */
  readonly updates: TelegramUpdateHandler;
  /** Starts posting what is queued (every role: workers mirror and alert too). */
  start(): void;
  /** Lets commands already taken finish, then stops posting (what is queued stays in Redis). */
  stop(): Promise<void>;
}

/** The settings the staff group reads. */
export interface StaffGroupSettings {
  telegram: Config['telegram'];
  staffChatId: string | undefined;
  staffLanguage: Config['staffLanguage'];
  staffApproverIds: Config['staffApproverIds'];
}

export interface StaffOutboundDeps {
  config: StaffGroupSettings;
  redis: Redis;
  keys: RedisKeys;
  /** For topic titles: the conversation's booking ref and name. */
  store: Pick<ConversationStore, 'load'>;
  bookings: Pick<BookingStore, 'get'>;
  logger: Logger;
}

/**
 * The staff group's outbound half: the poster, and the mirror and alert sink that queue for it.
 * It needs no engine, so the engine is built with `mirror` and `alertSink` already in hand.
 */
export interface StaffOutbound {
  readonly mirror: StaffMirror;
  readonly alertSink: AlertSink;
  readonly config: StaffGroupSettings;
  readonly chatId: string;
  readonly api: BotApi;
  readonly poster: StaffPoster;
  readonly queue: StaffQueue;
  readonly mode: StaffChatMode;
  readonly topics: ThreadRegistry;
  readonly headers: ThreadRegistry;
  readonly texts: StaffTexts;
  readonly tuning: StaffTuning;
  readonly logger: Logger;
  readonly redis: Redis;
  readonly keys: RedisKeys;
}

/**
 * The staff group's outbound half, when TELEGRAM_BOT_TOKEN and STAFF_TELEGRAM_CHAT_ID are set
 * (else undefined).
 */
export function createStaffOutbound(deps: StaffOutboundDeps, overrides: Partial<StaffTuning> = {}): StaffOutbound | undefined {
  const { config, redis, keys, logger: parent } = deps;
  const telegram = config.telegram;
  const chatId = config.staffChatId;
  if (!chatId) return undefined;
  if (!telegram) {
    parent.warn('STAFF_TELEGRAM_CHAT_ID is set but TELEGRAM_BOT_TOKEN is not: no staff group (alerts stay in Redis and the log)');
    return undefined;
  }
  const tuning = { ...DEFAULT_STAFF_TUNING, ...overrides };
  const logger = parent.child({ component: 'staff-group' });
  const texts = staffTextsFor(config.staffLanguage);
  if (!hasStaffTexts(config.staffLanguage)) logger.warn({ staffLanguage: config.staffLanguage }, 'STAFF_LANGUAGE has no staff texts yet: the staff group stays in English');
  const api = new BotApi({ token: telegram.botToken, apiRoot: telegram.apiRoot, timeoutMs: tuning.requestTimeoutMs });
  const mutex = new RedisMutex(redis);
  const queue = new StaffQueue(redis, keys, { lingerMs: tuning.lingerMs, maxItems: tuning.maxQueuedItems });
  const mode = new StaffChatMode(api, chatId, tuning.chatModeTtlMs, logger);
  const topics = new ThreadRegistry(redis, mutex, { thread: keys.staffTopic, conv: keys.staffConv, lock: keys.staffTopicLock }, { waitMs: tuning.topicWaitMs });
  const headers = new ThreadRegistry(
    redis,
    mutex,
    { thread: keys.staffHeader, conv: keys.staffPost, lock: keys.staffHeaderLock },
    { waitMs: tuning.topicWaitMs, postTtlSeconds: POST_MAP_TTL_SECONDS },
  );

  const title = async (convKey: string): Promise<string> => {
    const where = parseConversationKey(convKey);
    const state = (await deps.store.load(convKey))?.state;
    const ref = state?.ref;
    // The booking's name first: it is what staff look up, and it does not change with what the guest types.
    const name = (ref ? (await deps.bookings.get(ref))?.guestName : undefined) ?? state?.guest.name;
    return conversationTitle({ channel: where?.channel ?? 'console', chatId: where?.chatId ?? convKey, name, ref }, texts);
  };

  const poster = new StaffPoster({
    api,
    chatId,
    queue,
    rate: new GroupRate(redis, keys, tuning),
    topics,
    headers,
    mode,
    mutex,
    queueLockKey: keys.staffQueueLock,
    title,
    topicNames: {
      get: async (convKey) => (await redis.get(keys.staffTopicName(convKey))) ?? undefined,
      set: async (convKey, name) => void (await redis.set(keys.staffTopicName(convKey), name)),
    },
    tuning,
    logger,
    texts,
  });
  const wake = () => poster.wake();
  return {
    mirror: new TelegramStaffMirror(queue, wake),
    alertSink: new TelegramAlertSink(queue, wake),
    config,
    chatId,
    api,
    poster,
    queue,
    mode,
    topics,
    headers,
    texts,
    tuning,
    logger,
    redis,
    keys,
  };
}

/** What staff commands act on. */
export type StaffGroupDeps = Omit<StaffActionsDeps, 'reply' | 'texts' | 'now'>;

/** The staff group: its outbound half, and staff commands taken in from the staff chat. */
export function createStaffGroup(outbound: StaffOutbound, deps: StaffGroupDeps): StaffGroup {
  const { api, chatId, queue, poster, texts, tuning, logger, redis, keys, config } = outbound;
  const reply = async (target: string, text: string) => {
    await queue.push(target, { kind: 'reply', text, at: Date.now() });
    poster.wake();
  };

  const updates = new StaffUpdates({
    chatId,
    redis,
    keys,
    topics: outbound.topics,
    posts: outbound.headers,
    mode: outbound.mode,
    actions: new StaffActions({
      store: deps.store,
      engine: deps.engine,
      bookings: deps.bookings,
      pins: deps.pins,
      catalog: deps.catalog,
      audit: deps.audit,
      reassigner: deps.reassigner,
      limits: deps.limits,
      reply,
      texts,
    }),
    permissions: new StaffPermissions({
      api,
      chatId,
      redis,
      keys,
      approverIds: config.staffApproverIds,
      adminTtlSeconds: tuning.adminTtlSeconds,
      notAdminTtlSeconds: tuning.notAdminTtlSeconds,
      timeoutMs: tuning.adminCheckTimeoutMs,
      logger,
    }),
    reply,
    logger,
    texts,
  });

  return {
    updates,
    start: () => {
      poster.start();
      // The staff chat's own command menu, instead of the guests' one; cosmetic, so never awaited.
      api
        .call('setMyCommands', { commands: texts.commands.map((c) => ({ ...c })), scope: { type: 'chat', chat_id: chatId } })
        .catch((err: unknown) => logger.warn({ err: errorMessage(err) }, 'could not set the staff chat command menu'));
      logger.info({ chatId }, 'staff group started');
    },
    stop: async () => {
      await updates.idle(tuning.stopGraceMs);
      await poster.stop();
    },
  };
}
