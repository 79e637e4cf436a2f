import { RedisMutex } from '../../redis/mutex.js';
import { errorMessage } from '../../errors.js';
import { parseConversationKey } from '../../flows/state.js';
import type { ChannelContext, TelegramUpdateHandler } from '../guest-channel.js';
import { BotApi } from '../telegram-api/bot-api.js';
import { TelegramAlertSink } from './alert-sink.js';
import { StaffChatMode } from './chat-mode.js';
import { GroupRate } from './group-rate.js';
import { StaffPoster } from './poster.js';
import { conversationTitle } from './render-post.js';
import { StaffPermissions } from './permissions.js';
import { StaffActions } from './staff-actions.js';
import { TelegramStaffMirror } from './staff-mirror.js';
import { StaffQueue } from './staff-queue.js';
import { StaffUpdates } from './staff-updates.js';
import { ThreadRegistry } from './thread-registry.js';
import { hasStaffTexts, staffTextsFor } from './texts.js';
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

/**
 * The staff group, when TELEGRAM_BOT_TOKEN and STAFF_TELEGRAM_CHAT_ID are set (else undefined):
 * registered as the runtime's staff mirror and as an alert sink.
 */
export function createStaffGroup(ctx: ChannelContext, overrides: Partial<StaffTuning> = {}): StaffGroup | undefined {
  const { config, runtime, logger: parent } = ctx;
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
  const { redis, catalog } = runtime.options;
  const keys = runtime.keys;
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
    const state = (await runtime.store.load(convKey))?.state;
    const ref = state?.ref;
    // The booking's name first: it is what staff look up, and it does not change with what the guest types.
    const name = (ref ? (await runtime.bookings.get(ref))?.guestName : undefined) ?? state?.guest.name;
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
  const reply = async (target: string, text: string) => {
    await queue.push(target, { kind: 'reply', text, at: Date.now() });
    wake();
  };

  const updates = new StaffUpdates({
    chatId,
    redis,
    keys,
    topics,
    posts: headers,
    mode,
    actions: new StaffActions({
      store: runtime.store,
      engine: runtime.engine,
      bookings: runtime.bookings,
      pins: runtime.pins,
      catalog,
      audit: runtime.audit,
      reassigner: runtime.reassigner,
      limits: runtime.guessLimits,
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

  runtime.mirrors.push(new TelegramStaffMirror(queue, wake));
  runtime.alerts.addSink(new TelegramAlertSink(queue, wake));

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
