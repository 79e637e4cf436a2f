import type { Channel } from '../../flows/state.js';
import { MESSAGE_LIMIT } from '../telegram-api/split-text.js';
import { actorLabel } from './actor.js';
import type { StaffItem } from './staff-items.js';
import { enStaffTexts, LOCK_ALERTS, type StaffTexts } from './texts.js';

export interface PostEntity {
  type: 'bold';
  offset: number;
  length: number;
}

export interface Post {
  text: string;
  entities: PostEntity[];
}

/** Telegram's limit on a topic name. */
const TOPIC_NAME_LIMIT = 128;

export interface ConversationFacts {
  channel: Channel;
  chatId: string;
  name: string | undefined;
  ref: string | undefined;
}

/** "Alex Morgan · AB1234", or the chat before the guest said who they are: "WhatsApp +447400123456". */
export function conversationTitle(c: ConversationFacts, texts: StaffTexts = enStaffTexts): string {
  const who = c.name?.trim() || `${texts.channelLabels[c.channel]} ${c.chatId}`;
  const title = c.ref ? `${who} · ${c.ref}` : who;
  return title.length <= TOPIC_NAME_LIMIT ? title : `${title.slice(0, TOPIC_NAME_LIMIT - 1)}…`;
}

/** Builds text and bold entities together, so offsets (UTF-16, like Telegram's) always match. */
class PostBuilder {
  text = '';
  readonly entities: PostEntity[] = [];
  plain(s: string): this {
    this.text += s;
    return this;
  }
  bold(s: string): this {
    if (s.length > 0) this.entities.push({ type: 'bold', offset: this.text.length, length: s.length });
    this.text += s;
    return this;
  }
}

function block(item: StaffItem, texts: StaffTexts): PostBuilder {
  const b = new PostBuilder();
  switch (item.kind) {
    case 'line':
      switch (item.from) {
        case 'guest':
          return b.plain('👤 ').bold(texts.lines.guest).plain(` ${item.text}`);
        case 'bot':
          return b.plain('🤖 ').bold(texts.lines.bot).plain(` ${item.text}`);
        case 'staff':
          return b.plain('🧑‍💼 ').bold(`${actorLabel(item.by)} ${texts.lines.toGuest}`).plain(` ${item.text}`);
        case 'action':
          return b.plain('🧑‍💼 ').bold(actorLabel(item.by)).plain(` ${item.text}`);
        case 'note':
          return b.plain('ℹ️ ').bold(texts.lines.note).plain(` ${item.text}`);
      }
      break;
    case 'alert': {
      const about = LOCK_ALERTS.has(item.alert) ? '' : texts.aboutBooking(item.ref);
      b.plain('🚨 ').bold(`${texts.alertTitles[item.alert]}${about}`).plain(`\n${item.detail}`);
      const hint = texts.alertHints[item.alert];
      return hint ? b.plain(`\n${hint}`) : b;
    }
    case 'reply':
      return b.plain(`ℹ️ ${item.text}`);
  }
  return b;
}

/**
 * As many queued items as fit in one message, in order, each labelled by who said it. `title`
 * heads the post (a chat without topics, where conversations interleave). An item too long on
 * its own is cut, so the queue always moves.
 */
export function renderPost(items: readonly StaffItem[], opts: { title?: string; limit?: number; texts?: StaffTexts } = {}): { post: Post; count: number } {
  const limit = opts.limit ?? MESSAGE_LIMIT;
  const out = new PostBuilder();
  if (opts.title) out.plain('💬 ').bold(opts.title).plain('\n');
  let count = 0;
  for (const item of items) {
    const b = block(item, opts.texts ?? enStaffTexts);
    const sep = count > 0 ? '\n' : '';
    if (out.text.length + sep.length + b.text.length > limit) {
      if (count > 0) break;
      let room = limit - out.text.length - 1;
      const code = b.text.charCodeAt(room - 1);
      if (code >= 0xd800 && code <= 0xdbff) room -= 1; // never half an emoji
      b.text = `${b.text.slice(0, room)}…`;
      for (const e of b.entities) e.length = Math.max(0, Math.min(e.length, room - e.offset));
    }
    out.plain(sep);
    const base = out.text.length;
    out.text += b.text;
    for (const e of b.entities) if (e.length > 0) out.entities.push({ ...e, offset: base + e.offset });
    count += 1;
  }
  return { post: { text: out.text, entities: out.entities }, count };
}
