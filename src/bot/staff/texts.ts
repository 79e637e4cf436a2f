import type { AlertKind } from '../../flows/effects.js';
import type { Channel } from '../../flows/state.js';

/** What staff read in the group. Guest-facing words live in src/flows/messages. */
export const CHANNEL_LABELS: Record<Channel, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', console: 'Console' };

export const ALERT_TITLES: Record<AlertKind, string> = {
  human_requested: 'Guest asked for a person',
  ref_attempts: 'Booking reference not found 3 times',
  identity_mismatch: 'Name does not match the booking',
  claimed_elsewhere: 'Booking already checked in from another chat',
  booking_cancelled: 'Booking is cancelled',
  pin_failed: 'Door code could not be created',
  pin_late: 'Door code is late',
  delivery_failed: 'Message not delivered',
  guest_blocked: 'Guest blocked the bot',
  bot_error: 'Bot error',
};

/** What staff can do about it, right under the alert. */
export const ALERT_HINTS: Partial<Record<AlertKind, string>> = {
  human_requested: 'Write here to answer them (that pauses the bot); /release hands back.',
  ref_attempts: 'Write here to help them (that pauses the bot).',
  identity_mismatch: 'The door code is held. /approve sends it to this guest; /status shows the booking.',
  claimed_elsewhere: 'Write here to talk to this guest; /status shows the booking.',
  pin_failed: 'The guest was told staff are on it. Once fixed, /resend or /status pin.',
  pin_late: 'The guest was told staff are on it.',
  delivery_failed: 'Reach the guest another way; /resend sends the door code again.',
  guest_blocked: 'The bot cannot write to this guest any more; call them.',
};

/** The staff chat's command menu (what /help says, shorter). */
export const STAFF_COMMANDS = [
  { command: 'takeover', description: 'Pause the bot; your messages go to the guest' },
  { command: 'release', description: 'Hand back to the bot' },
  { command: 'approve', description: 'Send the door code held for a name mismatch' },
  { command: 'resend', description: 'Send the door code again' },
  { command: 'status', description: 'Booking, step, door code (/status pin: digits)' },
  { command: 'help', description: 'What staff can do here' },
] as const;

export const staffTexts = {
  help: [
    'In a guest\'s topic:',
    '/takeover: pause the bot; what you write here then goes to the guest',
    '(any message you write here also takes over and goes to the guest)',
    '/release: hand back to the bot, at the step it was on',
    '/approve: send the door code held because the name did not match',
    '/resend: send the door code again to the guest\'s verified chat',
    '/status: booking, step and door code (/status pin shows the digits)',
  ].join('\n'),
  helpWithoutTopics: 'Without topics, reply to any post of a guest to address them.',
  outsideConversation: (topics: boolean) =>
    topics ? 'Use this inside a guest\'s topic. /help lists the commands.' : 'Reply to one of the guest\'s posts with this. /help lists the commands.',
  unknownCommand: (name: string) => `Unknown command /${name}. /help lists the commands.`,
  noConversation: 'I have no record of this conversation any more.',
  alreadyTakenOver: 'Already taken over: the bot is paused. What you write here goes to the guest; /release hands back.',
  notTakenOver: 'The bot already has this conversation (nobody took it over).',
  nothingToApprove: (why: string) => `Nothing to approve: ${why}.`,
  noPinSent: (why: string) => `Not re-sent: ${why}. /status shows where the guest is.`,
  onlyText: 'Only text goes to the guest: this was not sent. Type it, or send the file another way.',
  editNotSent: 'Edits are not passed on (the guest has the first version). Send a new message to correct it.',
  notApprover: (command: string, userId: number | undefined) =>
    `Only group administrators can /${command}. Ask an admin, or add your id${userId === undefined ? '' : ` (${userId})`} to STAFF_APPROVER_IDS.`,
  approverUnchecked: (command: string) => `Could not check with Telegram that you are a group administrator, so /${command} was not done. Try again in a minute.`,
} as const;
