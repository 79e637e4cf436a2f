/**
 * The guest has left: their door code is cut short to end DEPARTURE_NOTICE_MS from now.
 *
 * A guest who says so after check-in ("I've left", in any of the languages) is asked first, since
 * it takes away their own access; their yes (or staff's /checkout in the topic) emits `shortenCode`,
 * which the departure job carries out: the code's end is changed in place on every lock (same
 * digits), and the booking's check-out moves to that time. Its result comes back as `codeShortened`
 * (the guest hears when the code stops, the staff topic says so) or `codeShortenFailed` (the guest
 * hears staff were told, staff get an alert naming the booking). The code itself is never re-sent.
 *
 * The question is answered only while it is fresh: a yes (typed, the button, or WhatsApp's "1")
 * counts within ASK_FRESH_MS of the question, and not after anything else happened in the chat
 * (another message, staff writing or taking over, a message the bot sent unasked). A stale yes
 * button is taken as "I've left" again: the guest is asked afresh.
 *
 * Nothing is shortened for a chat that does not hold the booking (held for identity, lost it),
 * before check-in, or when the code ends within the notice anyway. With DEPARTURE_MESSAGES off the
 * guest's words are still understood, and passed to staff instead.
 */
import type { SendEffect } from '../effects.js';
import type { GuestEvent, SystemEvent } from '../events.js';
import type { Intent } from '../parse/intent.js';
import { saysLeft } from '../parse/departure.js';
import { held } from './pin-rules.js';
import { departed } from './stay-end.js';
import type { Turn } from './turn.js';

/** How long a departed guest's code keeps working: time to fetch a forgotten phone charger. */
export const DEPARTURE_NOTICE_MS = 15 * 60_000;

const MINUTE = 60_000;

/** How long "Have you left?" waits for its yes: a yes hours later may mean something else entirely. */
export const ASK_FRESH_MS = 10 * MINUTE;

type Refusal =
  | { why: 'no_booking' | 'not_holder' | 'cancelled' | 'in_progress' }
  | { why: 'before_checkin'; checkIn: string }
  | { why: 'ending'; checkOut: string };

/**
 * In the `done` step: "I've left", and the answer to "Have you left?". Returns false when the
 * message is about something else (then the step's usual answers apply; an unanswered question lapses).
 */
export function onDepartureWords(t: Turn, event: GuestEvent, intent: Intent | undefined): boolean {
  const d = t.state.departure;
  const asked = d.status === 'asked' && d.askedAt !== undefined && t.ctx.now - d.askedAt <= ASK_FRESH_MS;
  const button = event.type === 'button' ? event.id : undefined;
  if (asked && (button === 'left_yes' || (button === undefined && intent?.kind === 'yes'))) {
    confirmed(t);
    return true;
  }
  lapseDepartureQuestion(t);
  if (button === 'left_yes') {
    // An old button (or WhatsApp's stored "1"): ask again rather than take the code away now.
    askLeft(t);
    return true;
  }
  if (button === 'left_no' || (asked && button === undefined && intent?.kind === 'no')) {
    const b = t.booking();
    // The check-out date only to the chat that proved the booking (a button can come from anywhere).
    const mayTell = b && t.ctx.bookingOwner === t.state.key && !held(t);
    t.say(mayTell ? t.m.departure.kept(t.stayLabels(b).checkOutLabel) : t.m.departure.noted());
    return true;
  }
  if (event.type !== 'text' || !saysLeft(event.text, t.words.left)) return false;
  askLeft(t);
  return true;
}

function askLeft(t: Turn): void {
  if (answeredWithoutShortening(t)) return;
  t.set({ departure: { status: 'asked', askedAt: t.ctx.now } });
  t.say(t.m.departure.confirm(), { buttons: [t.button('left_yes'), t.button('left_no')] });
}

/** Something else happened in the chat (staff wrote or took over, the bot wrote unasked): "Have you left?" lapses. */
export function lapseDepartureQuestion(t: Turn): void {
  if (t.state.departure.status === 'asked') t.set({ departure: { status: 'none' } });
}

/** The guest said yes: checked again (time has passed, the booking may have changed), then shortened. */
function confirmed(t: Turn): void {
  lapseDepartureQuestion(t);
  if (answeredWithoutShortening(t)) return;
  const ref = t.ref()!;
  shorten(t, ref);
  t.emit({ type: 'audit', ref, action: 'departure_requested', detail: t.ctx.publicId(t.state.key) });
  t.say(t.m.departure.started());
}

/**
 * Answers a guest whose "I've left" cannot shorten anything now; false when it can. A chat that
 * does not hold the booking, or any chat with DEPARTURE_MESSAGES off, is thanked and staff told.
 */
function answeredWithoutShortening(t: Turn): boolean {
  const refusal = refusalFor(t);
  if (refusal?.why === 'in_progress') {
    const d = t.state.departure;
    t.say(d.status === 'done' && d.endsAtLabel ? t.m.departure.done(d.endsAtLabel) : t.m.departure.started());
    return true;
  }
  if (refusal?.why === 'before_checkin') {
    t.say(t.m.departure.tooEarly(refusal.checkIn));
    return true;
  }
  if (refusal?.why === 'ending') {
    t.say(t.m.departure.alreadyEnding(refusal.checkOut));
    return true;
  }
  // Only the chat that proved the booking may take its code away; the others are heard, not obeyed.
  const cannot = refusal !== undefined || held(t);
  if (!cannot && t.ctx.departureMessages !== false) return false;
  t.say(t.m.departure.noted());
  const why = refusal ? REFUSED[refusal.why as keyof typeof REFUSED] : held(t) ? 'this chat is held for identity' : undefined;
  const what = why
    ? `nothing was changed: ${why}`
    : 'the door code was not shortened (DEPARTURE_MESSAGES is off); /checkout here ends it in 15 minutes';
  t.emit({ type: 'note', text: `Guest says they have left; ${what}.` });
  return true;
}

/** Why the booking's code cannot be cut short now (staff and guest alike), or undefined when it can. */
function refusalFor(t: Turn): Refusal | undefined {
  const b = t.booking();
  if (!b || !t.state.ref) return { why: 'no_booking' };
  if (t.ctx.bookingOwner !== t.state.key) return { why: 'not_holder' };
  if (b.status === 'cancelled') return { why: 'cancelled' };
  // A departure whose code was moved out again since (staff extended the stay) is over.
  if (departed(t)) return { why: 'in_progress' };
  const now = t.ctx.now;
  if (b.checkInAt !== undefined && now < b.checkInAt) return { why: 'before_checkin', checkIn: t.stayLabels(b).checkInLabel };
  const ends = t.ctx.pin?.endsAt ?? b.checkOutAt;
  if (ends !== undefined && ends <= now + DEPARTURE_NOTICE_MS) return { why: 'ending', checkOut: t.stayLabels(b).checkOutLabel };
  return undefined;
}

/** Whole minutes (locks keep minutes), rounded down: the code never outlives the notice. */
function shorten(t: Turn, ref: string, by?: string): void {
  const endsAt = Math.floor((t.ctx.now + DEPARTURE_NOTICE_MS) / MINUTE) * MINUTE;
  t.set({ departure: { status: 'requested', endsAt } });
  t.emit({ type: 'shortenCode', ref, endsAt, ...(by ? { by } : {}) });
}

type DepartureEvent = Extract<SystemEvent, { type: 'staffCheckout' | 'codeShortened' | 'codeShortenFailed' }>;

export function isDepartureEvent(e: SystemEvent): e is DepartureEvent {
  return e.type === 'staffCheckout' || e.type === 'codeShortened' || e.type === 'codeShortenFailed';
}

export function onDepartureEvent(t: Turn, event: DepartureEvent): void {
  if (event.type === 'staffCheckout') return onStaffCheckout(t, event.by);
  if (event.ref !== t.state.ref) return; // the chat moved on to another booking since
  const silent = t.state.takenOver;
  if (event.type === 'codeShortened') {
    t.set({ departure: { status: 'done', endsAt: event.endsAt, endsAtLabel: event.endsAtLabel } });
    t.emit({ type: 'audit', ref: event.ref, action: 'checked_out', detail: `door code ends ${event.endsAtLabel}`, ...(event.by ? { by: event.by } : {}) });
    const room = t.booking()?.roomName;
    t.emit({ type: 'note', text: `${room ? `${room}: ` : ''}guest checked out; code ends ${event.endsAtLabel}.${silent ? ' The guest was not told (the conversation is taken over).' : ''}` });
    if (!silent) t.say(t.m.departure.done(event.endsAtLabel), unasked(event.by));
    return;
  }
  t.set({ departure: { status: 'failed' } });
  t.emit({
    type: 'alertStaff',
    kind: 'checkout_failed',
    ref: event.ref,
    detail: `Booking ${event.ref}: the guest checked out${event.by ? ` (/checkout by ${event.by})` : ''}, but the door code could not be shortened: ${event.reason}. Until it is, the code works as the booking says: change or remove it by hand if it must stop now.`,
  });
  if (!silent) t.say(t.m.departure.failed(t.contactPhone() ?? ''), unasked(event.by));
}

/**
 * After a staff /checkout the guest may not have written for days: WhatsApp sends the result only
 * within its 24-hour window (no approved template says it), and staff hear when it could not.
 */
function unasked(by: string | undefined): Omit<SendEffect, 'type' | 'text'> {
  return by ? { proactive: {} } : {};
}

const REFUSED: Record<Exclude<Refusal['why'], 'before_checkin' | 'ending'>, string> = {
  no_booking: 'this chat has no booking',
  not_holder: 'this chat does not hold the booking (it has not proven it, or lost it)',
  cancelled: 'the booking is cancelled (its codes are already coming off)',
  in_progress: 'the guest is already checked out',
};

/** Staff say the guest has left: the same checks as the guest's own, without asking. Answered in the topic. */
function onStaffCheckout(t: Turn, by: string): void {
  const ref = t.ref();
  const refusal = refusalFor(t);
  if (refusal || !ref) {
    const why =
      refusal?.why === 'before_checkin'
        ? `the stay has not started (check-in ${refusal.checkIn})`
        : refusal?.why === 'ending'
          ? `the door code ends within 15 minutes anyway (check-out ${refusal.checkOut})`
          : REFUSED[refusal?.why ?? 'no_booking'];
    t.emit({ type: 'note', text: `Not checked out: ${why}.` });
    if (ref) t.emit({ type: 'audit', ref, action: 'checkout_refused', detail: why, by });
    return;
  }
  shorten(t, ref, by);
  t.emit({ type: 'audit', ref, action: 'checkout_requested', detail: 'staff /checkout', by });
}
