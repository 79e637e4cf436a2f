import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEDUPE_TTL_SECONDS } from '../../conversation/store.js';
import type { RedisKeys } from '../../redis-keys.js';
import type { TelegramUpdateHandler } from '../guest-channel.js';
import { ANONYMOUS_ADMIN, staffGroupActor } from './actor.js';
import type { StaffChatMode } from './chat-mode.js';
import { isPrivileged, parseStaffText, type StaffCommand } from './commands.js';
import type { Asker, StaffPermissions } from './permissions.js';
import type { StaffActions, StaffInput } from './staff-actions.js';
import { GENERAL } from './staff-queue.js';
import { NON_TEXT_FIELDS, staffUpdateSchema, type StaffMessage } from './staff-update.js';
import { enStaffTexts, type StaffTexts } from './texts.js';
import type { ThreadRegistry } from './thread-registry.js';

export interface StaffUpdatesDeps {
  chatId: string;
  redis: Redis;
  keys: RedisKeys;
  topics: ThreadRegistry;
  /** Posts of a chat without topics, each mapped to its conversation. */
  posts: ThreadRegistry;
  mode: StaffChatMode;
  actions: StaffActions;
  /** Who may use the commands that hand out, take away or show door codes. */
  permissions: Pick<StaffPermissions, 'mayUseDoorCodes'>;
  reply: (target: string, text: string) => Promise<void>;
  logger: Logger;
  /** STAFF_LANGUAGE's words (default English). */
  texts?: StaffTexts;
}

const NOTHING = { afterAck: () => {} };

/**
 * Updates from the staff group (handed over by the Telegram channel: same webhook, same polling).
 * A message in a conversation's topic (or, without topics, a reply to one of its posts) is a
 * command or words for the guest; elsewhere in the group staff talk among themselves and only
 * commands get an answer. Each update is claimed once by its update_id, like the guest path.
 */
export class StaffUpdates implements TelegramUpdateHandler {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: StaffUpdatesDeps) {}

  async handle(raw: unknown): Promise<{ afterAck(): void }> {
    const parsed = staffUpdateSchema.safeParse(raw);
    if (!parsed.success) return NOTHING;
    const u = parsed.data;
    const msg = u.message ?? u.edited_message;
    if (!msg || String(msg.chat.id) !== this.deps.chatId) return NOTHING;
    const staff = staffOf(msg, this.deps.chatId);
    if (!staff) return NOTHING;
    const { by, asker } = staff;
    const input = inputOf(msg, u.message === undefined);
    if (!input) return NOTHING; // a service message (topic created, member joined, ...)
    const convKey = await this.conversationOf(msg);
    if (convKey === undefined) {
      if (input.kind !== 'command' || input.command.kind === 'relay') return NOTHING;
      if (input.command.kind === 'unknown' && input.command.addressed) return NOTHING; // maybe another bot's
      const topics = (await this.deps.mode.get()) === 'topics';
      const staffTexts = (this.deps.texts ?? enStaffTexts).replies;
      const text = input.command.kind === 'help' ? (topics ? staffTexts.help : `${staffTexts.help}\n${staffTexts.helpWithoutTopics}`) : staffTexts.outsideConversation(topics);
      return this.once(u.update_id, async () => {
        await this.deps.reply(GENERAL, text);
        return {};
      });
    }
    if (input.kind === 'command' && input.command.kind === 'unknown' && input.command.addressed) return NOTHING;
    this.deps.logger.info({ conv: convKey, by, input: input.kind === 'command' ? input.command.kind : input.kind }, 'staff group action');
    return this.once(u.update_id, async () => {
      // Checked after the claim: a redelivered update does not ask Telegram again.
      if (input.kind === 'command' && isPrivileged(input.command)) {
        const refusal = await this.refusal(input.command, asker);
        if (refusal) {
          this.deps.logger.info({ conv: convKey, by, command: input.command.kind, why: refusal.why }, 'staff command refused');
          await this.deps.reply(convKey, refusal.text);
          return {};
        }
      }
      return this.deps.actions.run(convKey, input, by);
    });
  }

  private async refusal(command: StaffCommand, asker: Asker): Promise<{ why: string; text: string } | undefined> {
    const permission = await this.deps.permissions.mayUseDoorCodes(asker);
    if (permission === 'allowed') return undefined;
    const name = command.kind === 'status' ? 'status pin' : command.kind;
    const staffTexts = (this.deps.texts ?? enStaffTexts).replies;
    if (permission === 'unchecked') return { why: 'admin check failed', text: staffTexts.approverUnchecked(name) };
    return { why: 'not an administrator', text: staffTexts.notApprover(name, asker.kind === 'member' ? asker.userId : undefined) };
  }

  /** Waits (at most `timeoutMs`) for commands this process queued to be processed, e.g. before shutting down. */
  async idle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async conversationOf(msg: StaffMessage): Promise<string | undefined> {
    // Outside topics, message_thread_id may be a replied-to message's id: only a topic message has a topic.
    if (msg.is_topic_message && msg.message_thread_id !== undefined) {
      const conv = await this.deps.topics.conversationOf(msg.message_thread_id);
      if (conv !== undefined) return conv;
    }
    const replied = msg.reply_to_message?.message_id;
    return replied === undefined ? undefined : this.deps.posts.conversationOf(replied);
  }

  /**
   * Claims the update before acting (a redelivery is dropped). The work is a few Redis calls
   * done before Telegram gets its answer; if it fails the claim is let go, so the redelivery
   * Telegram makes after our error does the work.
   */
  private async once(updateId: number, work: () => Promise<{ processed?: Promise<unknown> }>): Promise<{ afterAck(): void }> {
    const key = this.deps.keys.dedupe('telegram', String(updateId));
    if ((await this.deps.redis.set(key, 'staff', 'EX', DEDUPE_TTL_SECONDS, 'NX')) !== 'OK') return NOTHING;
    try {
      const { processed } = await work();
      if (processed) this.track(processed);
    } catch (err) {
      await this.deps.redis.del(key).catch(() => {});
      throw err;
    }
    return NOTHING;
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch(() => {}).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}

/**
 * Staff are people in the group; an admin posting anonymously writes as the group itself (only
 * admins can, so that is proof enough). `by` is what the audit trail records.
 */
function staffOf(msg: StaffMessage, chatId: string): { by: string; asker: Asker } | undefined {
  if (msg.sender_chat) return String(msg.sender_chat.id) === chatId ? { by: ANONYMOUS_ADMIN, asker: { kind: 'anonymousAdmin' } } : undefined;
  if (!msg.from || msg.from.is_bot) return undefined;
  return { by: staffGroupActor(msg.from), asker: { kind: 'member', userId: msg.from.id } };
}

function inputOf(msg: StaffMessage, edited: boolean): StaffInput | undefined {
  const fields = msg as Record<string, unknown>; // the schema keeps fields it does not name
  const nonText = NON_TEXT_FIELDS.some((f) => fields[f] !== undefined);
  if (msg.text === undefined && !nonText) return undefined;
  if (edited) return { kind: 'edited' };
  if (msg.text === undefined) return { kind: 'nonText' };
  return { kind: 'command', command: parseStaffText(msg.text) };
}
