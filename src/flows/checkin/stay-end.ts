/**
 * Whether the guest's stay is over: they left (departure.ts), or their door code's end has passed.
 * Then the code is not sent again, a report that it does not work is not a guest at the door
 * (no lock check, no urgent alert), and no check-out reminder goes out.
 */
import type { Turn } from './turn.js';

/**
 * The guest left and their code was (or is being) cut short. A departure stops counting once the
 * code ends after the departure's end: staff extended the stay since (the code was moved and re-sent).
 */
export function departed(t: Turn): boolean {
  const d = t.state.departure;
  if (d.status === 'requested') return true;
  if (d.status !== 'done') return false;
  const end = t.ctx.pin?.endsAt;
  return end === undefined || d.endsAt === undefined || end <= d.endsAt;
}

/**
 * The stay is over for this chat's door code. With the PIN record gone (deleted after check-out),
 * a code the chat was sent is over once the booked check-out has passed.
 */
export function stayOver(t: Turn): boolean {
  if (departed(t)) return true;
  const now = t.ctx.now;
  const pin = t.ctx.pin;
  if (pin?.endsAt !== undefined) return pin.endsAt <= now;
  const checkOutAt = t.booking()?.checkOutAt;
  return pin === undefined && t.state.pin.sent && checkOutAt !== undefined && checkOutAt <= now;
}

/** What the guest hears instead of a code that no longer works: when it stopped, and HUMAN for a person. */
export function codeEndedText(t: Turn): string {
  const d = t.state.departure;
  if (departed(t)) return t.m.codeEnded(d.status === 'done' ? d.endsAtLabel : undefined);
  const b = t.booking();
  return t.m.codeEnded(b ? t.stayLabels(b).checkOutLabel : undefined);
}
