import type { AlertKind } from '../../flows/effects.js';
import { LANGUAGE_NAMES_EN, type Language } from '../../flows/messages/languages.js';
import type { Channel } from '../../flows/state.js';

/**
 * What staff read in the group, in STAFF_LANGUAGE (`staffTextsFor`), whatever language the guest
 * writes in; staff words relayed to a guest go as typed. Guest-facing words live in src/flows/messages.
 * English is the only staff language written so far; the details of alerts and notes come from the
 * flow, in English.
 */
export const CHANNEL_LABELS: Record<Channel, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', console: 'Console' };

export const ALERT_TITLES: Record<AlertKind, string> = {
  human_requested: 'Guest asked for a person',
  ref_attempts: 'Too many unknown booking references',
  identity_mismatch: 'Identity not proven: door code held',
  identity_locked: 'Identity tries used up for this booking',
  approval_needed: 'Door code waits for approval',
  lookups_paused: 'Booking look-ups paused for everyone',
  claimed_elsewhere: 'Booking already checked in from another chat',
  booking_cancelled: 'Booking is cancelled',
  pin_failed: 'Door code could not be created',
  pin_late: 'Door code is late',
  checkout_failed: 'Door code could not be shortened at check-out',
  delivery_failed: 'Message not delivered',
  guest_blocked: 'Guest blocked the bot',
  bot_error: 'Bot error',
  lock_attention: 'Lock needs attention',
  invite_failed: 'WhatsApp invitation not delivered',
  booking_feed: 'Booking feed needs attention',
  code_not_working: 'URGENT: guest at the door, code not working',
  guest_question: 'Guest has a question',
  guest_stuck: 'Guest is stuck on a question',
  wrong_codes: 'Wrong codes tried at the front door',
};

/** Alerts about the building rather than a guest: their heading names no booking. */
export const LOCK_ALERTS: ReadonlySet<AlertKind> = new Set(['lock_attention', 'booking_feed', 'wrong_codes']);

/** What staff can do about it, right under the alert. */
export const ALERT_HINTS: Partial<Record<AlertKind, string>> = {
  human_requested: 'Write here to answer them (that pauses the bot); /release hands back.',
  ref_attempts: 'Write here to help them (that pauses the bot); /unlock lets them look up references again.',
  identity_mismatch: 'No door code is made. Check who they are against the booking (its phone and email are in your booking system, or GET /admin/bookings/<ref>), then /approve; /status shows the booking.',
  identity_locked: '/approve the right guest\'s chat, or /unlock in it to let them try again.',
  approval_needed: '/approve makes the door code go to this guest; /status shows the booking.',
  lookups_paused: 'Someone may be guessing references. /unlock in a guest\'s topic lets that chat look up again.',
  claimed_elsewhere: 'Write here to talk to this guest; /status shows the booking. If this is the real guest, /reassign here gives them the booking.',
  pin_failed: 'The guest was told staff are on it. Once fixed, /resend or /status pin.',
  pin_late: 'The guest was told staff are on it.',
  checkout_failed: 'The guest was told staff are on it. Shorten or remove the code by hand (npm run locks -- list <lock id>), or /checkout again once the locks answer.',
  delivery_failed: 'Reach the guest another way (the reason above says why it failed); if it was the door code, /resend tries again.',
  guest_blocked: 'The bot cannot write to this guest any more; call them.',
  invite_failed: 'The guest was not invited: send them the links by email (GET /admin/bookings/<ref>/invite or npm run bookings:invite -- <ref>).',
  lock_attention: 'npm run locks -- health shows every lock (clock, timezone, battery, gateway, codes); sync-time <lock id> sets a clock. Until it is fixed, this lock\'s codes may open at the wrong times and its openings go unseen.',
  booking_feed: 'npm run bookings:sync -- --dry-run shows what every feed says now and what a sync would do.',
  code_not_working:
    'Someone needs to let the guest in now: call them, or go. npm run locks -- list <lock id> shows the codes a lock holds; /status pin shows the digits.',
  guest_question: 'Write here to answer (that pauses the bot; /release hands back).',
  guest_stuck: 'Write here to help them with the answer (that pauses the bot; /release hands back).',
  wrong_codes: 'An arriving guest may be typing a wrong code (or someone is guessing): check in with the guests arriving; /status in their topic shows their booking.',
};

/** The staff chat's command menu (what /help says, shorter). */
export const STAFF_COMMANDS = [
  { command: 'takeover', description: 'Pause the bot; your messages go to the guest' },
  { command: 'release', description: 'Hand back to the bot' },
  { command: 'approve', description: 'Release the door code held for identity (admins)' },
  { command: 'reassign', description: 'Take the booking from the chat that claimed it (admins)' },
  { command: 'unlock', description: 'Let this chat try refs and identity again (admins)' },
  { command: 'resend', description: 'Send the door code again' },
  { command: 'checkout', description: 'Guest has left: code ends in 15 min (admins)' },
  { command: 'status', description: 'Booking, step, door code (/status pin: digits)' },
  { command: 'help', description: 'What staff can do here' },
] as const;

export const staffTexts = {
  help: [
    'In a guest\'s topic:',
    '/takeover: pause the bot; what you write here then goes to the guest',
    '(any message you write here also takes over and goes to the guest)',
    '/release: hand back to the bot, at the step it was on',
    '/approve: release the door code held because the guest did not prove the booking (admins)',
    '/reassign: take the booking away from the chat that claimed it; its codes come off the locks (admins)',
    '/unlock: let this chat look up references and prove its booking again (admins)',
    '/resend: send the door code again to the guest\'s verified chat',
    '/checkout: the guest has left; their door code stops working in 15 minutes and the stay ends then (admins)',
    '/status: booking, step and door code (/status pin shows the digits; admins)',
  ].join('\n'),
  helpWithoutTopics: 'Without topics, reply to any post of a guest to address them.',
  outsideConversation: (topics: boolean) =>
    topics ? 'Use this inside a guest\'s topic. /help lists the commands.' : 'Reply to one of the guest\'s posts with this. /help lists the commands.',
  unknownCommand: (name: string) => `Unknown command /${name}. /help lists the commands.`,
  noConversation: 'I have no record of this conversation any more.',
  alreadyTakenOver: 'Already taken over: the bot is paused. What you write here goes to the guest; /release hands back.',
  notTakenOver: 'The bot already has this conversation (nobody took it over).',
  nothingToApprove: (why: string) => `Nothing to approve: ${why}.`,
  nothingToReassign: (why: string) => `Nothing to reassign: ${why}.`,
  nothingToCheckOut: (why: string) => `Not checked out: ${why}.`,
  reassigned: (ref: string, fromThisChat: boolean) =>
    fromThisChat
      ? `Booking ${ref} taken away from this chat: its door codes are coming off the locks, and the next chat that proves the booking gets a new code.`
      : `Booking ${ref} taken away from the chat that had it: its door codes are coming off the locks. This guest's details are being checked again; a new code follows if they match.`,
  alreadyReassigned: (ref: string) => `Booking ${ref} was already taken from the chat that had it; its door codes are coming off the locks.`,
  unlocked: (ref: string | undefined) =>
    `Unlocked: this chat can look up booking references again${ref ? `, and booking ${ref} can be proven again (its failed tries are cleared)` : ''}.`,
  noPinSent: (why: string) => `Not re-sent: ${why}. /status shows where the guest is.`,
  onlyText: 'Only text goes to the guest: this was not sent. Type it, or send the file another way.',
  editNotSent: 'Edits are not passed on (the guest has the first version). Send a new message to correct it.',
  notApprover: (command: string, userId: number | undefined) =>
    `Only group administrators can /${command}. Ask an admin, or add your id${userId === undefined ? '' : ` (${userId})`} to STAFF_APPROVER_IDS.`,
  approverUnchecked: (command: string) => `Could not check with Telegram that you are a group administrator, so /${command} was not done. Try again in a minute.`,
} as const;

/** Everything the staff group shows in one language: another language is another object of this shape. */
export const enStaffTexts = {
  channelLabels: CHANNEL_LABELS,
  alertTitles: ALERT_TITLES,
  alertHints: ALERT_HINTS,
  commands: STAFF_COMMANDS,
  replies: staffTexts,
  /** How a post labels who said each line, and which booking an alert is about. */
  lines: { guest: 'Guest:', bot: 'Bot:', toGuest: '→ guest:', note: 'Note:' },
  aboutBooking: (ref: string | undefined) => ` · booking ${ref ?? '(none yet)'}`,
  /** The guest's language, as `/status` shows it. */
  guestLanguage: (name: string, code: string) => `Language: ${name} (${code})`,
  languageNames: LANGUAGE_NAMES_EN,
};
export type StaffTexts = typeof enStaffTexts;

const STAFF_TEXTS: Partial<Record<Language, StaffTexts>> = { en: enStaffTexts };

/** STAFF_LANGUAGE's texts; a language without staff texts yet gets English (`hasStaffTexts` says which). */
export function staffTextsFor(lang: Language | undefined): StaffTexts {
  return (lang && STAFF_TEXTS[lang]) || enStaffTexts;
}

export function hasStaffTexts(lang: Language): boolean {
  return STAFF_TEXTS[lang] !== undefined;
}
