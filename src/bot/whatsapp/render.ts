import type { ButtonId } from '../../flows/events.js';
import type { Button, SendEffect } from '../../flows/effects.js';

/**
 * The typed words the flow already accepts for each button. When the message text tells the
 * guest to type them ("Reply YES to confirm, or EDIT ..."), a numbered list would only repeat it.
 * A Record, so a new button cannot be added to the flow without deciding its WhatsApp wording.
 */
const TYPED_WORDS: Record<ButtonId, readonly string[]> = {
  confirm: ['YES', 'CONFIRM'],
  edit: ['EDIT', 'CHANGE'],
  no_car: ['NO CAR'],
  use_known_phone: ['YES'],
  edit_name: ['NAME'],
  edit_phone: ['PHONE'],
  edit_email: ['EMAIL'],
  edit_car: ['CAR'],
  resend_pin: ['PIN'],
  human: ['HUMAN'],
};

export interface RenderedMessage {
  text: string;
  /** Buttons offered as "Reply 1 for ...", in order; undefined when the text already says what to type. */
  numbered: ButtonId[] | undefined;
}

/** A SendEffect as WhatsApp text: the PIN in *bold*, and a typed alternative for buttons WhatsApp cannot show. */
export function renderMessage(message: SendEffect): RenderedMessage {
  let text = message.secret ? boldSecret(message.text, message.secret.redacted) : message.text;
  const buttons = message.buttons ?? [];
  if (buttons.length === 0 || buttons.every((b) => offeredAsWord(message.text, b.id))) return { text, numbered: undefined };
  text = `${text}\n\n${numberedHint(buttons)}`;
  return { text, numbered: buttons.map((b) => b.id) };
}

export function numberedHint(buttons: readonly Button[]): string {
  return `Reply ${buttons.map((b, i) => `${i + 1} for ${b.label}`).join(', ')}.`;
}

function offeredAsWord(text: string, id: ButtonId): boolean {
  return TYPED_WORDS[id].some((word) => new RegExp(`(^|[^A-Z])${word}([^A-Z]|$)`).test(text));
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
