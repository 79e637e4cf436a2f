/**
 * The PIN rules: when a booking's door code is started, sent, sent again, or reported failed.
 *
 * THE RULE: the PIN goes only to the chat that proved the booking. A chat gets the code only when
 * - it proved the booking (proof.ts) or staff approved it, and no hold is on it (`held`);
 * - it holds the booking (`ownsBooking`): the first chat to prove a booking claims it, and a chat
 *   that lost it (reassigned to another, cancelled and re-made) gets nothing;
 * - the PIN job reported the code ready, i.e. on every lock of the booking (`ctx.pin`);
 * - the booking is not cancelled.
 * `sendPin` is the only place a code is written into a message; it checks ownership and
 * cancellation itself. Its callers hand it only a code `ctx.pin` has as ready, and check the hold
 * themselves, because each answers a held chat its own way (the "a person will check your details"
 * message, silence, a refused staff resend on the audit trail).
 *
 * The flow starts the PIN job only for a chat that proved the booking or was approved (`startPin`
 * is called from proof.ts and on staff approval only). Codes made ahead of arrival by the jobs
 * are still released by these rules alone.
 */
import { isHeld } from '../state.js';
import { block, claimedByOther } from './guards.js';
import { codeEndedText, stayOver } from './stay-end.js';
import type { Turn } from './turn.js';

/** No door code for this chat without a person's approval (or the details were never checked). */
export function held(t: Turn): boolean {
  return isHeld(t.state) || (t.state.identity === 'unknown' && !t.state.approved);
}

/** Only the chat holding the booking gets its door code (it claims it when it proves it, in this step or before). */
function ownsBooking(t: Turn): boolean {
  return t.ctx.bookingOwner === t.state.key || (t.claim !== undefined && t.claim === t.state.ref);
}

export function startPin(t: Turn, ref: string): void {
  if (t.state.pin.requested) return;
  t.set({ pin: { ...t.state.pin, requested: true, status: 'pending' } });
  t.emit({ type: 'enqueuePin', ref });
}

/** `by`: the staff member who asked for it, for the audit trail. */
export function sendPin(t: Turn, code: string, by?: string): void {
  const b = t.booking();
  const ref = t.ref();
  if (!b || !ref) return;
  if (b.status === 'cancelled') return block(t, 'booking_cancelled'); // cancelled while the PIN job ran
  // Only the chat holding the booking gets its PIN: one that lost it (reassigned, cancelled and re-made) does not.
  if (!ownsBooking(t)) return;
  const details = {
    propertyName: b.propertyName,
    roomName: b.roomName,
    ...t.stayLabels(b),
    ...(b.arrivalInstructions ? { arrivalInstructions: b.arrivalInstructions } : {}),
  };
  t.say(t.m.pin({ code, ...details }), { secret: { redacted: t.m.pin({ code: t.m.pinRedacted, ...details }) }, buttons: [t.button('code_trouble')] });
  t.emit({ type: 'audit', ref, action: t.state.pin.sent ? 'pin_resent' : 'pin_sent', detail: t.ctx.publicId(t.state.key), ...(by ? { by } : {}) });
  t.set({ pin: { ...t.state.pin, status: 'ready', sent: true } });
}

export function resendPin(t: Turn): void {
  // "pin" is a global command, so it is handled before the usual checks: repeat them here.
  if (held(t)) return t.say(t.m.pinHeld());
  if (t.booking()?.status === 'cancelled') return block(t, 'booking_cancelled');
  if (claimedByOther(t)) return block(t, 'claimed_elsewhere');
  // After the stay the code no longer opens anything: say when it stopped, never promise a new one.
  if (t.booking() && stayOver(t)) return t.say(codeEndedText(t));
  const pin = t.ctx.pin;
  if (pin?.status === 'ready' && pin.code && t.booking()) return sendPin(t, pin.code);
  if (pin?.status === 'failed') return t.say(t.m.pinFailed(t.contactPhone() ?? ''));
  t.say(t.m.pinNotYet());
}

/**
 * Staff re-send the PIN, even while they have the conversation: only to the chat that proved
 * the booking, only a PIN that is on both locks, never one held for identity.
 */
export function onStaffResend(t: Turn, by: string): void {
  const ref = t.ref();
  const pin = t.ctx.pin;
  if (!ref || t.ctx.bookingOwner !== t.state.key || held(t) || pin?.status !== 'ready' || !pin.code) {
    if (ref) t.emit({ type: 'audit', ref, action: 'resend_refused', detail: by, by });
    return;
  }
  sendPin(t, pin.code, by);
}

/**
 * The hold was lifted (staff approval, a corrected detail) after the guest confirmed. A ready PIN
 * is the booking's (sendPin checks the chat holds it); `startedNow`: the PIN job was only just
 * started, so a failure on record is an earlier run's, not news for this chat.
 */
export function deliverAfterRelease(t: Turn, startedNow: boolean): void {
  const ref = t.ref();
  if (!ref || t.state.pin.sent) return;
  const pin = t.ctx.pin;
  if (pin?.status === 'ready' && pin.code && ownsBooking(t)) return sendPin(t, pin.code);
  if (pin?.status === 'failed' && !startedNow) return pinFailedToGuest(t, pin.reason ?? 'PIN job failed');
  t.say(t.m.pinComing());
  t.emit({ type: 'schedulePinDeadline', ref, delayMs: t.ctx.pinTimeoutMs });
}

export function pinFailedToGuest(t: Turn, reason: string): void {
  t.say(t.m.pinFailed(t.contactPhone() ?? ''));
  alertPinFailed(t, reason);
}

export function alertPinFailed(t: Turn, reason: string): void {
  if (!t.state.pin.failureAlerted) {
    const ref = t.ref() ?? '';
    t.emit({ type: 'alertStaff', kind: 'pin_failed', ref, detail: `Door code for booking ${ref} could not be created: ${reason}` });
  }
  t.set({ pin: { ...t.state.pin, status: 'failed', failureAlerted: true } });
}
