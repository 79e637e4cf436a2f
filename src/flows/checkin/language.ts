/**
 * Which language the bot writes in. Decided here, from what arrives with each guest message: the
 * language the guest's app reports (`ctx.platformLang`), the guest's own words, the country of the
 * number the platform knows (`knownPhone`), the property's default (`ctx.defaultLang`); or the
 * guest's explicit choice. A weaker reason gives way to a stronger one at once (state.ts,
 * LANGUAGE_SOURCES); once a language was detected or chosen, only a run of messages in another
 * language switches it, so one English "ok" from a Spanish guest changes nothing.
 */
import type { GuestEvent } from '../events.js';
import { type Language, LANGUAGE_NAMES_EN, LANGUAGES, languageOfTag } from '../messages/languages.js';
import { detectLanguage, languageOfPhone } from '../parse/language.js';
import { parseRef } from '../parse/ref.js';
import type { LanguageSource } from '../state.js';
import type { Turn } from './turn.js';

/** Messages in a row in another language that switch to it. */
const SWITCH_AFTER = 3;

const STRENGTH: Record<LanguageSource, number> = { default: 0, phone: 1, platform: 2, detected: 3, chosen: 4 };

const WHY: Record<LanguageSource, string> = {
  default: "the property's default language",
  phone: "their phone number's country",
  platform: 'the language their app is set to',
  detected: 'the language of their messages',
  chosen: 'chosen by the guest',
};

/** Sets the chat's language and why; staff following the chat see it change. */
export function setLanguage(t: Turn, lang: Language, source: LanguageSource): void {
  if (lang === t.state.lang && source === t.state.langSource) return;
  const changed = lang !== t.state.lang;
  t.set({ lang, langSource: source, langStreak: undefined });
  if (changed) t.emit({ type: 'note', text: `Guest's language: ${LANGUAGE_NAMES_EN[lang]} (${lang}), from ${WHY[source]}.` });
}

/** Before a guest event is answered: the language it should be answered in. */
export function adaptLanguage(t: Turn, event: GuestEvent): void {
  const detected = event.type === 'text' ? detectedIn(t, event.text) : undefined;
  if (detected) return onDetected(t, detected);
  if (STRENGTH[t.state.langSource] >= STRENGTH.detected) return;
  const platform = languageOfTag(t.ctx.platformLang);
  if (platform) return setLanguage(t, platform, 'platform');
  if (t.state.langSource === 'platform') return; // the app said so once; a message without it changes nothing
  const phone = languageOfPhone(t.state.knownPhone);
  if (phone) return setLanguage(t, phone, 'phone');
  setLanguage(t, t.ctx.defaultLang ?? 'en', 'default');
}

/**
 * A language the guest's words clearly are in. Not a name (a name's words are no language: "Anna
 * von der Leyen" is not German) and not a booking reference, even with label words around it
 * (an invitation link types "Check-in, booking AB1234" in English for every guest).
 */
function detectedIn(t: Turn, text: string): Language | undefined {
  if (t.state.step === 'name') return undefined;
  if (parseRef(text, t.words.refLabels).ok) return undefined;
  return detectLanguage(text)?.lang;
}

function onDetected(t: Turn, lang: Language): void {
  const s = t.state;
  if (lang === s.lang) {
    // Confirms the language: a guess from the phone becomes what the guest writes.
    if (STRENGTH[s.langSource] < STRENGTH.detected) t.set({ langSource: 'detected' });
    if (s.langStreak) t.set({ langStreak: undefined });
    return;
  }
  // Before the booking (the first messages), the guest's own words decide at once, unless they chose.
  const early = s.step === 'ref' && s.langSource !== 'chosen';
  if (early || STRENGTH[s.langSource] < STRENGTH.platform) return setLanguage(t, lang, 'detected');
  const count = s.langStreak?.lang === lang ? s.langStreak.count + 1 : 1;
  if (count >= SWITCH_AFTER) return setLanguage(t, lang, 'detected');
  t.set({ langStreak: { lang, count } });
}

/** The language buttons, each language by its own name. */
export function languageButtons(t: Turn) {
  return LANGUAGES.map((l) => t.languageButton(l));
}
