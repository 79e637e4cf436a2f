import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listen, readBody, send } from './http.js';

export type Payload = Record<string, unknown>;

/** One Bot API request, whatever the answer was. */
export interface ApiCall {
  method: string;
  payload: Payload;
  /** HTTP status of the answer (0 while it is being held: a long poll or a scripted slow answer). */
  status: number;
  /** The JSON answer, once given. */
  response?: Payload;
  at: number;
}

/** A message Telegram accepted, as the chat shows it. */
export interface DeliveredMessage {
  messageId: number;
  chatId: string;
  /** What the guest sees: the text after the parse mode (if any) was applied. */
  text: string;
  parseMode: string | undefined;
  entities: Array<{ type: string; offset: number; length: number }> | undefined;
  replyMarkup: Payload | undefined;
  /** Forum topic it was posted in (message_thread_id). */
  threadId: number | undefined;
  /** The message it replies to (reply_parameters.message_id). */
  replyTo: number | undefined;
  at: number;
}

/** ChatMember.status as the Bot API names it. */
export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** A group the bot is in (a staff group): getChat and getChatMember answer for it, and a forum has topics. */
export interface FakeGroup {
  chatId: string;
  title: string;
  isForum: boolean;
  /** Topics by message_thread_id. */
  topics: Map<number, { name: string; closed: boolean; deleted: boolean }>;
  /** At most `count` messages (posts and topic creations) per `windowMs`, like Telegram's ~20 a minute per group; then 429. */
  limit: { count: number; windowMs: number } | undefined;
  /** When each message into the group was accepted (for the limit and for tests to check it). */
  sentAt: number[];
  /** People in the group by user id (see setMember); anyone else is 'left', as Telegram says of non-members. */
  members: Map<number, { status: MemberStatus; user: { id: number; is_bot: false; first_name: string; username?: string } }>;
}

export type ScriptedAnswer =
  /** 429 with parameters.retry_after (seconds). Nothing is delivered. */
  | { kind: 'rateLimit'; retryAfter: number }
  /** An error answer (5xx or 4xx) with Telegram's JSON shape. Nothing is delivered. */
  | { kind: 'error'; status: number; description?: string }
  /** The call takes effect (a message is delivered) but the answer comes only after `ms`. */
  | { kind: 'slow'; ms: number };

interface Script {
  method: string;
  answer: ScriptedAnswer;
  when?: (payload: Payload) => boolean;
}

const MAX_TEXT = 4096;
const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const MD_RESERVED = new Set('_*[]()~`>#+-=|{}.!'.split(''));
const MD_MARKERS = new Set(['*', '_', '~', '`', '|']);

/**
 * A stand-in for api.telegram.org, driven by the real telegraf client: POST /bot<token>/<method>
 * with JSON bodies, the token checked, every call recorded, Telegram's own checks on what matters
 * here (4,096-character texts, parse modes, entity bounds, 64-byte callback_data, 200-character
 * callback answers), scripted 429/5xx/slow answers, blocked chats (403), webhook registration,
 * group members and their status (getChatMember),
 * and getUpdates long polling over queued updates with offset confirmation.
 */
export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  readonly delivered: DeliveredMessage[] = [];
  /** Chats whose user blocked the bot: sendMessage answers 403. */
  readonly blocked = new Set<string>();
  webhook: { url: string; secret: string | undefined; allowedUpdates: unknown } | undefined;
  private readonly scripts: Script[] = [];
  private pending: Payload[] = [];
  private waiters = new Set<() => void>();
  private nextMessageId = 1;
  readonly groups = new Map<string, FakeGroup>();

  private constructor(
    private readonly server: Server,
    /** TELEGRAM_API_ROOT for the bot. */
    readonly url: string,
    readonly token: string,
  ) {}

  static async start(opts: { token: string }): Promise<FakeTelegram> {
    let fake: FakeTelegram | undefined;
    const { server, url } = await listen((req, res) => fake!.handle(req, res));
    fake = new FakeTelegram(server, url, opts.token);
    return fake;
  }

  /** The next matching calls of `method` get these answers, in order. */
  failNext(method: string, ...answers: ScriptedAnswer[]): void {
    for (const answer of answers) this.scripts.push({ method, answer });
  }

  /** Like failNext, only for calls whose payload matches. */
  failWhen(method: string, when: (payload: Payload) => boolean, answer: ScriptedAnswer): void {
    this.scripts.push({ method, answer, when });
  }

  /** An update for getUpdates (polling mode). */
  queueUpdate(update: Payload): void {
    this.pending.push(update);
    for (const wake of this.waiters) wake();
  }

  /** A group (supergroup) the bot administers; `isForum`: Topics enabled. */
  addGroup(chatId: string | number, opts: { isForum: boolean; title?: string; limit?: { count: number; windowMs: number } }): FakeGroup {
    const group: FakeGroup = {
      chatId: String(chatId),
      title: opts.title ?? 'Front desk',
      isForum: opts.isForum,
      topics: new Map(),
      limit: opts.limit,
      sentAt: [],
      members: new Map(),
    };
    this.groups.set(group.chatId, group);
    return group;
  }

  /** Someone joins the group, or is promoted or demoted: what getChatMember says of them from now on. */
  setMember(chatId: string | number, user: { id: number; firstName?: string; username?: string }, status: MemberStatus): void {
    const group = this.groups.get(String(chatId));
    if (!group) throw new Error(`no fake group ${String(chatId)}`);
    const person = { id: user.id, is_bot: false as const, first_name: user.firstName ?? 'Staff', ...(user.username ? { username: user.username } : {}) };
    group.members.set(user.id, { status, user: person });
  }

  /** Staff deleting a topic by hand. */
  deleteTopic(chatId: string | number, threadId: number): void {
    const topic = this.groups.get(String(chatId))?.topics.get(threadId);
    if (topic) topic.deleted = true;
  }

  /** Staff closing a topic by hand. */
  closeTopic(chatId: string | number, threadId: number): void {
    const topic = this.groups.get(String(chatId))?.topics.get(threadId);
    if (topic) topic.closed = true;
  }

  /** Messages delivered into one topic of a group. */
  topicMessages(chatId: string | number, threadId: number): DeliveredMessage[] {
    return this.messagesTo(chatId).filter((m) => m.threadId === threadId);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  messagesTo(chatId: string | number): DeliveredMessage[] {
    return this.delivered.filter((m) => m.chatId === String(chatId));
  }

  async close(): Promise<void> {
    for (const wake of this.waiters) wake();
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    let payload: Payload = {};
    try {
      payload = body === '' ? {} : (JSON.parse(body) as Payload);
    } catch {
      return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    const call: ApiCall = { method, payload, status: 0, at: Date.now() };
    this.calls.push(call);
    const answer = (status: number, json: Payload) => {
      call.status = status;
      call.response = json;
      send(res, status, json);
    };
    if (token !== this.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });

    const i = this.scripts.findIndex((s) => s.method === method && (!s.when || s.when(payload)));
    const script = i >= 0 ? this.scripts.splice(i, 1)[0]!.answer : undefined;
    if (script?.kind === 'rateLimit') {
      return answer(429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${script.retryAfter}`,
        parameters: { retry_after: script.retryAfter },
      });
    }
    if (script?.kind === 'error') {
      return answer(script.status, { ok: false, error_code: script.status, description: script.description ?? 'Internal Server Error' });
    }
    const [status, json] = await this.apply(method, payload, res);
    if (script?.kind === 'slow') await new Promise((r) => setTimeout(r, script.ms));
    answer(status, json);
  }

  private async apply(method: string, p: Payload, res: ServerResponse): Promise<[number, Payload]> {
    const ok = (result: unknown): [number, Payload] => [200, { ok: true, result }];
    const bad = (description: string, status = 400): [number, Payload] => [status, { ok: false, error_code: status, description }];
    switch (method) {
      case 'getMe':
        return ok({ id: Number(this.token.split(':')[0]), is_bot: true, first_name: 'Checkin', username: 'checkin_test_bot' });
      case 'sendMessage':
        return this.sendMessage(p);
      case 'answerCallbackQuery': {
        if (typeof p.callback_query_id !== 'string') return bad('Bad Request: query_id is empty');
        if (typeof p.text === 'string' && p.text.length > 200) return bad('Bad Request: MESSAGE_TOO_LONG');
        return ok(true);
      }
      case 'setWebhook': {
        if (typeof p.url !== 'string') return bad('Bad Request: bad webhook: url is empty');
        if (p.url !== '' && !p.url.startsWith('https://')) return bad('Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) return bad('Bad Request: secret token contains unallowed characters');
        this.webhook = p.url === '' ? undefined : { url: p.url, secret: p.secret_token as string | undefined, allowedUpdates: p.allowed_updates };
        return ok(true);
      }
      case 'deleteWebhook':
        this.webhook = undefined;
        if (p.drop_pending_updates === true) this.pending = [];
        return ok(true);
      case 'getWebhookInfo':
        return ok({
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.webhook ? 0 : this.pending.length,
          ...(this.webhook?.allowedUpdates ? { allowed_updates: this.webhook.allowedUpdates } : {}),
        });
      case 'getUpdates':
        if (this.webhook) return bad("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", 409);
        return ok(await this.getUpdates(p, res));
      case 'setMyCommands':
        return ok(true);
      case 'getChat': {
        const group = this.groups.get(String(p.chat_id));
        if (group) return ok({ id: Number(group.chatId), type: 'supergroup', title: group.title, ...(group.isForum ? { is_forum: true } : {}) });
        if (Number(p.chat_id) > 0) return ok({ id: Number(p.chat_id), type: 'private', first_name: 'Alex' });
        return bad('Bad Request: chat not found');
      }
      case 'getChatMember': {
        const group = this.groups.get(String(p.chat_id));
        if (!group) return bad('Bad Request: chat not found');
        const userId = Number(p.user_id);
        if (!Number.isInteger(userId) || userId <= 0) return bad('Bad Request: invalid user_id specified');
        const member = group.members.get(userId) ?? { status: 'left' as const, user: { id: userId, is_bot: false, first_name: 'Someone' } };
        return ok(chatMember(member.status, member.user));
      }
      case 'createForumTopic': {
        const group = this.groups.get(String(p.chat_id));
        if (!group) return bad('Bad Request: chat not found');
        if (!group.isForum) return bad('Bad Request: the chat is not a forum');
        if (typeof p.name !== 'string' || p.name.length < 1 || p.name.length > 128) return bad('Bad Request: TOPIC_NAME_INVALID');
        const limited = this.groupLimited(group);
        if (limited) return limited;
        const threadId = this.nextMessageId++;
        group.topics.set(threadId, { name: p.name, closed: false, deleted: false });
        return ok({ message_thread_id: threadId, name: p.name, icon_color: 7322096 });
      }
      case 'editForumTopic':
      case 'reopenForumTopic': {
        const topic = this.groups.get(String(p.chat_id))?.topics.get(Number(p.message_thread_id));
        if (!topic || topic.deleted) return bad('Bad Request: message thread not found');
        if (method === 'reopenForumTopic') {
          if (!topic.closed) return bad('Bad Request: TOPIC_NOT_MODIFIED');
          topic.closed = false;
          return ok(true);
        }
        if (typeof p.name !== 'string' || p.name.length < 1 || p.name.length > 128) return bad('Bad Request: TOPIC_NAME_INVALID');
        if (p.name === topic.name) return bad('Bad Request: TOPIC_NOT_MODIFIED');
        topic.name = p.name;
        return ok(true);
      }
      default:
        return bad('Not Found: method not found', 404);
    }
  }

  private sendMessage(p: Payload): [number, Payload] {
    const bad = (description: string, status = 400): [number, Payload] => [status, { ok: false, error_code: status, description }];
    const chatId = p.chat_id === undefined ? undefined : String(p.chat_id);
    if (!chatId) return bad('Bad Request: chat_id is empty');
    if (this.blocked.has(chatId)) return bad('Forbidden: bot was blocked by the user', 403);
    if (typeof p.text !== 'string') return bad('Bad Request: message text is empty');
    const parseMode = typeof p.parse_mode === 'string' ? p.parse_mode : undefined;
    const rendered = render(p.text, parseMode);
    if ('error' in rendered) return bad(`Bad Request: can't parse entities: ${rendered.error}`);
    const text = rendered.text;
    if (text.trim() === '') return bad('Bad Request: message text is empty');
    if (text.length > MAX_TEXT) return bad('Bad Request: message is too long');
    const entities = p.entities as DeliveredMessage['entities'];
    for (const e of entities ?? []) {
      if (!(e.offset >= 0 && e.length > 0 && e.offset + e.length <= text.length)) return bad("Bad Request: can't parse entities: entity is out of the text");
    }
    const group = this.groups.get(chatId);
    const threadId = typeof p.message_thread_id === 'number' ? p.message_thread_id : undefined;
    if (threadId !== undefined) {
      const topic = group?.topics.get(threadId);
      if (!group?.isForum || !topic || topic.deleted) return bad('Bad Request: message thread not found');
      if (topic.closed) return bad('Bad Request: TOPIC_CLOSED');
    }
    const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
    if (group) {
      const limited = this.groupLimited(group);
      if (limited) return limited;
    }
    const markup = p.reply_markup as Payload | undefined;
    for (const row of (markup?.inline_keyboard as Array<Array<{ callback_data?: string }>> | undefined) ?? []) {
      for (const button of row) {
        if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) return bad('Bad Request: BUTTON_DATA_INVALID');
      }
    }
    const message: DeliveredMessage = { messageId: this.nextMessageId++, chatId, text, parseMode, entities, replyMarkup: markup, threadId, replyTo, at: Date.now() };
    this.delivered.push(message);
    const chat = group ? { id: Number(chatId), type: 'supergroup', title: group.title, ...(group.isForum ? { is_forum: true } : {}) } : { id: Number(chatId), type: 'private' };
    return [200, { ok: true, result: { message_id: message.messageId, date: Math.floor(message.at / 1000), chat, text, ...(threadId ? { message_thread_id: threadId, is_topic_message: true } : {}) } }];
  }

  /** Telegram's per-group limit: a 429 once the window already holds `limit.count` messages. */
  private groupLimited(group: FakeGroup): [number, Payload] | undefined {
    const now = Date.now();
    if (group.limit !== undefined) {
      const { count, windowMs } = group.limit;
      const recent = group.sentAt.filter((t) => t > now - windowMs);
      if (recent.length >= count) {
        const retryAfter = Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
        return [429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } }];
      }
    }
    group.sentAt.push(now);
    return undefined;
  }

  private async getUpdates(p: Payload, res: ServerResponse): Promise<Payload[]> {
    // Calling with an offset confirms every update below it; those never come back.
    if (typeof p.offset === 'number') this.pending = this.pending.filter((u) => (u.update_id as number) >= (p.offset as number));
    const timeoutMs = (typeof p.timeout === 'number' ? p.timeout : 0) * 1000;
    if (this.pending.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.waiters.add(done);
        // The poller gave up (stop, timeout): stop holding the answer.
        res.once('close', done);
      });
    }
    return this.pending.slice(0, typeof p.limit === 'number' ? p.limit : 100);
  }
}

/** A ChatMember object as getChatMember returns it: the fields of its kind, with the usual defaults. */
function chatMember(status: MemberStatus, user: Payload): Payload {
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
        can_manage_topics: true,
      };
    case 'restricted':
      return { status, user, is_member: true, until_date: 0, can_send_messages: true };
    case 'kicked':
      return { status, user, until_date: 0 };
    default:
      return { status, user };
  }
}

/** The text a chat shows for a parse mode, or why Telegram would refuse it (a close model of the real rules). */
function render(text: string, parseMode: string | undefined): { text: string } | { error: string } {
  if (parseMode === undefined) return { text };
  if (parseMode === 'HTML') {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '<') {
        const tag = /^<\/?([a-z-]+)(?:\s[^<>]*)?>/i.exec(text.slice(i));
        if (!tag || !HTML_TAGS.has(tag[1]!.toLowerCase())) return { error: `Unsupported start tag at byte offset ${i}` };
        i += tag[0].length - 1;
      } else if (c === '&') {
        const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(text.slice(i));
        if (!entity) return { error: `Unexpected end of name token at byte offset ${i}` };
        out += { lt: '<', gt: '>', amp: '&', quot: '"' }[entity[1]!.toLowerCase()] ?? '?';
        i += entity[0].length - 1;
      } else if (c === '>') {
        return { error: `Unexpected character '>' at byte offset ${i}` };
      } else {
        out += c;
      }
    }
    return { text: out };
  }
  if (parseMode === 'MarkdownV2') {
    let out = '';
    const open = new Map<string, number>();
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 1;
      } else if (MD_MARKERS.has(c)) {
        open.set(c, (open.get(c) ?? 0) + 1);
      } else if (MD_RESERVED.has(c)) {
        return { error: `Character '${c}' is reserved and must be escaped with the preceding '\\'` };
      } else {
        out += c;
      }
    }
    for (const [marker, count] of open) if (count % 2 !== 0) return { error: `Can't find end of the entity starting with '${marker}'` };
    return { text: out };
  }
  return { error: `unsupported parse mode ${parseMode}` };
}
