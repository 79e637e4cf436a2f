/**
 * The languages the bot speaks, and what a guest may call them. A new language is a code here, a
 * catalog beside en.ts and its words beside en-words.ts, and a line in index.ts; the catalog test
 * (test/flows/messages/catalogs.test.ts) then says what is missing.
 */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language in its own words: how the language buttons and lists show it, whatever the guest's language. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
  it: 'Italiano',
  pt: 'Português',
  nl: 'Nederlands',
  pl: 'Polski',
};

/** What staff read (they read English, or STAFF_LANGUAGE once it has texts of its own). */
export const LANGUAGE_NAMES_EN: Readonly<Record<Language, string>> = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  de: 'German',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  pl: 'Polish',
};

/**
 * A whole message naming a language ("español", "Deutsch", "inglés") switches to it: each
 * language's name in each of the languages, as typed without accents (parse/text.ts `foldWord`
 * compares them). Not the Dutch "Frans" (French): it is also a first name.
 */
const NAMES: Readonly<Record<Language, readonly string[]>> = {
  en: ['english', 'ingles', 'anglais', 'englisch', 'inglese', 'engels', 'angielski'],
  es: ['espanol', 'castellano', 'spanish', 'espagnol', 'spanisch', 'spagnolo', 'espanhol', 'spaans', 'hiszpanski'],
  fr: ['francais', 'french', 'frances', 'franzosisch', 'francese', 'francuski'],
  de: ['deutsch', 'german', 'aleman', 'allemand', 'tedesco', 'alemao', 'duits', 'niemiecki'],
  it: ['italiano', 'italian', 'italien', 'italienisch', 'italiaans', 'wloski'],
  pt: ['portugues', 'portuguese', 'portugais', 'portugiesisch', 'portoghese', 'portugees', 'portugalski'],
  nl: ['nederlands', 'dutch', 'neerlandes', 'holandes', 'neerlandais', 'hollandais', 'niederlandisch', 'hollandisch', 'olandese', 'niderlandzki', 'holenderski'],
  pl: ['polski', 'polish', 'polaco', 'polonais', 'polnisch', 'polacco', 'pools'],
};

export const LANGUAGE_WORDS: ReadonlyMap<string, Language> = new Map(
  (Object.entries(NAMES) as Array<[Language, readonly string[]]>).flatMap(([lang, names]) => names.map((n) => [n, lang] as const)),
);

/** "lang es", "idioma inglés", "Sprache fr": the word for "language" in any of them, then a language (folded). */
export const LANGUAGE_COMMANDS: ReadonlySet<string> = new Set(['lang', 'language', 'idioma', 'langue', 'sprache', 'lingua', 'taal', 'jezyk']);

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A language tag as platforms send it ("es-MX", "pt_BR", "DE") → a language the bot speaks, if it does. */
export function languageOfTag(tag: string | undefined): Language | undefined {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

/** The button that switches to a language: `lang_es`. */
export type LanguageButton = `lang_${Language}`;
export const LANGUAGE_BUTTONS = LANGUAGES.map((l) => `lang_${l}` as const);

export function languageOfButton(id: string): Language | undefined {
  const code = id.startsWith('lang_') ? id.slice(5) : undefined;
  return isLanguage(code) ? code : undefined;
}

/** The other languages by their own names, for the line under the welcome that says how to switch. */
export function otherLanguageNames(lang: Language): string {
  return LANGUAGES.filter((l) => l !== lang)
    .map((l) => LANGUAGE_NAMES[l])
    .join(' · ');
}
