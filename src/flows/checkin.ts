/**
 * The check-in conversation's public entry: `step` and `bookingRefFor`. The flow itself is in
 * ./checkin/, one concern per file:
 * - turn.ts          what one call of `step` builds up (state, effects, claim), and the helpers every part uses
 * - guest-events.ts  a guest's message or button, dispatched to the step it answers
 * - globals.ts       commands that work at any step (help, human, restart, back, edit, pin)
 * - ref-step.ts      the booking reference, and the limits on guessing one
 * - steps.ts         name, phone, email, car, confirm and done
 * - after-checkin.ts what a checked-in guest asks: "the code doesn't work", property answers, questions for staff
 * - retries.ts       re-asking an unusable answer, and offering a person after three in a row
 * - prompts.ts       what each step asks, moving between steps, the summary
 * - proof.ts         proving the booking (details against the booking) and holding a chat for staff
 * - pin-rules.ts     when a door code is made, sent, re-sent or reported failed, and to whom
 * - departure.ts     "I've left" and staff /checkout: the door code cut short
 * - guards.ts        who the chat is to the booking, and blocking a chat that may not go on
 * - system.ts        what the rest of the system and staff tell a conversation
 */
import { onGuestEvent } from './checkin/guest-events.js';
import { onSystemEvent } from './checkin/system.js';
import { Turn } from './checkin/turn.js';
import type { StepContext, StepResult } from './context.js';
import type { FlowEvent, SystemEvent } from './events.js';
import { understoodIn } from './messages/understood.js';
import { parseRef } from './parse/ref.js';
import type { ConversationState } from './state.js';

/**
 * The whole check-in conversation as a pure function: no I/O, no clock, no randomness.
 * The engine loads `ctx`, calls this, saves `state` and runs `effects`.
 */
export function step(state: ConversationState, event: FlowEvent, ctx: StepContext): StepResult {
  const t = new Turn({ ...state, updatedAt: ctx.now, ...(isSystemEvent(event) ? {} : { unreachable: false }) }, ctx);
  if (isSystemEvent(event)) onSystemEvent(t, event);
  else if (!state.takenOver) onGuestEvent(t, event);
  // While staff have the conversation, guest messages are recorded (by the engine) but do not move the flow.
  return t.result();
}

/** The ref whose booking the engine should load before calling `step`. */
export function bookingRefFor(state: ConversationState, event: FlowEvent): string | undefined {
  if (state.ref) return state.ref;
  const text = event.type === 'text' ? event.text : event.type === 'start' ? event.ref : undefined;
  if (state.step === 'ref' && text !== undefined) {
    const parsed = parseRef(text, understoodIn(state.lang).refLabels);
    return parsed.ok ? parsed.value : undefined;
  }
  return undefined;
}

function isSystemEvent(e: FlowEvent): e is SystemEvent {
  switch (e.type) {
    case 'pinReady':
    case 'pinFailed':
    case 'pinDeadline':
    case 'staffCheckout':
    case 'codeShortened':
    case 'codeShortenFailed':
    case 'staffTakeover':
    case 'staffRelease':
    case 'staffMessage':
    case 'staffResend':
    case 'staffApproved':
    case 'bookingCancelled':
    case 'bookingReassigned':
    case 'bookingFreed':
    case 'staffUnlocked':
    case 'deliveryFailed':
    case 'codeChecked':
    case 'guestArrived':
    case 'checkoutReminder':
      return true;
    default:
      return false;
  }
}
