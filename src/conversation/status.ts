import { isHeld, type ConversationState } from '../flows/state.js';

/** Where a conversation stands, as staff (the group's /status) and operators (the admin API) see it. */
export const CONVERSATION_STATUSES = ['in_progress', 'held', 'blocked', 'taken_over', 'done'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export function conversationStatus(s: ConversationState): ConversationStatus {
  if (s.takenOver) return 'taken_over';
  if (s.step === 'blocked') return 'blocked';
  if (isHeld(s)) return 'held';
  if (s.step === 'done') return 'done';
  return 'in_progress';
}

/** What an operator sees of a conversation: never the PIN digits, the phone or the email. */
export function conversationSummary(s: ConversationState) {
  return {
    key: s.key,
    channel: s.channel,
    status: conversationStatus(s),
    step: s.step,
    ref: s.ref ?? null,
    guestName: s.guest.name ?? null,
    identity: s.approved ? 'approved' : s.identity === 'matched' ? (s.proof ?? 'matched') : s.identity,
    pin: { status: s.pin.status, sent: s.pin.sent, undelivered: s.pin.undelivered },
    humanRequested: s.humanRequested,
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}
