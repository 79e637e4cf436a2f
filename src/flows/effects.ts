import type { ButtonId } from './events.js';
import type { Language } from './messages/languages.js';

export const ALERT_KINDS = [
  'human_requested',
  'ref_attempts',
  'identity_mismatch',
  'identity_locked',
  'approval_needed',
  'lookups_paused',
  'claimed_elsewhere',
  'booking_cancelled',
  'pin_failed',
  'pin_late',
  /** A departed guest's door code could not be shortened (it still works until the booked check-out). */
  'checkout_failed',
  'delivery_failed',
  'guest_blocked',
  'bot_error',
  /** The daily lock check found a lock to fix (clock, timezone, battery, gateway): about a lock, not a booking. */
  'lock_attention',
  /** A proactive WhatsApp invitation (INVITE_HOURS_BEFORE_CHECKIN) was refused or not delivered. */
  'invite_failed',
  /** A booking feed failing for an hour, or answering what looks like a glitch: about a feed, not a booking. */
  'booking_feed',
  /** URGENT: a checked-in guest says the door code still fails after the bot checked it on the locks (or could not check). */
  'code_not_working',
  /** A checked-in guest asked something the bot cannot answer: staff answer in the topic. */
  'guest_question',
  /** A guest failed the same question three times in a row: they were offered a person. */
  'guest_stuck',
  /** Codes refused again and again at a front door while guests are arriving: about a lock, naming the bookings arriving. */
  'wrong_codes',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Button {
  id: ButtonId;
  label: string;
}

export type Effect =
  /**
   * A message to the guest. `secret` marks text carrying the PIN: logs and staff mirrors
   * get `redacted` instead.
   */
  | {
      type: 'send';
      text: string;
      buttons?: Button[];
      askContact?: boolean;
      secret?: { redacted: string };
      from?: 'bot' | 'staff';
      /** The guest's language, for the words a channel adds itself (WhatsApp's "Reply 1 for …"); absent: English. */
      lang?: Language;
      /**
       * A message the guest did not just ask for (the arrival welcome, the check-out reminder).
       * WhatsApp sends it as text only within 24 h of the guest's last message, beyond that only
       * as this approved template with these variables (or not at all), and never to a guest who
       * wrote STOP. Without a template (a message no approved template says, like the result of a
       * staff /checkout) it is not sent beyond the window, and staff are told why.
       */
      proactive?: { template: ProactiveTemplate; variables: Record<string, string> } | { template?: undefined };
    }
  | { type: 'enqueuePin'; ref: string }
  /** Check the booking's code on its locks, put it back where it is missing; the result comes back as `codeChecked`. */
  | { type: 'checkCode'; ref: string }
  | { type: 'schedulePinDeadline'; ref: string; delayMs: number }
  /** `once`: raised at most once per key while the key lives (a limit reached by many chats at once). */
  | { type: 'alertStaff'; kind: AlertKind; ref: string | undefined; detail: string; once?: { key: string; ttlSeconds: number } }
  /** Something staff following the conversation should know, that needs no action (a mirror line; nothing without a staff mirror). */
  | { type: 'note'; text: string }
  /** End the booking's code at `endsAt` on every lock, in place (the departure job); `by`: the staff member who asked. */
  | { type: 'shortenCode'; ref: string; endsAt: number; by?: string }
  /** `by`: the staff member who did it (unset: the bot, on the guest's behalf). */
  | { type: 'audit'; ref: string; action: string; detail?: string; by?: string };

export type SendEffect = Extract<Effect, { type: 'send' }>;

/** The approved WhatsApp templates a proactive message may need (TWILIO_WELCOME_CONTENT_SID, TWILIO_CHECKOUT_CONTENT_SID). */
export type ProactiveTemplate = 'welcome' | 'checkout';
