/**
 * During the stay, told by the lock records and the clock: the guest's first opening (staff hear
 * they arrived, the guest is welcomed) and the check-out morning reminder. Only for the chat that
 * proved the booking and got its door code; a conversation staff have taken over gets no bot
 * message, and staff read why.
 */
import type { SystemEvent } from '../events.js';
import { lapseDepartureQuestion } from './departure.js';
import { proven } from './guards.js';
import { departed } from './stay-end.js';
import type { Turn } from './turn.js';

type Arrived = Extract<SystemEvent, { type: 'guestArrived' }>;
type Reminder = Extract<SystemEvent, { type: 'checkoutReminder' }>;

/** This chat holds the booking and its code: the stay is its business. */
function staying(t: Turn, ref: string): boolean {
  return t.state.ref === ref && proven(t) && t.state.pin.sent && t.state.step !== 'blocked';
}

export function onGuestArrived(t: Turn, event: Arrived): void {
  if (!staying(t, event.ref)) return;
  t.emit({ type: 'note', text: `Guest arrived: their door code opened ${event.lock} at ${event.time}.` });
  t.emit({ type: 'audit', ref: event.ref, action: 'arrived', detail: `${event.lock} ${event.time}` });
  const b = t.booking();
  if (!event.welcome || !b) return;
  if (t.state.takenOver) {
    t.emit({ type: 'note', text: 'No welcome message sent: you have this conversation.' });
    return;
  }
  const wifi = event.wifi;
  lapseDepartureQuestion(t);
  t.say(t.m.arrivalWelcome(b.roomName, wifi), {
    // Template variables cannot be empty: a property without Wi-Fi in properties.json gets a dash.
    proactive: { template: 'welcome', variables: { 1: b.roomName, 2: wifi?.network ?? '-', 3: wifi?.password || '-' } },
  });
}

export function onCheckoutReminder(t: Turn, event: Reminder): void {
  // A guest who already left is not reminded to leave.
  if (!staying(t, event.ref) || departed(t)) return;
  const b = t.booking();
  if (!b) return;
  if (t.state.takenOver) {
    t.emit({ type: 'note', text: `No check-out reminder sent (check-out at ${event.checkOutTime}): you have this conversation.` });
    return;
  }
  lapseDepartureQuestion(t);
  t.say(t.m.checkoutReminder(event.checkOutTime, b.roomName), {
    proactive: { template: 'checkout', variables: { 1: event.checkOutTime, 2: b.roomName } },
  });
  t.emit({ type: 'audit', ref: event.ref, action: 'checkout_reminder', detail: event.checkOutTime });
}
