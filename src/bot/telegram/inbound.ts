import { BUTTONS, type ButtonId, type GuestEvent, type InboundMeta, type MediaKind } from '../../flows/events.js';
import { messagesFor } from '../../flows/messages/index.js';
import { updateSchema, type TgMessage } from './updates.js';

/** What to do with one update. Pure: the update handler carries it out. */
export type InboundDecision =
  | { kind: 'guest'; chatId: string; event: GuestEvent; meta: InboundMeta; callbackQueryId?: string }
  /** A button press that is not a guest event: stop the spinner, with a word if the guest should know why. */
  | { kind: 'answerCallback'; callbackQueryId: string; text?: string }
  /** The bot was just added to a group that is not the staff chat; `lang`: the language of whoever added it. */
  | { kind: 'groupJoined'; chatId: string; lang: string | undefined }
  /** A message or button press in the staff group: the staff adapter's, never the guest flow's. */
  | { kind: 'staff' }
  | { kind: 'ignore'; reason: string };

export interface ReadOptions {
  /** Updates from the staff group belong to the staff adapter, not to the guest flow. */
  staffChatId: string | undefined;
}

/** `/help` and friends typed as commands mean the same as the words the flow understands ("/lang es" reaches it as typed). */
const COMMAND_WORDS = new Set(['help', 'pin', 'human', 'restart', 'back', 'edit', 'lang', 'language']);
const START = /^\/start(?:@\w+)?(?:\s+([\s\S]*))?$/;
const COMMAND = /^\/([a-z]+)(?:@\w+)?$/i;

/** Message fields that carry something other than text, in the order they are tested (an animation also has `document`). */
const MEDIA: ReadonlyArray<readonly [string, MediaKind]> = [
  ['photo', 'photo'],
  ['animation', 'video'],
  ['video', 'video'],
  ['video_note', 'video'],
  ['voice', 'voice'],
  ['audio', 'audio'],
  ['sticker', 'sticker'],
  ['document', 'document'],
  ['venue', 'location'],
  ['location', 'location'],
  ['poll', 'other'],
  ['dice', 'other'],
  ['game', 'other'],
  ['story', 'other'],
  ['invoice', 'other'],
];

export function readUpdate(raw: unknown, opts: ReadOptions): InboundDecision {
  const parsed = updateSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignore', reason: 'unreadable update' };
  const u = parsed.data;
  const isStaff = (chatId: number) => opts.staffChatId !== undefined && String(chatId) === opts.staffChatId;

  if (u.message || u.edited_message) {
    const edited = !u.message;
    const msg = (u.message ?? u.edited_message)!;
    if (isStaff(msg.chat.id)) return { kind: 'staff' };
    if (msg.chat.type !== 'private') return { kind: 'ignore', reason: `${msg.chat.type} chat` };
    if (!msg.from || msg.from.is_bot) return { kind: 'ignore', reason: 'not from a person' };
    // An edit cannot be taken back into an answered question: the flow asks to type it again.
    const event: GuestEvent | undefined = edited ? { type: 'media', kind: 'other' } : messageEvent(msg, msg.from.id);
    if (!event) return { kind: 'ignore', reason: 'service message' };
    return { kind: 'guest', chatId: String(msg.chat.id), event, meta: metaOf(msg.from) };
  }

  if (u.callback_query) {
    const q = u.callback_query;
    const chat = q.message?.chat ?? { id: q.from.id, type: 'private' };
    if (isStaff(chat.id)) return { kind: 'staff' };
    if (chat.type !== 'private') return { kind: 'answerCallback', callbackQueryId: q.id };
    if (!isButtonId(q.data)) return { kind: 'answerCallback', callbackQueryId: q.id, text: messagesFor(q.from.language_code).telegram.staleButton };
    // Buttons of an older message are still meaningful to the flow, which answers for the step the guest is at.
    return { kind: 'guest', chatId: String(chat.id), event: { type: 'button', id: q.data }, meta: metaOf(q.from), callbackQueryId: q.id };
  }

  if (u.my_chat_member) {
    const m = u.my_chat_member;
    const joined = ['member', 'administrator'].includes(m.new_chat_member.status) && ['left', 'kicked'].includes(m.old_chat_member.status);
    if (joined && (m.chat.type === 'group' || m.chat.type === 'supergroup') && !isStaff(m.chat.id)) {
      return { kind: 'groupJoined', chatId: String(m.chat.id), lang: m.from.language_code };
    }
    return { kind: 'ignore', reason: 'membership change' };
  }

  return { kind: 'ignore', reason: 'update type not handled' };
}

function messageEvent(msg: TgMessage, senderId: number): GuestEvent | undefined {
  if (msg.text !== undefined) {
    const start = START.exec(msg.text);
    if (start) {
      const ref = start[1]?.trim();
      return ref ? { type: 'start', ref } : { type: 'start' };
    }
    const command = COMMAND.exec(msg.text)?.[1]?.toLowerCase();
    if (command && COMMAND_WORDS.has(command)) return { type: 'text', text: command };
    return { type: 'text', text: msg.text };
  }
  if (msg.contact) {
    // Only the sender's own card proves their number; someone else's must be typed like any number.
    if (msg.contact.user_id !== senderId) return { type: 'media', kind: 'contact' };
    return { type: 'contact', phone: withPlus(msg.contact.phone_number) };
  }
  const fields = msg as Record<string, unknown>;
  const media = MEDIA.find(([field]) => fields[field] !== undefined);
  return media ? { type: 'media', kind: media[1] } : undefined;
}

/** Telegram often sends the number without its leading '+' (e.g. "447400123456"). */
function withPlus(phone: string): string {
  const trimmed = phone.trim().replace(/^00/, '');
  return trimmed.startsWith('+') ? trimmed : `+${trimmed}`;
}

function metaOf(from: { first_name?: string | undefined; last_name?: string | undefined; language_code?: string | undefined }): InboundMeta {
  const displayName = [from.first_name, from.last_name].filter((s) => s && s.trim() !== '').join(' ');
  return {
    ...(from.language_code ? { lang: from.language_code } : {}),
    ...(displayName ? { displayName } : {}),
  };
}

function isButtonId(data: string | undefined): data is ButtonId {
  return data !== undefined && (BUTTONS as readonly string[]).includes(data);
}
