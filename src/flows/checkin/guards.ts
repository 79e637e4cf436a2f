/**
 * Who the chat is to the booking: has it proven it, does another chat hold it. Until a chat proves
 * the booking it learns nothing about it (not even that it is cancelled or taken), so these
 * guards come before any answer that would say so; `block` is that answer once it may be given.
 */
import { type ConversationState, newConversation } from '../state.js';
import type { Turn } from './turn.js';

/** The chat proved the booking, or staff vouched for it: it may be told what is wrong with the booking. */
export function proven(t: Turn): boolean {
  return t.state.identity === 'matched' || t.state.approved;
}

/** Identity and PIN fields as a chat has them before it gave any details. */
export function unproven(t: Turn): Partial<ConversationState> {
  const blank = newConversation(t.state.channel, t.state.chatId, t.ctx.now);
  return {
    identity: 'unknown',
    proof: undefined,
    approvalRequired: false,
    holdAlerted: false,
    approved: false,
    pin: blank.pin,
    confirmedAt: undefined,
    // The booking's door-code trouble, the re-ask count and a number typed once belong to it too.
    codeTrouble: undefined,
    failures: undefined,
    unlistedPhone: undefined,
  };
}

export function claimedByOther(t: Turn): boolean {
  const owner = t.ctx.bookingOwner;
  return owner !== undefined && owner !== t.state.key && t.ctx.booking?.ref === t.state.ref;
}

/**
 * Ends the check-in: the booking is cancelled or another chat holds it. Said only to a chat that
 * proved the booking (a held chat that confirmed keeps its "the team will check" answer): the one
 * place the rule is kept, whichever event gets here.
 */
export function block(t: Turn, reason: 'claimed_elsewhere' | 'booking_cancelled'): void {
  if (!proven(t)) return;
  const b = t.ctx.booking;
  const ref = b?.ref ?? t.state.ref ?? '';
  const contact = b?.contactPhone ?? '';
  t.set({ step: 'blocked', blockedReason: reason, ref, editing: false });
  if (reason === 'claimed_elsewhere') {
    t.say(t.m.claimedElsewhere(ref, contact));
    t.emit({
      type: 'alertStaff',
      kind: 'claimed_elsewhere',
      ref,
      detail: `Booking ${ref} is already checked in from ${t.ctx.publicId(t.ctx.bookingOwner ?? '')}; ${t.ctx.publicId(t.state.key)} tried to check in too. No PIN given to the second chat.`,
    });
  } else {
    t.say(t.m.bookingCancelled(ref, contact));
    t.emit({ type: 'alertStaff', kind: 'booking_cancelled', ref, detail: `Guest tried to check in to cancelled booking ${ref}.` });
  }
  t.emit({ type: 'audit', ref, action: `blocked:${reason}`, detail: t.ctx.publicId(t.state.key) });
}
