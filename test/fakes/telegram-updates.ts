/**
 * Telegram updates as the Bot API sends them, for the fake's getUpdates and for posting to the
 * webhook. Update ids are sequential per factory, like Telegram's.
 */
export type TgUpdate = { update_id: number } & Record<string, unknown>;

export interface PersonOptions {
  firstName?: string;
  lastName?: string;
  languageCode?: string;
}

export class UpdateFactory {
  private next: number;
  private messageId = 1;

  constructor(firstId = 100_000 + Math.floor(Math.random() * 100_000)) {
    this.next = firstId;
  }

  /** A person in their private chat with the bot (chat id = user id, as on Telegram). */
  guest(userId: number, opts: PersonOptions = {}): TelegramGuest {
    return new TelegramGuest(this, userId, opts);
  }

  /** A group chat (negative id) with one member who writes in it. */
  group(chatId: number, member: TelegramGuest): { text(text: string): TgUpdate; botAdded(): TgUpdate; botAddedAgain(): TgUpdate } {
    const chat = { id: chatId, type: 'supergroup', title: 'Family trip' };
    return {
      text: (text) => this.update({ message: { message_id: this.msgId(), date: now(), chat, from: member.user, text } }),
      botAdded: () => this.update({ my_chat_member: memberChange(chat, member.user, 'left', 'member') }),
      botAddedAgain: () => this.update({ my_chat_member: memberChange(chat, member.user, 'kicked', 'administrator') }),
    };
  }

  /** A staff member of the staff group (a forum supergroup, or a plain one). */
  staff(chatId: number | string, userId: number, opts: PersonOptions & { username?: string } = {}): StaffMember {
    return new StaffMember(this, Number(chatId), userId, opts);
  }

  update(body: Record<string, unknown>): TgUpdate {
    return { update_id: this.next++, ...body };
  }

  msgId(): number {
    return this.messageId++;
  }
}

export class TelegramGuest {
  readonly user: Record<string, unknown>;
  readonly chat: { id: number; type: 'private'; first_name?: string };

  constructor(
    private readonly factory: UpdateFactory,
    readonly userId: number,
    opts: PersonOptions,
  ) {
    this.user = {
      id: userId,
      is_bot: false,
      first_name: opts.firstName ?? 'Alex',
      ...(opts.lastName ? { last_name: opts.lastName } : {}),
      ...(opts.languageCode ? { language_code: opts.languageCode } : {}),
    };
    this.chat = { id: userId, type: 'private', first_name: opts.firstName ?? 'Alex' };
  }

  get chatId(): string {
    return String(this.userId);
  }

  text(text: string): TgUpdate {
    const isCommand = text.startsWith('/');
    return this.message({ text, ...(isCommand ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}) });
  }

  /** /start, with the deep-link payload of t.me/<bot>?start=<ref>. */
  start(ref?: string): TgUpdate {
    return this.text(ref ? `/start ${ref}` : '/start');
  }

  /** The "share my phone number" button: the user's own contact card (Telegram leaves out the '+'). */
  shareContact(phone: string): TgUpdate {
    return this.message({ contact: { phone_number: phone, first_name: this.user.first_name, user_id: this.userId } });
  }

  /** Someone else's contact card, forwarded or picked from the address book. */
  sendOtherContact(phone: string, otherUserId?: number): TgUpdate {
    return this.message({ contact: { phone_number: phone, first_name: 'Sam', ...(otherUserId ? { user_id: otherUserId } : {}) } });
  }

  press(data: string): TgUpdate {
    return this.factory.update({
      callback_query: {
        id: `cb-${this.factory.msgId()}`,
        from: this.user,
        chat_instance: `ci-${this.userId}`,
        data,
        message: { message_id: 1, date: now(), chat: this.chat, from: { id: 1, is_bot: true, first_name: 'Checkin' }, text: '…' },
      },
    });
  }

  photo(): TgUpdate {
    return this.message({ photo: [{ file_id: 'AgAD', file_unique_id: 'u1', width: 90, height: 90 }], caption: 'my passport' });
  }

  sticker(): TgUpdate {
    return this.message({ sticker: { file_id: 'CAAD', file_unique_id: 'u2', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } });
  }

  voice(): TgUpdate {
    return this.message({ voice: { file_id: 'AwAD', file_unique_id: 'u3', duration: 3 } });
  }

  location(): TgUpdate {
    return this.message({ location: { latitude: 51.5, longitude: -0.12 } });
  }

  document(): TgUpdate {
    return this.message({ document: { file_id: 'BQAD', file_unique_id: 'u4', file_name: 'booking.pdf' } });
  }

  edited(text: string): TgUpdate {
    return this.factory.update({ edited_message: { message_id: 1, date: now(), edit_date: now(), chat: this.chat, from: this.user, text } });
  }

  private message(content: Record<string, unknown>): TgUpdate {
    return this.factory.update({ message: { message_id: this.factory.msgId(), date: now(), chat: this.chat, from: this.user, ...content } });
  }
}

/** Writes in the staff group: in a topic, in General, or replying to a post (a group without topics). */
export class StaffMember {
  readonly user: Record<string, unknown>;
  readonly chat: Record<string, unknown>;

  constructor(
    private readonly factory: UpdateFactory,
    readonly chatId: number,
    readonly userId: number,
    opts: PersonOptions & { username?: string },
  ) {
    this.user = {
      id: userId,
      is_bot: false,
      first_name: opts.firstName ?? 'Maria',
      ...(opts.lastName ? { last_name: opts.lastName } : {}),
      ...(opts.username ? { username: opts.username } : {}),
    };
    this.chat = { id: chatId, type: 'supergroup', title: 'Front desk', is_forum: true };
  }

  /** Typed in a topic: Telegram marks it a topic message and makes it a reply to the topic's root. */
  inTopic(threadId: number, text: string): TgUpdate {
    return this.message({ ...commandFields(text), message_thread_id: threadId, is_topic_message: true, reply_to_message: topicRoot(this.chat, threadId) });
  }

  /** In General: no is_topic_message (a reply there may still carry a message_thread_id). */
  inGeneral(text: string, replyTo?: number): TgUpdate {
    return this.message({ ...commandFields(text), ...(replyTo ? { message_thread_id: replyTo, reply_to_message: { message_id: replyTo, date: now(), chat: this.chat } } : {}) });
  }

  /** A group without topics: a reply to one of the bot's posts. */
  replyTo(messageId: number, text: string): TgUpdate {
    return this.message({ ...commandFields(text), reply_to_message: { message_id: messageId, date: now(), chat: this.chat, from: { id: 1, is_bot: true, first_name: 'Checkin' } } });
  }

  /** An admin posting anonymously in a topic: Telegram sends it as the group itself (sender_chat), from GroupAnonymousBot. */
  anonymousInTopic(threadId: number, text: string): TgUpdate {
    return this.factory.update({
      message: {
        message_id: this.factory.msgId(),
        date: now(),
        chat: this.chat,
        from: { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' },
        sender_chat: this.chat,
        ...commandFields(text),
        message_thread_id: threadId,
        is_topic_message: true,
        reply_to_message: topicRoot(this.chat, threadId),
      },
    });
  }

  photoInTopic(threadId: number): TgUpdate {
    return this.message({ photo: [{ file_id: 'AgAD', file_unique_id: 'p1', width: 90, height: 90 }], message_thread_id: threadId, is_topic_message: true });
  }

  editedInTopic(threadId: number, text: string): TgUpdate {
    return this.factory.update({
      edited_message: { message_id: this.factory.msgId(), date: now(), edit_date: now(), chat: this.chat, from: this.user, text, message_thread_id: threadId, is_topic_message: true },
    });
  }

  private message(content: Record<string, unknown>): TgUpdate {
    return this.factory.update({ message: { message_id: this.factory.msgId(), date: now(), chat: this.chat, from: this.user, ...content } });
  }
}

function commandFields(text: string): Record<string, unknown> {
  return { text, ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}) };
}

function topicRoot(chat: Record<string, unknown>, threadId: number): Record<string, unknown> {
  return { message_id: threadId, date: now(), chat, from: { id: 1, is_bot: true, first_name: 'Checkin' }, forum_topic_created: { name: 'topic', icon_color: 7322096 }, message_thread_id: threadId, is_topic_message: true };
}

function memberChange(chat: Record<string, unknown>, from: Record<string, unknown>, before: string, after: string): Record<string, unknown> {
  const bot = { id: 1, is_bot: true, first_name: 'Checkin' };
  return { chat, from, date: now(), old_chat_member: { status: before, user: bot }, new_chat_member: { status: after, user: bot } };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
