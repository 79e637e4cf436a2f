/**
 * What a language's catalog holds besides its sentences (en.ts): the labels of the buttons the
 * flow offers, and the words a guest may type that the flow understands (en-words.ts). Typed
 * here, so a second language must supply everything the first one has.
 */
import type { ButtonId } from '../events.js';
import type { IntentField, IntentKind } from '../parse/intent.js';
import type { EditableField } from '../state.js';

/**
 * Button labels, by button id. A channel without buttons shows them as "Reply 1 for …" or the
 * typed words the text already names. `human` is accepted from a channel but offered by no step.
 */
export type ButtonLabels = Record<Exclude<ButtonId, 'human' | 'use_known_phone'>, string> & {
  /** Offers the number the platform knows for this chat, formatted for display. */
  use_known_phone: (phone: string) => string;
};

/** The buttons whose label is a plain word (the others take a value). */
export type FixedButton = Exclude<keyof ButtonLabels, 'use_known_phone'>;

/**
 * The commands a guest may type at any step (parse/intent.ts). Matched against the whole message
 * once it is lower-cased, curly apostrophes straightened, a leading "/" (and "@bot") and the
 * punctuation and emoji at its ends removed. Patterns other than `polite` are not global (no /g
 * flag): they are tested, and a global one would carry its position on to the next message.
 */
export interface IntentWords {
  /** Whole-message phrases for each command, lower-case. */
  phrases: Readonly<Record<IntentKind, readonly string[]>>;
  /** Names of the details in an `edit` sentence, looked up whole. */
  fields: ReadonlyMap<string, IntentField>;
  /** "change my email", "wrong phone": group 1 names the detail, looked up in `fields`. */
  edit: readonly RegExp[];
  /** Asking for a person in a sentence ("can I speak to someone"). */
  human: RegExp;
  /** Asking for the door code again in a sentence ("send me my code"). */
  resend: readonly RegExp[];
  /** Politeness around a command ("please help"), removed before matching: a global pattern. */
  polite: RegExp;
}

export interface Words {
  intent: IntentWords;
  /**
   * On the summary, one word alone picks the detail to change ("email"). Looked up after
   * everything but a-z and "-" is dropped (a language with other letters needs that widened).
   */
  fieldWords: Readonly<Record<string, EditableField>>;
  /** Whole-message answers to the car question meaning none (parse/plate.ts), lower-case. */
  noCar: ReadonlySet<string>;
  /** A label word before a booking reference ("ref: AB1234"), stripped once (parse/ref.ts); not global, as above. */
  refLabel: RegExp;
}
