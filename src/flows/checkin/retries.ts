/**
 * Never stuck on a question: an answer that cannot be used is re-asked with the reason, but the
 * third in a row at one step offers a person instead (and staff hear of it once), so a guest whose
 * real answer the bot cannot read is not sent round the same question for ever. The booking
 * reference has its own limits (ref-step.ts) and is not counted here.
 */
import type { SendEffect } from '../effects.js';
import type { Turn } from './turn.js';

/** Unusable answers in a row at one step before a person is offered. */
export const STUCK_AFTER = 3;

/** Says why the answer could not be used and asks again; every STUCK_AFTER-th time in a row, offers a person instead. */
export function reAsk(t: Turn, text: string, extra: Omit<SendEffect, 'type' | 'text'> = {}): void {
  const step = t.state.step;
  const before = t.state.failures;
  const count = before?.step === step ? before.count + 1 : 1;
  t.set({ failures: { step, count } });
  if (count % STUCK_AFTER !== 0) return t.say(text, extra);
  if (count === STUCK_AFTER) {
    t.emit({
      type: 'alertStaff',
      kind: 'guest_stuck',
      ref: t.state.ref,
      detail: `The guest's answer to the "${step}" question could not be used ${count} times in a row; they were offered a person (HUMAN).`,
    });
  }
  t.say(t.m.stuck());
}

/** An answer was taken: the count starts again. */
export function answered(t: Turn): void {
  if (t.state.failures) t.set({ failures: undefined });
}
