/**
 * What a language's catalog holds besides its sentences (en.ts): the labels of the buttons the
 * flow offers, the words a guest may type that the flow understands (en-words.ts), and the words
 * only one channel shows. Typed here, so every language must supply everything English has.
 */
import type { ButtonId } from '../events.js';
import type { IntentField, IntentKind } from '../parse/intent.js';
import type { EditableField } from '../state.js';
import type { LanguageButton } from './languages.js';

/**
 * Button labels, by button id. A channel without buttons shows them as "Reply 1 for …" or the
 * typed words the text already names. `human` is accepted from a channel but offered by no step;
 * the language buttons are labelled with each language's own name, the same in every catalog.
 */
export type ButtonLabels = Record<Exclude<ButtonId, 'human' | 'use_known_phone' | LanguageButton>, string> & {
  /** Offers the number the platform knows for this chat, formatted for display. */
  use_known_phone: (phone: string) => string;
};

/** The buttons whose label is a plain word of the catalog (the others take a value or are a language's name). */
export type FixedButton = Exclude<keyof ButtonLabels, 'use_known_phone'>;

/**
 * The commands a guest may type at any step (parse/intent.ts). Matched against the whole message
 * once it is folded (lower case, no accents: "SÍ" is "si", "zmień" is "zmien"), curly apostrophes
 * straightened, a leading "/" (and "@bot") and the punctuation and emoji at its ends removed:
 * phrases may be written with their accents, patterns are written folded. Patterns other than
 * `polite` are not global (no /g flag): they are tested, and a global one would carry its position
 * on to the next message.
 */
export interface IntentWords {
  /** Whole-message phrases for each command. */
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

/**
 * What a checked-in guest asks about, found anywhere in the message (not whole-message phrases:
 * only the checked-in step reads them, so no answer to a question can be taken for one). Tested on
 * the message folded (lower case, no accents, curly apostrophes straightened); not global.
 */
export interface AfterCheckinWords {
  /** Trouble that can only be the door: "the code is wrong", "I can't get in", "locked out". */
  codeTrouble: RegExp;
  /** Something does not work or open, whatever it is ("the TV doesn't work", "can't open the window"): the door only with `entry` or `code`, or said alone (`bare`). */
  notWorking: RegExp;
  /** The way in: door, lock, keypad, entrance, gate. */
  entry: RegExp;
  /** What is typed at the door: code, PIN, and the "password" many guests call it. */
  code: RegExp;
  /** A not-working message and nothing else ("not working", "it still doesn't work"): at the door, that is the code. Whole message. */
  bare: RegExp;
  /** The message names the Wi-Fi (wifi, wlan, internet, network): not the bare word "password". */
  wifi: RegExp;
  /** "Password" alone: the Wi-Fi's when nothing in the message is not working. */
  password: RegExp;
  /**
   * More than a question about the topic: a request or a problem ("late", "extend", "luggage",
   * "slow", "reset", "towed", "could we"). The property's answer is given and staff are asked too.
   */
  request: RegExp;
  parking: RegExp;
  checkOut: RegExp;
  address: RegExp;
  houseRules: RegExp;
  /** A plain "thank you" or "ok, great": answered kindly, not passed to staff as a question. */
  thanks: RegExp;
}

export interface Words {
  intent: IntentWords;
  afterCheckin: AfterCheckinWords;
  /** On the summary, one word alone picks the detail to change ("email"). Compared folded, with everything but letters and "-" dropped. */
  fieldWords: Readonly<Record<string, EditableField>>;
  /** Whole-message answers to the car question meaning none (parse/plate.ts), compared folded. */
  noCar: ReadonlySet<string>;
  /**
   * Whole messages saying the guest has left ("I've left", "ya nos fuimos"), read after check-in
   * (parse/departure.ts): compared folded, apostrophes straightened, punctuation and emoji dropped.
   */
  left: readonly RegExp[];
  /** A label word before a booking reference ("ref: AB1234"), stripped once (parse/ref.ts); not global, as above. Sees the text as typed. */
  refLabel: RegExp;
}

/** WhatsApp has no buttons: they become typed words the text names, or a numbered list. */
export interface WhatsAppWords {
  /**
   * The typed words the flow accepts for each button, as the text writes them (capitals). When the
   * message names them ("Reply YES to confirm, or EDIT ..."), a numbered list would only repeat it.
   */
  typed: Readonly<Record<Exclude<ButtonId, LanguageButton>, readonly string[]>>;
  /** "Reply 1 for Confirm, 2 for Edit." */
  numberedHint: (labels: readonly string[]) => string;
}

export const TELEGRAM_COMMANDS = ['start', 'pin', 'help', 'human', 'restart', 'lang'] as const;

/** What only the Telegram channel shows a guest. */
export interface TelegramWords {
  shareContactButton: string;
  /** At most 64 characters (Telegram's limit for input_field_placeholder). */
  contactPlaceholder: string;
  staleButton: string;
  /** Left in a group the bot was added to (in the language of whoever added it). */
  groupNote: string;
  /** The command menu, at most 256 characters each (setMyCommands, per language_code). */
  commands: Readonly<Record<(typeof TELEGRAM_COMMANDS)[number], string>>;
}
