import type { ButtonId } from '../../flows/events.js';
import type { Button, SendEffect } from '../../flows/effects.js';
import { languageOfButton, messagesFor } from '../../flows/messages/index.js';

export interface RenderedMessage {
  text: string;
  /** Buttons offered as "Reply 1 for ...", in order; undefined when the text already says what to type. */
  numbered: ButtonId[] | undefined;
}

/**
 * A SendEffect as WhatsApp text, in the guest's language (`message.lang`): the PIN in *bold*, and
 * a typed alternative for buttons WhatsApp cannot show.
 */
export function renderMessage(message: SendEffect): RenderedMessage {
  let text = message.secret ? boldSecret(message.text, message.secret.redacted) : message.text;
  const buttons = message.buttons ?? [];
  if (buttons.length === 0 || buttons.every((b) => offeredAsWord(message.text, b.id, message.lang))) return { text, numbered: undefined };
  text = `${text}\n\n${numberedHint(buttons, message.lang)}`;
  return { text, numbered: buttons.map((b) => b.id) };
}

/** "Reply 1 for Confirm, 2 for Edit.", in the guest's language (src/flows/messages). */
export function numberedHint(buttons: readonly Button[], lang?: string): string {
  return messagesFor(lang).whatsapp.numberedHint(buttons.map((b) => b.label));
}

/**
 * The message already names the typed word for this button ("Reply YES to confirm, or EDIT ..."):
 * a numbered list would only repeat it. The words are the catalog's (`whatsapp.typed`), in capitals
 * of any alphabet ("SÍ", "ÄNDERN", "JĘZYK"); a language's own button is never offered as a word.
 */
function offeredAsWord(text: string, id: ButtonId, lang: string | undefined): boolean {
  if (languageOfButton(id)) return false;
  const typed = messagesFor(lang).whatsapp.typed[id as Exclude<ButtonId, `lang_${string}`>];
  return typed.some((word) => new RegExp(`(^|[^\\p{Lu}])${escape(word)}([^\\p{Lu}]|$)`, 'u').test(text));
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Bolds what differs between the text and its redacted twin (the code itself): WhatsApp shows
 * *…* as bold, and the guest reads the code off the screen at a keypad.
 */
function boldSecret(text: string, redacted: string): string {
  const lines = text.split('\n');
  const hidden = redacted.split('\n');
  if (lines.length !== hidden.length) return text;
  return lines
    .map((line, i) => {
      const other = hidden[i] ?? '';
      if (line === other) return line;
      let start = 0;
      while (start < line.length && start < other.length && line[start] === other[start]) start++;
      let end = 0;
      while (end < line.length - start && end < other.length - start && line[line.length - 1 - end] === other[other.length - 1 - end]) end++;
      const secret = line.slice(start, line.length - end).trim();
      if (secret === '' || secret.includes('*')) return line;
      const at = line.indexOf(secret, start);
      return `${line.slice(0, at)}*${secret}*${line.slice(at + secret.length)}`;
    })
    .join('\n');
}

/** The quick-reply template replaces exactly the confirm/edit pair (the summary and its re-prompt). */
export function isConfirmPrompt(message: SendEffect): boolean {
  const ids = (message.buttons ?? []).map((b) => b.id).sort();
  return message.secret === undefined && ids.length === 2 && ids[0] === 'confirm' && ids[1] === 'edit';
}
