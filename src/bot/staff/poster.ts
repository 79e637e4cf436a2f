import type { Logger } from 'pino';
import type { RedisMutex } from '../../redis/mutex.js';
import { AppError, errorMessage } from '../../errors.js';
import { classifyCallError, TelegramCallError } from '../telegram-api/api-error.js';
import type { BotApi } from '../telegram-api/bot-api.js';
import type { StaffChatMode } from './chat-mode.js';
import type { GroupRate, PostClass } from './group-rate.js';
import { renderPost, type Post } from './render-post.js';
import { enStaffTexts, type StaffTexts } from './texts.js';
import { isUrgent, type StaffItem } from './staff-items.js';
import { GENERAL, type StaffQueue } from './staff-queue.js';
import { ThreadBusyError, type ThreadRegistry } from './thread-registry.js';
import type { StaffTuning } from './tuning.js';

export interface PosterDeps {
  api: BotApi;
  chatId: string;
  queue: StaffQueue;
  rate: GroupRate;
  /** Forum topics, and the header posts of a chat without topics. */
  topics: ThreadRegistry;
  headers: ThreadRegistry;
  mode: StaffChatMode;
  mutex: RedisMutex;
  queueLockKey: (target: string) => string;
  /** The topic name / post title of a conversation, from what is known about it now. */
  title: (convKey: string) => Promise<string>;
  topicNames: { get(convKey: string): Promise<string | undefined>; set(convKey: string, name: string): Promise<void> };
  tuning: StaffTuning;
  logger: Logger;
  /** STAFF_LANGUAGE's words for alert titles and hints (default English). */
  texts?: StaffTexts;
}

/** Items one post looks at (a post holds up to 4,096 characters of them). */
const BATCH = 50;
/** What Telegram says when a topic was deleted by hand, closed by hand, or when the group has no topics. */
const THREAD_GONE = /thread not found|TOPIC_DELETED|TOPIC_ID_INVALID/i;
const TOPIC_CLOSED = /TOPIC_CLOSED/i;
const NOT_A_FORUM = /not a forum|forum.*(disabled|not enabled)|TOPICS_DISABLED|CHAT_NOT_FORUM/i;

/** The conversation's topic is gone (or topics are off); the next round posts the new way. */
class ThreadGone extends AppError {
  constructor() {
    super('staff group: the conversation\'s topic is gone', true);
  }
}

/** Shutting down while waiting for the rate: what was queued stays queued. */
class StoppingError extends AppError {
  constructor() {
    super('staff group: stopping', true);
  }
}

/**
 * Posts what waits in the staff queue, in every process that has the staff group: the most
 * urgent conversation first, one process per conversation at a time (a Redis lock, so posts stay
 * in order), within the group's rate (shared window in Redis). Whatever has queued up for a
 * conversation by the time its turn comes goes out as one post. A failed post stays queued and
 * is tried again; staff would rather see a line twice than miss an alert, so a post whose answer
 * was lost is sent again too.
 */
export class StaffPoster {
  private running = false;
  private loop: Promise<void> | undefined;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private readonly failures = new Map<string, number>();

  private readonly texts: StaffTexts;

  constructor(private readonly deps: PosterDeps) {
    this.texts = deps.texts ?? enStaffTexts;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the post under way, then stops; anything still queued waits in Redis for another process or the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  /** Something was queued in this process: look now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let pause: number;
      try {
        pause = await this.tick();
      } catch (err) {
        this.deps.logger.error({ err: errorMessage(err) }, 'staff group: posting failed; will retry');
        pause = this.deps.tuning.idlePollMs;
      }
      if (pause > 0 && this.running) await this.sleep(Math.min(pause, this.deps.tuning.idlePollMs));
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** One post at most; returns how long to wait before the next look. */
  private async tick(): Promise<number> {
    const { queue, mutex, tuning } = this.deps;
    const targets = await queue.due(8);
    if (targets.length === 0) return (await queue.nextDueIn()) ?? tuning.idlePollMs;
    for (const target of targets) {
      const lock = await mutex.tryAcquire(this.deps.queueLockKey(target));
      if (!lock) continue; // another process is posting for it
      try {
        return await this.postFor(target);
      } finally {
        await lock.release();
      }
    }
    return Math.min(100, tuning.idlePollMs);
  }

  private async postFor(target: string): Promise<number> {
    const { queue, rate } = this.deps;
    const items = await queue.peek(target, BATCH);
    if (items.length === 0) {
      await queue.done(target, 0);
      return 0;
    }
    const wait = await rate.take(items.some(isUrgent) ? 'urgent' : 'mirror');
    if (wait > 0) return wait;
    try {
      const used = await this.deliver(target, items);
      this.failures.delete(target);
      await queue.done(target, used);
      if (target !== GENERAL) await this.renameIfNeeded(target);
      return 0;
    } catch (err) {
      return this.failed(target, err, items.length);
    }
  }

  /** Posts the first items that fit in one message; returns how many went. */
  private async deliver(target: string, items: StaffItem[]): Promise<number> {
    if (target === GENERAL) {
      const { post, count } = renderPost(items, { texts: this.texts });
      await this.send(post, {});
      return count;
    }
    if ((await this.deps.mode.get()) === 'topics') {
      const threadId = await this.topicOf(target);
      if (threadId !== undefined) {
        const { post, count } = renderPost(items, { texts: this.texts });
        await this.sendInTopic(target, threadId, post);
        return count;
      }
    }
    // No topics: every post names the conversation and replies to its first post (the header).
    const { post, count } = renderPost(items, { title: await this.deps.title(target), texts: this.texts });
    let sent: number | undefined;
    const header = await this.deps.headers.ensure(target, async () => (sent = await this.send(post, {})));
    sent ??= await this.send(post, { reply_parameters: { message_id: header, allow_sending_without_reply: true } });
    await this.deps.headers.remember(sent, target);
    return count;
  }

  /** The conversation's topic, created if needed; undefined when the chat turns out to have no topics. */
  private async topicOf(target: string): Promise<number | undefined> {
    try {
      return await this.deps.topics.ensure(target, () => this.createTopic(target));
    } catch (err) {
      if (err instanceof TelegramCallError && err.method === 'createForumTopic' && err.kind === 'rejected') {
        this.deps.mode.useReplies(err.message);
        return undefined;
      }
      throw err;
    }
  }

  private async createTopic(target: string): Promise<number> {
    const name = await this.deps.title(target);
    // The topic's creation is a message in the group too.
    await this.slot('urgent');
    const topic = await this.deps.api.call('createForumTopic', { chat_id: this.deps.chatId, name });
    await this.deps.topicNames.set(target, name);
    this.deps.logger.info({ conv: target, threadId: topic.message_thread_id }, 'staff topic created');
    return topic.message_thread_id;
  }

  private async sendInTopic(target: string, threadId: number, post: Post): Promise<void> {
    try {
      await this.send(post, { message_thread_id: threadId });
    } catch (err) {
      if (!(err instanceof TelegramCallError) || err.kind !== 'rejected') throw err;
      if (THREAD_GONE.test(err.message)) {
        this.deps.logger.warn({ conv: target, threadId }, 'staff topic is gone; a new one will be created');
        await this.deps.topics.forget(target, threadId);
        throw new ThreadGone();
      }
      if (TOPIC_CLOSED.test(err.message)) {
        // Closed by staff, but the guest wrote again: reopen rather than lose their words.
        await this.deps.api.call('reopenForumTopic', { chat_id: this.deps.chatId, message_thread_id: threadId });
        await this.send(post, { message_thread_id: threadId });
        return;
      }
      if (NOT_A_FORUM.test(err.message)) {
        this.deps.mode.useReplies(err.message);
        throw new ThreadGone();
      }
      throw err;
    }
  }

  private async send(post: Post, where: { message_thread_id?: number; reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } }): Promise<number> {
    const sent = await this.deps.api.call(
      'sendMessage',
      {
        chat_id: this.deps.chatId,
        text: post.text,
        ...(post.entities.length > 0 ? { entities: post.entities } : {}),
        link_preview_options: { is_disabled: true },
        ...where,
      },
      { timeoutMs: this.deps.tuning.requestTimeoutMs },
    );
    return sent.message_id;
  }

  /** Renames the topic once the guest's name or booking is known (when the rate allows; else at a later post). */
  private async renameIfNeeded(target: string): Promise<void> {
    try {
      const threadId = await this.deps.topics.find(target);
      if (threadId === undefined) return;
      const name = await this.deps.title(target);
      if ((await this.deps.topicNames.get(target)) === name) return;
      if ((await this.deps.rate.take('mirror')) > 0) return;
      await this.deps.api.call('editForumTopic', { chat_id: this.deps.chatId, message_thread_id: threadId, name }).catch((err: unknown) => {
        if (!/TOPIC_NOT_MODIFIED/i.test(errorMessage(err))) throw err;
      });
      await this.deps.topicNames.set(target, name);
    } catch (err) {
      this.deps.logger.warn({ conv: target, err: errorMessage(err) }, 'could not rename the staff topic');
    }
  }

  /** Waits for a slot in the group's rate (bounded, so a stuck limiter cannot hold a conversation's lock for ever). */
  private async slot(cls: PostClass): Promise<void> {
    const deadline = Date.now() + this.deps.tuning.windowMs;
    for (;;) {
      const wait = await this.deps.rate.take(cls);
      if (wait === 0 || Date.now() > deadline) return;
      if (!this.running) throw new StoppingError();
      await new Promise((r) => setTimeout(r, Math.min(wait, 1_000)));
    }
  }

  private async failed(target: string, err: unknown, peeked: number): Promise<number> {
    const { queue, rate, tuning, logger } = this.deps;
    if (err instanceof ThreadGone || err instanceof StoppingError) return 0;
    if (err instanceof ThreadBusyError) {
      await queue.defer(target, tuning.idlePollMs);
      return 0;
    }
    const failure = err instanceof TelegramCallError ? err : classifyCallError('sendMessage', err, undefined);
    const log = logger.child({ conv: target || 'general' });
    if (failure.kind === 'rate_limited') {
      const ms = failure.retryAfterMs ?? 5_000;
      log.warn({ retryAfterMs: ms }, 'staff group: Telegram rate limit; every process holds back');
      await rate.pause(ms);
      return ms;
    }
    const attempt = (this.failures.get(target) ?? 0) + 1;
    this.failures.set(target, attempt);
    const delays = tuning.retryDelaysMs;
    // A post Telegram refuses as such (not for rights or a missing chat) will never go: drop it after a few tries.
    const poison = failure.kind === 'rejected' && !/right|permission|not a member|kicked|not found|forbidden/i.test(failure.message);
    if (poison && attempt >= 3) {
      log.error({ err: failure.message, items: peeked }, 'staff group: Telegram refuses this post; dropped');
      this.failures.delete(target);
      await queue.done(target, peeked);
      return 0;
    }
    log.error({ err: failure.message, attempt }, 'staff group: post failed; will retry (check STAFF_TELEGRAM_CHAT_ID and that the bot is an admin of the group)');
    await queue.defer(target, delays[Math.min(attempt, delays.length) - 1] ?? 1_000);
    return 0;
  }
}
