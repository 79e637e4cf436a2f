/**
 * What a guest's message asks for, when it is a command rather than an answer. The words are the
 * message catalog's (messages/en-words.ts for English); this file only normalises and matches.
 * Whole messages only: answers to the flow's questions must never read as commands.
 */
import type { IntentWords } from '../messages/catalog.js';
import { enWords } from '../messages/en-words.js';
import { cleanInput } from './text.js';

export type Intent =
  | { kind: 'help' }
  | { kind: 'restart' }
  | { kind: 'human' }
  | { kind: 'back' }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'resend' }
  | { kind: 'edit'; field?: 'name' | 'phone' | 'email' | 'car' };

export type IntentKind = Intent['kind'];
export type IntentField = NonNullable<Extract<Intent, { kind: 'edit' }>['field']>;

/** Each language's phrases as one lookup table, built once per catalog. */
const exactTables = new WeakMap<IntentWords, Map<string, IntentKind>>();

function exactTable(words: IntentWords): Map<string, IntentKind> {
  let table = exactTables.get(words);
  if (!table) {
    table = new Map<string, IntentKind>(
      Object.entries(words.phrases).flatMap(([kind, phrases]) => phrases.map((p) => [p, kind as IntentKind] as const)),
    );
    exactTables.set(words, table);
  }
  return table;
}

/** Punctuation, symbols (emoji are symbols) and the skin-tone modifiers/ZWJ glue that ride along with them. */
const EDGE_NOISE = /^[\p{P}\p{S}\p{Emoji_Modifier}\uFE0F\s]+|[\p{P}\p{S}\p{Emoji_Modifier}\uFE0F\s]+$/gu;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[\uFE0F\p{Emoji_Modifier}]/gu, '');
}

function stripNoise(text: string, polite: RegExp): string {
  let s = text
    // Telegram sends "/help@SomeBot" in groups; the bot name is addressing, not content.
    .replace(/^\/([a-z_]+)@\w+$/, '$1')
    .replace(/^\//, '');
  s = s.replace(EDGE_NOISE, '');
  s = s.replace(polite, '');
  return s.replace(EDGE_NOISE, '');
}

function toIntent(kind: IntentKind): Intent {
  return { kind };
}

export function parseIntent(text: string, words: IntentWords = enWords.intent): Intent | undefined {
  const input = cleanInput(text);
  if (!input.ok) return undefined;
  const exact = exactTable(words);
  const whole = normalise(input.value);
  // Emoji and "?" are phrases in their own right, so they are tried before noise stripping erases them.
  const direct = exact.get(whole);
  if (direct) return toIntent(direct);

  const s = stripNoise(whole, words.polite);
  if (s === '') return undefined;
  const kind = exact.get(s);
  if (kind) return toIntent(kind);
  if (words.human.test(s)) return { kind: 'human' };
  if (words.resend.some((p) => p.test(s))) return { kind: 'resend' };
  for (const pattern of words.edit) {
    const field = words.fields.get(pattern.exec(s)?.[1] ?? '');
    if (field) return { kind: 'edit', field };
  }
  return undefined;
}
