import type { InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'telegraf/types';
import type { Button, SendEffect } from '../../flows/effects.js';
import { messagesFor } from '../../flows/messages/index.js';
import { MESSAGE_LIMIT, splitText } from '../telegram-api/split-text.js';

/** One sendMessage, minus the chat id. No parse_mode: text goes out verbatim, formatting is by entities. */
export interface OutgoingMessage {
  text: string;
  entities?: MessageEntity[];
  reply_markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;
}

/** Labels longer than this get a row of their own; shorter ones sit two to a row. */
const SHORT_LABEL = 16;

/**
 * A flow message as Telegram messages. Plain text with no parse mode means a guest's name, a
 * property name or instructions with `<b>`, `*` or `_` in them can never break a reply; the PIN
 * is made bold with an entity instead of markup.
 *
 * Markup rides on the last chunk: inline buttons, or the share-contact keyboard, or, on any other
 * message, `remove_keyboard` so the contact keyboard goes away once the phone question is over.
 * (A message with inline buttons cannot also remove it; the next plain message does.)
 */
export function renderMessage(effect: SendEffect, limit = MESSAGE_LIMIT): OutgoingMessage[] {
  const span = effect.secret ? secretSpan(effect.text, effect.secret.redacted) : undefined;
  const chunks = splitText(effect.text, limit);
  return chunks.map((chunk, i) => {
    const message: OutgoingMessage = { text: chunk.text };
    if (span) {
      const from = Math.max(span.offset, chunk.start);
      const to = Math.min(span.offset + span.length, chunk.start + chunk.text.length);
      if (to > from) message.entities = [{ type: 'bold', offset: from - chunk.start, length: to - from }];
    }
    if (i === chunks.length - 1) message.reply_markup = markupFor(effect);
    return message;
  });
}

function markupFor(effect: SendEffect): OutgoingMessage['reply_markup'] {
  // The flow never asks for both; inline buttons win since a reply keyboard cannot sit beside them.
  if (effect.buttons && effect.buttons.length > 0) return { inline_keyboard: buttonRows(effect.buttons) };
  if (effect.askContact) {
    const words = messagesFor(effect.lang).telegram;
    return {
      keyboard: [[{ text: words.shareContactButton, request_contact: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
      input_field_placeholder: words.contactPlaceholder,
    };
  }
  return { remove_keyboard: true };
}

function buttonRows(buttons: Button[]): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  let row: InlineKeyboardButton[] = [];
  for (const b of buttons) {
    // callback_data is the ButtonId itself: short (Telegram allows 64 bytes) and read back as-is.
    const button: InlineKeyboardButton = { text: b.label, callback_data: b.id };
    if (b.label.length > SHORT_LABEL) {
      if (row.length > 0) rows.push(row);
      rows.push([button]);
      row = [];
      continue;
    }
    row.push(button);
    if (row.length === 2) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Where the secret (the PIN) sits in `text`: the part that differs from its redacted copy. */
export function secretSpan(text: string, redacted: string): { offset: number; length: number } | undefined {
  let prefix = 0;
  while (prefix < text.length && prefix < redacted.length && text[prefix] === redacted[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < text.length - prefix &&
    suffix < redacted.length - prefix &&
    text[text.length - 1 - suffix] === redacted[redacted.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const length = text.length - prefix - suffix;
  return length > 0 ? { offset: prefix, length } : undefined;
}
