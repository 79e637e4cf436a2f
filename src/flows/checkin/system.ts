/**
 * What the rest of the system tells a conversation: the PIN job's result and deadline, staff
 * taking over, writing, approving, re-sending, unlocking, a booking cancelled, reassigned or
 * freed, a message that could not be delivered. The PIN rules themselves are in pin-rules.ts.
 */
import type { SystemEvent } from '../events.js';
import { codeAwaited, codeDelivered, onCodeChecked } from './after-checkin.js';
import { isDepartureEvent, lapseDepartureQuestion, onDepartureEvent } from './departure.js';
import { block, claimedByOther, proven, unproven } from './guards.js';
import { alertPinFailed, deliverAfterRelease, held, onStaffResend, pinFailedToGuest, sendPin, startPin } from './pin-rules.js';
import { next } from './prompts.js';
import { prove } from './proof.js';
import { onCheckoutReminder, onGuestArrived } from './stay.js';
import type { Turn } from './turn.js';

export function onSystemEvent(t: Turn, event: SystemEvent): void {
  if (event.type === 'deliveryFailed') return onDeliveryFailed(t, event);
  if (event.type === 'staffTakeover' || event.type === 'staffRelease' || event.type === 'staffMessage') return onStaff(t, event);
  if (event.type === 'staffResend') return onStaffResend(t, event.by);
  if (event.type === 'staffUnlocked') return onUnlocked(t, event.by);
  if (event.type === 'bookingReassigned') return onReassigned(t, event);
  if (event.type === 'bookingCancelled') return onCancelled(t, event.ref);
  if (event.type === 'bookingFreed') return onFreed(t, event);
  if (event.type === 'codeChecked') return onCodeChecked(t, event);
  if (event.type === 'guestArrived') return onGuestArrived(t, event);
  if (event.type === 'checkoutReminder') return onCheckoutReminder(t, event);
  if (isDepartureEvent(event)) return onDepartureEvent(t, event);
  if (event.ref !== t.state.ref) return; // the guest restarted with another booking since
  if (t.state.blockedReason === 'reassigned') return; // the booking's PIN is not this chat's any more
  const confirmed = t.state.confirmedAt !== undefined;
  const silent = t.state.takenOver;
  if (event.type === 'pinFailed' && t.booking()?.status === 'cancelled') {
    // Cancelled while its PIN job ran: not a PIN failure. A guest who confirmed and still waits is told now; the others on their next message.
    if (confirmed && !silent && !t.state.pin.sent && t.state.step !== 'blocked') block(t, 'booking_cancelled');
    return;
  }
  // A failure after the PIN went out means its codes were taken off the locks (a move that failed).
  const hadPin = event.type === 'pinFailed' && t.state.pin.sent;
  // A moved PIN is news even to a guest who had the old one: handle it as if nothing was sent yet.
  if (((event.type === 'pinReady' || event.type === 'pinFailed') && event.renewed) || hadPin) {
    t.set({ pin: { ...t.state.pin, sent: false, failureAlerted: false } });
  }
  switch (event.type) {
    case 'pinReady': {
      t.set({ pin: { ...t.state.pin, status: 'ready' } });
      const code = t.ctx.pin?.status === 'ready' ? t.ctx.pin.code : undefined;
      // A guest told "I'll send it as soon as it's ready" (the lock check found the PIN job busy) gets it even if nothing changed.
      const awaited = codeAwaited(t);
      if (confirmed && !silent && (!t.state.pin.sent || awaited) && !held(t) && code) {
        sendPin(t, code);
        if (awaited) codeDelivered(t);
      }
      return;
    }
    case 'pinFailed': {
      // A failed move (renewed) leaves the guest's code where it worked, and its reason says where.
      const reason = hadPin && !event.renewed ? `${event.reason}. The guest had already received a door code, which may no longer work.` : event.reason;
      // Already handled (the guest heard at confirm, from the record, before this event arrived).
      if (confirmed && t.state.pin.status === 'failed' && t.state.pin.failureAlerted) return;
      if (confirmed && !silent && !held(t)) return pinFailedToGuest(t, reason);
      // Not confirmed yet: staff hear now, the guest hears when they confirm.
      return alertPinFailed(t, reason);
    }
    case 'pinDeadline':
      // A blocked chat (the booking was cancelled meanwhile) was already told why nothing comes.
      if (t.state.step === 'blocked') return;
      if (t.state.pin.sent || t.state.pin.delayNotified || t.state.pin.status === 'failed') return;
      if (held(t) || t.ctx.pin?.status === 'failed') return;
      // Ready, but its news never reached this chat (announced before it held the booking): send it now.
      if (t.ctx.pin?.status === 'ready' && t.ctx.pin.code) return silent ? undefined : sendPin(t, t.ctx.pin.code);
      t.set({ pin: { ...t.state.pin, delayNotified: true } });
      t.emit({
        type: 'alertStaff',
        kind: 'pin_late',
        ref: event.ref,
        detail: `Guest confirmed ${Math.round(t.ctx.pinTimeoutMs / 1000)} s ago and the door code for booking ${event.ref} is still not ready.`,
      });
      if (!silent) t.say(t.m.pinDelayed(t.contactPhone() ?? ''));
      return;
    case 'staffApproved':
      return onApproved(t, event.by, confirmed && !silent);
  }
}

type StaffEvent = Extract<SystemEvent, { type: 'staffTakeover' | 'staffRelease' | 'staffMessage' }>;

/** Staff take a conversation over by hand and give it back; the bot is silent in between. */
function onStaff(t: Turn, event: StaffEvent): void {
  const ref = t.ref();
  const audit = (action: string) => {
    if (ref) t.emit({ type: 'audit', ref, action, detail: event.by, by: event.by });
  };
  // A "yes" after staff stepped in answers them, not "Have you left?".
  lapseDepartureQuestion(t);
  switch (event.type) {
    case 'staffTakeover':
      if (!t.state.takenOver) audit('taken_over');
      t.set({ takenOver: true });
      return;
    case 'staffMessage': {
      if (!t.state.takenOver) audit('taken_over');
      t.set({ takenOver: true });
      // Signed with the property only for a chat that proved the booking: the name says where the stay is.
      const team = proven(t) ? t.booking()?.propertyName : undefined;
      t.say(t.m.fromStaff(event.text, team), { from: 'staff' });
      audit('staff_message');
      return;
    }
    case 'staffRelease': {
      if (!t.state.takenOver) return;
      t.set({ takenOver: false });
      audit('released');
      // A PIN that became ready while staff had the conversation is delivered now.
      const pin = t.ctx.pin;
      if (t.state.confirmedAt !== undefined && !t.state.pin.sent && !held(t) && pin?.status === 'ready' && pin.code) sendPin(t, pin.code);
      return;
    }
  }
}

/** Staff must reach the guest another way; a guest who blocked the bot is reported once, not per message. */
function onDeliveryFailed(t: Turn, event: Extract<SystemEvent, { type: 'deliveryFailed' }>): void {
  if (event.pin) t.set({ pin: { ...t.state.pin, undelivered: true } });
  const what = event.pin ? 'The message with the door code was not delivered' : 'A message to the guest was not delivered';
  if (event.guestBlocked) {
    if (!t.state.unreachable) {
      t.emit({ type: 'alertStaff', kind: 'guest_blocked', ref: t.state.ref, detail: `The guest blocked the bot. ${what}: ${event.reason}` });
    }
    t.set({ unreachable: true });
    return;
  }
  t.emit({ type: 'alertStaff', kind: 'delivery_failed', ref: t.state.ref, detail: `${what}: ${event.reason}` });
}

/** Staff lift the identity hold: the chat claims the booking, its PIN is made and, if it already confirmed, sent. */
function onApproved(t: Turn, by: string, deliver: boolean): void {
  const ref = t.ref();
  if (!ref || !held(t)) return;
  if (claimedByOther(t)) {
    t.emit({ type: 'audit', ref, action: 'approve_refused', detail: `${by}: booking belongs to ${t.ctx.publicId(t.ctx.bookingOwner ?? '')}`, by });
    return;
  }
  const startedNow = !t.state.pin.requested;
  t.set({ approved: true });
  t.claim = ref;
  t.emit({ type: 'audit', ref, action: 'approved', detail: by, by });
  startPin(t, ref);
  if (deliver) deliverAfterRelease(t, startedNow);
}

/** The chat loses the booking (staff found it was not the guest's): it hears only that the team has it. */
function onReassigned(t: Turn, event: Extract<SystemEvent, { type: 'bookingReassigned' }>): void {
  // On the record even if the chat moved on to another booking since: the booking did change hands.
  t.emit({ type: 'audit', ref: event.ref, action: 'reassigned', detail: `taken from ${t.ctx.publicId(t.state.key)}`, by: event.by });
  if (t.state.ref !== event.ref) return;
  t.set({ ...unproven(t), step: 'blocked', blockedReason: 'reassigned', editing: false });
  if (!t.state.takenOver) t.say(t.m.reassigned());
}

/** Told at once, not at the door: its codes are coming off the locks. Staff cancelled it, so they need no alert. */
function onCancelled(t: Turn, ref: string): void {
  if (t.state.ref !== ref || t.state.step === 'blocked' || !proven(t)) return;
  t.set({ step: 'blocked', blockedReason: 'booking_cancelled', editing: false });
  t.emit({ type: 'audit', ref, action: 'blocked:booking_cancelled', detail: t.ctx.publicId(t.state.key) });
  if (!t.state.takenOver) t.say(t.m.bookingCancelled(ref, t.contactPhone() ?? ''));
}

/** The booking this chat was refused (another chat had it) is free again: its details are checked once more. */
function onFreed(t: Turn, event: Extract<SystemEvent, { type: 'bookingFreed' }>): void {
  const s = t.state;
  if (s.ref !== event.ref || s.step !== 'blocked' || s.blockedReason !== 'claimed_elsewhere') return;
  t.set({ ...unproven(t), blockedReason: undefined, step: 'email' });
  if (!t.state.takenOver) t.say(t.m.bookingFreed());
  prove(t);
  if (t.state.step === 'blocked') return;
  next(t, t.state.guest.car === undefined ? 'car' : 'confirm');
}

function onUnlocked(t: Turn, by: string): void {
  if (t.state.ref) t.emit({ type: 'audit', ref: t.state.ref, action: 'unlocked', detail: by, by });
  if (t.state.takenOver) return;
  if (t.state.step === 'ref') return t.say(t.m.lookupsResumed());
  // Held after the tries ran out: a mistyped detail can be put right now.
  if (t.state.identity === 'mismatch' && !t.state.approved && (t.state.step === 'confirm' || t.state.step === 'done')) t.say(t.m.detailsCheckedAgain());
}
