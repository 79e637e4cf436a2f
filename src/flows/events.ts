import type { LanguageButton } from './messages/languages.js';

/**
 * Buttons a channel may render; a typed reply with the same meaning is always accepted too.
 * `language` offers the languages; `lang_xx` switches to one (messages/languages.ts).
 */
export const BUTTONS = [
  'confirm',
  'edit',
  'no_car',
  'use_known_phone',
  /** "Have you left?" after the guest said so (checkin/departure.ts). */
  'left_yes',
  'left_no',
  'edit_name',
  'edit_phone',
  'edit_email',
  'edit_car',
  'resend_pin',
  /** After check-in: "the code doesn't work" (on the PIN message and the checked-in message). */
  'code_trouble',
  'human',
  'language',
  'lang_en',
  'lang_es',
  'lang_fr',
  'lang_de',
  'lang_it',
  'lang_pt',
  'lang_nl',
  'lang_pl',
] as const satisfies readonly string[];
export type ButtonId = (typeof BUTTONS)[number];

/** Every language has its button (a language added to LANGUAGES without one fails here). */
const _everyLanguageHasAButton: LanguageButton extends ButtonId ? true : never = true;
void _everyLanguageHasAButton;

export type MediaKind = 'photo' | 'video' | 'audio' | 'voice' | 'sticker' | 'document' | 'location' | 'contact' | 'other';

/** What a guest did, channel-neutral. */
export type GuestEvent =
  /** The guest opened the chat (Telegram /start, possibly with a booking ref from a deep link). */
  | { type: 'start'; ref?: string }
  | { type: 'text'; text: string }
  | { type: 'button'; id: ButtonId }
  /** A phone number the platform vouches for (Telegram contact of the sender). */
  | { type: 'contact'; phone: string }
  | { type: 'media'; kind: MediaKind };

/** What the rest of the system tells a conversation. */
export type SystemEvent =
  /**
   * `renewed`: the booking's dates or room changed and its PIN was moved to the new locks and
   * window, so a guest who already had it must be told again (or told that the move failed).
   */
  | { type: 'pinReady'; ref: string; renewed?: boolean }
  | { type: 'pinFailed'; ref: string; reason: string; renewed?: boolean }
  /** The PIN was promised to the guest this long ago and is still not there. */
  | { type: 'pinDeadline'; ref: string }
  /** Staff say the guest has left (/checkout): the booking's code is to end soon (checkin/departure.ts). */
  | { type: 'staffCheckout'; by: string }
  /** The departure job shortened the booking's code: it ends at `endsAt` (`endsAtLabel`: its time on the property's clock). */
  | { type: 'codeShortened'; ref: string; endsAt: number; endsAtLabel: string; by?: string }
  /** The departure job could not shorten the code (for good): the code still works as before. */
  | { type: 'codeShortenFailed'; ref: string; reason: string; by?: string }
  /** A staff member takes the conversation over: the bot stops answering the guest. */
  | { type: 'staffTakeover'; by: string }
  /** Staff hand the conversation back to the bot, at the step it was on. */
  | { type: 'staffRelease'; by: string }
  /** A staff member writes to the guest (this also takes the conversation over). */
  | { type: 'staffMessage'; by: string; text: string }
  /** Staff ask for the PIN to be sent again to the chat that proved the booking. */
  | { type: 'staffResend'; by: string }
  /** Staff checked the guest's identity by hand: the held PIN may go to this chat. */
  | { type: 'staffApproved'; ref: string; by: string }
  /** The booking this chat had proved was cancelled. */
  | { type: 'bookingCancelled'; ref: string }
  /** Staff took the booking away from this chat (it had claimed it): its codes are being revoked. */
  | { type: 'bookingReassigned'; ref: string; by: string }
  /** Staff freed the booking this chat was refused (claimed by another): it may prove it again. */
  | { type: 'bookingFreed'; ref: string; by: string }
  /** Staff lifted the guessing limits on this chat. */
  | { type: 'staffUnlocked'; by: string }
  /**
   * The booking's code was checked on its locks because the guest said it does not work (a PIN
   * job run, src/jobs/pin.worker.ts). `busy`: the PIN job was already working on the booking, so
   * nothing was checked. `error`: the check itself could not be made (`reason`).
   */
  | { type: 'codeChecked'; ref: string; outcome: CodeCheckOutcome; locks: readonly LockFinding[]; reason?: string }
  /** The channel reported a message could not be delivered. */
  | { type: 'deliveryFailed'; reason: string; pin: boolean; guestBlocked?: boolean }
  /**
   * The lock records show the guest's code opened one of their doors for the first time (`lock`
   * names it: "the front door", `time` is the property's local HH:MM): staff hear the guest arrived and, with
   * `welcome` (ARRIVAL_MESSAGES), the guest is welcomed with their room and the Wi-Fi (`wifi`,
   * where properties.json has it).
   */
  | { type: 'guestArrived'; ref: string; lock: string; time: string; welcome: boolean; wifi?: { network: string; password: string } }
  /** The morning of check-out (CHECKOUT_REMINDER_TIME): the guest is reminded of the check-out time, local HH:MM. */
  | { type: 'checkoutReminder'; ref: string; checkOutTime: string };

export type FlowEvent = GuestEvent | SystemEvent;

export type CodeCheckOutcome = 'checked' | 'busy' | 'error';

/** What a check found on one lock of the booking: the code there, put back, or a lock that could not be checked or fixed. */
export interface LockFinding {
  lockId: number;
  role: 'front' | 'room';
  found: 'present' | 'readded' | 'failed';
  /** Why `failed` (for staff, English). */
  reason?: string;
}

export interface InboundMeta {
  /** Guest's language as the platform reports it (IETF tag, e.g. "en-GB"). */
  lang?: string;
  /** Phone number the platform knows for this chat (e.g. WhatsApp WaId), offered to the guest. */
  knownPhone?: string;
  displayName?: string;
}
