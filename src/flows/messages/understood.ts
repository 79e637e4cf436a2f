/**
 * The words the flow understands from a guest writing in one language: that language's, then
 * English's (guests mix in English, and an invitation link types English words in for everyone).
 * Built once per language and compared folded (parse/text.ts), so accents are optional.
 */
import type { AfterCheckinWords, IntentWords } from './catalog.js';
import type { EditableField } from '../state.js';
import { foldWord } from '../parse/text.js';
import { en } from './en.js';
import { CATALOGS } from './index.js';
import type { Language } from './languages.js';

export interface Understood {
  intent: readonly IntentWords[];
  /** What a checked-in guest asks about: the guest's language, then English. */
  afterCheckin: readonly AfterCheckinWords[];
  noCar: readonly ReadonlySet<string>[];
  /** "I've left": the guest's language's patterns, then English's. */
  left: readonly RegExp[];
  /**
   * Every language's, the guest's first: the engine looks the booking up before the flow has
   * decided the language of a first message ("Reserva: AB1234" from a chat still in English), and
   * a label word before a ref means the same in any language.
   */
  refLabels: readonly RegExp[];
  /** On the summary, one word alone picks the detail to change: see `fieldWordOf`. */
  fieldWords: ReadonlyMap<string, EditableField>;
}

/** "Teléfono", "e-mail", "imię i nazwisko": folded, and everything but letters and "-" dropped. */
export function fieldWordKey(text: string): string {
  return foldWord(text).replace(/[^\p{L}-]/gu, '');
}

const cache = new Map<Language, Understood>();

export function understoodIn(lang: Language): Understood {
  let u = cache.get(lang);
  if (!u) {
    const words = lang === 'en' ? [en.words] : [CATALOGS[lang].words, en.words];
    const fieldWords = new Map<string, EditableField>();
    // The guest's language first: its meaning wins where a word means something else in English.
    for (const w of words) for (const [word, field] of Object.entries(w.fieldWords)) if (!fieldWords.has(fieldWordKey(word))) fieldWords.set(fieldWordKey(word), field);
    u = {
      intent: words.map((w) => w.intent),
      afterCheckin: words.map((w) => w.afterCheckin),
      noCar: words.map((w) => w.noCar),
      left: words.flatMap((w) => w.left),
      refLabels: [...new Set([...words, ...Object.values(CATALOGS).map((m) => m.words)].map((w) => w.refLabel))],
      fieldWords,
    };
    cache.set(lang, u);
  }
  return u;
}
