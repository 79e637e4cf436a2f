import { de } from './de.js';
import { en, type Messages } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { type Language, languageOfTag } from './languages.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { pt } from './pt.js';

/** Every catalog, by language: a Record, so a language in LANGUAGES without its catalog does not compile. */
export const CATALOGS: Readonly<Record<Language, Messages>> = { en, es, fr, de, it, pt, nl, pl };

/** The guest's language ("es", "pt-BR", "de_AT"), falling back to English for one the bot does not speak. */
export function messagesFor(lang: string | undefined): Messages {
  return CATALOGS[languageOfTag(lang) ?? 'en'];
}

export type { Messages };
export * from './languages.js';
