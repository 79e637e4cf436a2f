/**
 * What a guest's message asks for, when it is a command rather than an answer. The words are the
 * message catalogs' (messages/en-words.ts for English); this file only normalises and matches.
 * Whole messages only: answers to the flow's questions must never read as commands.
 */
import type { IntentWords } from '../messages/catalog.js';
import { enWords } from '../messages/en-words.js';
import { type Language, LANGUAGE_COMMANDS, LANGUAGE_WORDS, languageOfTag } from '../messages/languages.js';
import { cleanInput, foldWord } from './text.js';

export type Intent =
  | { kind: 'help' }
  | { kind: 'restart' }
  | { kind: 'human' }
  | { kind: 'back' }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'resend' }
  | { kind: 'edit'; field?: 'name' | 'phone' | 'email' | 'car' }
  /** Switch to `lang`, or (without it) offer the languages. */
  | { kind: 'language'; lang?: Language };

export type IntentKind = Intent['kind'];
export type IntentField = NonNullable<Extract<Intent, { kind: 'edit' }>['field']>;

interface Tables {
  exact: Map<string, IntentKind>;
  fields: Map<string, IntentField>;
}

/** Each language's phrases and detail names as folded lookup tables, built once per catalog. */
const tables = new WeakMap<IntentWords, Tables>();

function tablesOf(words: IntentWords): Tables {
  let t = tables.get(words);
  if (!t) {
    t = {
      exact: new Map<string, IntentKind>(
        Object.entries(words.phrases).flatMap(([kind, phrases]) => phrases.map((p) => [foldWord(p), kind as IntentKind] as const)),
      ),
      fields: new Map([...words.fields].map(([name, field]) => [foldWord(name), field])),
    };
    tables.set(words, t);
  }
  return t;
}

/** Punctuation, symbols (emoji are symbols) and the skin-tone modifiers/ZWJ glue that ride along with them. */
const EDGE_NOISE = /^[\p{P}\p{S}\p{Emoji_Modifier}\uFE0F\s]+|[\p{P}\p{S}\p{Emoji_Modifier}\uFE0F\s]+$/gu;

/** Folded (no case, no accents: parse/text.ts), so "SÍ", "sí" and "si" are one word; patterns are written folded. */
function normalise(text: string): string {
  return foldWord(text)
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

/** "lang es", "/lang pt-BR", "idioma español": a language command naming the language, in any of the languages. */
function namedLanguage(s: string, exact: Map<string, IntentKind>): Intent | undefined {
  const byName = LANGUAGE_WORDS.get(s);
  if (byName) return { kind: 'language', lang: byName };
  const space = s.lastIndexOf(' ');
  if (space < 1) return undefined;
  const command = s.slice(0, space);
  if (!LANGUAGE_COMMANDS.has(command) && exact.get(command) !== 'language') return undefined;
  const named = s.slice(space + 1);
  const lang = LANGUAGE_WORDS.get(named) ?? languageOfTag(named);
  return lang ? { kind: 'language', lang } : { kind: 'language' };
}

function inOneLanguage(input: string, words: IntentWords): Intent | undefined {
  const { exact, fields } = tablesOf(words);
  const whole = normalise(input);
  // Emoji and "?" are phrases in their own right, so they are tried before noise stripping erases them.
  const direct = exact.get(whole);
  if (direct) return { kind: direct } as Intent;

  const s = stripNoise(whole, words.polite);
  if (s === '') return undefined;
  const kind = exact.get(s);
  if (kind) return { kind } as Intent;
  const language = namedLanguage(s, exact);
  if (language) return language;
  if (words.human.test(s)) return { kind: 'human' };
  if (words.resend.some((p) => p.test(s))) return { kind: 'resend' };
  for (const pattern of words.edit) {
    const field = fields.get(pattern.exec(s)?.[1] ?? '');
    if (field) return { kind: 'edit', field };
  }
  return undefined;
}

/**
 * `words`: the guest's language first, then English (messages/understood.ts): the first language
 * that reads the message as a command wins.
 */
export function parseIntent(text: string, words: IntentWords | readonly IntentWords[] = enWords.intent): Intent | undefined {
  const input = cleanInput(text);
  if (!input.ok) return undefined;
  for (const w of Array.isArray(words) ? words : [words as IntentWords]) {
    const intent = inOneLanguage(input.value, w);
    if (intent) return intent;
  }
  return undefined;
}
