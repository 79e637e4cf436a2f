import { DEFAULT_LIMITS, type BookingView, type StepContext, type StepResult } from './context.js';
import type { Button, Effect, SendEffect } from './effects.js';
import type { FlowEvent, GuestEvent, SystemEvent } from './events.js';
import { messagesFor, type Messages } from './messages/index.js';
import { parseEmail } from './parse/email.js';
import { parseIntent, type Intent } from './parse/intent.js';
import { checkIdentity, describeMismatch, PROOF_WORDS, type BookedIdentity } from './identity.js';
import { parseName } from './parse/name.js';
import { formatPhoneForDisplay, parsePhone } from './parse/phone.js';
import { parsePlate } from './parse/plate.js';
import { parseRef } from './parse/ref.js';
import { cleanText } from './parse/text.js';
import { isHeld, newConversation, type ConversationState, type EditableField, type Step } from './state.js';

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
    const parsed = parseRef(text);
    return parsed.ok ? parsed.value : undefined;
  }
  return undefined;
}

class Turn {
  readonly effects: Effect[] = [];
  readonly m: Messages;
  claim: string | undefined;
  identityCheck: StepResult['identityCheck'];
  refMiss = false;
  constructor(
    public state: ConversationState,
    readonly ctx: StepContext,
  ) {
    this.m = messagesFor(state.lang);
  }
  say(text: string, extra: Omit<SendEffect, 'type' | 'text'> = {}): void {
    this.effects.push({ type: 'send', text, ...extra });
  }
  emit(effect: Effect): void {
    this.effects.push(effect);
  }
  set(patch: Partial<ConversationState>): void {
    this.state = { ...this.state, ...patch };
  }
  result(): StepResult {
    return {
      state: this.state,
      effects: this.effects,
      ...(this.claim ? { claim: this.claim } : {}),
      ...(this.identityCheck ? { identityCheck: this.identityCheck } : {}),
      ...(this.refMiss ? { refMiss: true } : {}),
    };
  }
  /** The booking for this conversation's ref, when the engine loaded the right one. */
  booking(): BookingView | undefined {
    const b = this.ctx.booking;
    return b && b.ref === this.state.ref ? b : undefined;
  }
  contactPhone(): string | undefined {
    return this.ctx.booking?.contactPhone;
  }
  ref(): string | undefined {
    return this.state.ref;
  }
  limits() {
    return this.ctx.limits ?? DEFAULT_LIMITS;
  }
}

function isSystemEvent(e: FlowEvent): e is SystemEvent {
  switch (e.type) {
    case 'pinReady':
    case 'pinFailed':
    case 'pinDeadline':
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
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------- guest events

function onGuestEvent(t: Turn, event: GuestEvent): void {
  if (event.type === 'start') return onStart(t, event.ref);
  if (
    !t.state.greeted &&
    t.state.step === 'ref' &&
    event.type === 'text' &&
    !looksLikeRef(event.text) &&
    parseIntent(event.text)?.kind !== 'human'
  ) {
    // "hi" as a first message deserves a welcome, not "that is not a booking reference".
    // A first message asking for a person still reaches staff (a global command works at any step).
    t.set({ greeted: true });
    t.say(t.m.welcome());
    return;
  }
  t.set({ greeted: true });
  if (event.type === 'media') {
    t.say(t.m.pleaseType());
    prompt(t);
    return;
  }
  if (event.type === 'contact') {
    // The adapter passes only the sender's own contact: the platform vouches for this number.
    const verified = parsePhone(event.phone);
    if (verified.ok) t.set({ knownPhone: verified.value });
    if (t.state.step === 'phone') return acceptPhone(t, event.phone);
    if (verified.ok && t.state.identity === 'mismatch' && !t.state.approved) return recheckWithContact(t);
    t.say(t.m.pleaseType());
    prompt(t);
    return;
  }
  const intent = event.type === 'button' ? buttonIntent(event.id) : parseIntent(event.text);
  if (intent && handleGlobal(t, intent)) return;
  // Until the chat proves the booking it learns nothing about it, not even that it is cancelled or taken.
  if (t.state.step !== 'ref' && t.state.step !== 'blocked' && proven(t)) {
    if (t.booking()?.status === 'cancelled') return block(t, 'booking_cancelled');
    if (claimedByOther(t)) return block(t, 'claimed_elsewhere');
  }

  const text = event.type === 'text' ? event.text : '';
  switch (t.state.step) {
    case 'ref':
      return onRef(t, text);
    case 'name':
      return onName(t, text);
    case 'phone':
      return event.type === 'button' && event.id === 'use_known_phone' ? useKnownPhone(t) : onPhone(t, text, intent);
    case 'email':
      return onEmail(t, text);
    case 'car':
      if (event.type === 'button' && event.id === 'no_car') return acceptCar(t, null);
      // "Will you bring a car?" invites a plain "yes": ask for the registration rather than store the plate "YES".
      if (intent?.kind === 'yes') return prompt(t);
      return onCar(t, text);
    case 'confirm':
      return onConfirm(t, intent, text);
    case 'done':
      return onDone(t, intent, text);
    case 'blocked':
      t.say(t.m.blocked(t.contactPhone()));
      return;
  }
}

function buttonIntent(id: Extract<GuestEvent, { type: 'button' }>['id']): Intent | undefined {
  switch (id) {
    case 'confirm':
      return { kind: 'yes' };
    case 'edit':
      return { kind: 'edit' };
    case 'edit_name':
      return { kind: 'edit', field: 'name' };
    case 'edit_phone':
      return { kind: 'edit', field: 'phone' };
    case 'edit_email':
      return { kind: 'edit', field: 'email' };
    case 'edit_car':
      return { kind: 'edit', field: 'car' };
    case 'resend_pin':
      return { kind: 'resend' };
    case 'human':
      return { kind: 'human' };
    case 'no_car':
    case 'use_known_phone':
      return undefined;
  }
}

/** Commands that work at any step. Returns true when the message was fully handled. */
function handleGlobal(t: Turn, intent: Intent): boolean {
  switch (intent.kind) {
    case 'help':
      t.say(t.m.help());
      prompt(t);
      return true;
    case 'human':
      if (!t.state.humanRequested) {
        t.emit({ type: 'alertStaff', kind: 'human_requested', ref: t.state.ref, detail: `Guest asked for a person at step "${t.state.step}".` });
      }
      t.set({ humanRequested: true });
      t.say(t.m.humanRequested());
      return true;
    case 'restart': {
      const s = t.state;
      const fresh = newConversation(s.channel, s.chatId, t.ctx.now, s.lang);
      // `fresh` has no key at all for unset optional fields, so they are cleared explicitly.
      t.set({
        ...fresh,
        ref: undefined,
        proof: undefined,
        confirmedAt: undefined,
        blockedReason: undefined,
        knownPhone: s.knownPhone,
        humanRequested: s.humanRequested,
        createdAt: s.createdAt,
      });
      if (s.ref) t.emit({ type: 'audit', ref: s.ref, action: 'restarted' });
      t.say(t.m.restarted());
      t.say(t.m.askRef());
      return true;
    }
    case 'back':
      return goBack(t);
    case 'edit':
      if (t.state.step === 'blocked') return false;
      if (t.state.step !== 'confirm' && t.state.step !== 'done') {
        // Corrections go through the summary, which needs every answer first.
        t.say(t.m.editLater());
        prompt(t);
        return true;
      }
      if (intent.field) startEdit(t, intent.field);
      else t.say(t.m.askWhichField(), { buttons: editButtons() });
      return true;
    case 'resend':
      if (t.state.step !== 'done') return false;
      resendPin(t);
      return true;
    case 'yes':
    case 'no':
      return false;
  }
}

const PREVIOUS: Partial<Record<Step, Step>> = { name: 'ref', phone: 'name', email: 'phone', car: 'email', confirm: 'car' };

function goBack(t: Turn): boolean {
  if (t.state.editing) {
    // Back to where the edit started: the summary, or "done" when the guest had already confirmed.
    t.set({ editing: false, step: t.state.confirmedAt !== undefined ? 'done' : 'confirm' });
    prompt(t);
    return true;
  }
  const previous = PREVIOUS[t.state.step];
  if (!previous) {
    if (t.state.step === 'ref') {
      t.say(t.m.cannotGoBack());
      prompt(t);
      return true;
    }
    return false; // done/blocked: "back" means nothing there, answer as usual
  }
  // Leaving the booking behind: its PIN job and any staff approval belong to it, not to the next ref typed.
  t.set(
    previous === 'ref'
      ? { ...unproven(t), step: 'ref', ref: undefined }
      : { step: previous },
  );
  prompt(t);
  return true;
}

function startEdit(t: Turn, field: EditableField): void {
  t.set({ step: field, editing: true });
  t.say(field === 'phone' ? t.m.askPhone(knownPhoneLabel(t)) : t.m.fieldPrompt(field));
}

function editButtons(): Button[] {
  return [
    { id: 'edit_name', label: 'Name' },
    { id: 'edit_phone', label: 'Phone' },
    { id: 'edit_email', label: 'Email' },
    { id: 'edit_car', label: 'Car' },
  ];
}

/** Re-asks the question of the current step. */
function prompt(t: Turn): void {
  const s = t.state;
  switch (s.step) {
    case 'ref':
      return t.say(t.m.askRef());
    case 'name':
      return t.say(t.m.askName());
    case 'phone':
      return askPhone(t);
    case 'email':
      return t.say(t.m.askEmail());
    case 'car':
      return t.say(t.m.askCarAgain(), { buttons: [{ id: 'no_car', label: 'No car' }] });
    case 'confirm':
      return showSummary(t);
    case 'done':
      // A held chat has no room to be told about.
      if (held(t)) return t.say(t.m.pinHeld());
      return t.say(t.m.done(t.booking()?.roomName ?? ''), { buttons: [{ id: 'resend_pin', label: 'Show my code' }] });
    case 'blocked':
      return t.say(t.m.blocked(t.contactPhone()));
  }
}

/** Identity and PIN fields as a chat has them before it gave any details. */
function unproven(t: Turn): Partial<ConversationState> {
  const blank = newConversation(t.state.channel, t.state.chatId, t.ctx.now);
  return { identity: 'unknown', proof: undefined, approvalRequired: false, holdAlerted: false, approved: false, pin: blank.pin, confirmedAt: undefined };
}

/** The chat proved the booking, or staff vouched for it: it may be told what is wrong with the booking. */
function proven(t: Turn): boolean {
  return t.state.identity === 'matched' || t.state.approved;
}

/** Only the chat holding the booking gets its door code (it claims it when it proves it, in this step or before). */
function ownsBooking(t: Turn): boolean {
  return t.ctx.bookingOwner === t.state.key || (t.claim !== undefined && t.claim === t.state.ref);
}

function claimedByOther(t: Turn): boolean {
  const owner = t.ctx.bookingOwner;
  return owner !== undefined && owner !== t.state.key && t.ctx.booking?.ref === t.state.ref;
}

function block(t: Turn, reason: 'claimed_elsewhere' | 'booking_cancelled'): void {
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

// ---------------------------------------------------------------- steps

/**
 * A ref has a digit in it ("AB9999" is a typo'd ref; "hello" is a greeting). Not whether the booking
 * exists: the answer would then tell a guesser which words are refs, with no miss counted.
 */
function looksLikeRef(text: string): boolean {
  const parsed = parseRef(text);
  return parsed.ok && /\d/.test(parsed.value);
}

/** A (re)opened chat: greet, and take a deep-linked ref as if typed. Mid-flow, just re-ask. */
function onStart(t: Turn, ref: string | undefined): void {
  const fresh = !t.state.greeted;
  t.set({ greeted: true });
  if (t.state.step === 'ref') {
    if (ref) return onRef(t, ref);
    t.say(t.m.welcome());
    return;
  }
  if (fresh) t.say(t.m.welcome());
  prompt(t);
}

function onRef(t: Turn, text: string): void {
  const parsed = parseRef(text);
  if (!parsed.ok) {
    if (parsed.reason === 'empty') return t.say(t.m.refEmpty());
    return t.say(parsed.reason === 'too_long' ? t.m.refTooLong() : t.m.refFormat());
  }
  const paused = t.ctx.refLookup?.paused;
  if (paused) return lookupsPaused(t, paused);
  const ref = parsed.value;
  const booking = t.ctx.booking?.ref === ref ? t.ctx.booking : undefined;
  if (!booking) return missRef(t, ref);
  // Active, cancelled or claimed by another chat: the same answer until the chat proves the booking.
  t.set({ ref, step: 'name' });
  t.emit({ type: 'audit', ref, action: 'ref_accepted', detail: t.ctx.publicId(t.state.key) });
  t.say(t.m.refAccepted());
}

/** Counted outside the conversation (RESTART or a new chat does not reset it); staff hear once, when the limit is reached. */
function missRef(t: Turn, ref: string): void {
  t.refMiss = true;
  const limit = t.limits().refMissesPerHour;
  const misses = (t.ctx.refLookup?.chatMisses ?? 0) + 1;
  t.say(t.m.refNotFound(ref));
  if (misses < limit) return;
  t.emit({
    type: 'alertStaff',
    kind: 'ref_attempts',
    ref: undefined,
    detail: `${misses} booking references not recognised from this chat within an hour; last tried "${ref}". It can look up no more until the hour passes or staff /unlock it.`,
  });
  t.say(t.m.refGivingUp());
}

function lookupsPaused(t: Turn, why: 'chat' | 'global'): void {
  t.say(t.m.lookupsPaused());
  if (why === 'global') {
    // Many chats meet this at once: one alert per minute, whoever comes first.
    t.emit({
      type: 'alertStaff',
      kind: 'lookups_paused',
      ref: undefined,
      detail: `More than ${t.limits().refFailuresPerMinute} booking references were not found within a minute, across all chats: references are not looked up for anyone until the minute passes or staff /unlock a chat.`,
      once: { key: 'lookups-paused-global', ttlSeconds: 60 },
    });
  }
}

function onName(t: Turn, text: string): void {
  const parsed = parseName(text);
  if (!parsed.ok) {
    return t.say(parsed.reason === 'empty' ? t.m.nameEmpty() : parsed.reason === 'too_long' ? t.m.nameTooLong() : t.m.nameInvalid());
  }
  t.set({ guest: { ...t.state.guest, name: parsed.value } });
  afterDetail(t, 'phone');
}

function onPhone(t: Turn, text: string, intent: Intent | undefined): void {
  if (intent?.kind === 'yes' && t.state.knownPhone) return useKnownPhone(t);
  if (intent?.kind === 'no') return t.say(t.m.askPhone(undefined), { askContact: true });
  const parsed = parsePhone(text, t.ctx.booking?.defaultCountry);
  if (!parsed.ok) {
    const m = t.m;
    t.say(
      parsed.reason === 'empty'
        ? m.phoneEmpty()
        : parsed.reason === 'too_long'
          ? m.tooLong()
          : parsed.reason === 'needs_country'
            ? m.phoneNeedsCountry()
            : m.phoneInvalid(),
    );
    return;
  }
  acceptPhone(t, parsed.value);
}

function useKnownPhone(t: Turn): void {
  if (!t.state.knownPhone) return askPhone(t);
  acceptPhone(t, t.state.knownPhone);
}

function acceptPhone(t: Turn, phone: string): void {
  const parsed = parsePhone(phone);
  if (!parsed.ok) {
    t.say(t.m.phoneInvalid());
    return;
  }
  t.set({ guest: { ...t.state.guest, phone: parsed.value } });
  afterDetail(t, 'email');
}

function onEmail(t: Turn, text: string): void {
  const parsed = parseEmail(text);
  if (!parsed.ok) {
    t.say(parsed.reason === 'empty' ? t.m.emailEmpty() : parsed.reason === 'too_long' ? t.m.tooLong() : t.m.emailInvalid());
    return;
  }
  t.set({ guest: { ...t.state.guest, email: parsed.value } });
  if (t.state.identity !== 'unknown') return afterDetail(t, 'car');
  detailsAccepted(t);
  if (t.state.step !== 'blocked') next(t, 'car');
}

/**
 * A held chat's corrected detail is checked again (a try): when it is corrected from the summary,
 * or when the guest went back and gave all three again. Going back alone spends no try.
 */
function afterDetail(t: Turn, nextStep: Step): void {
  const again = t.state.identity === 'mismatch' && !t.state.approved && (t.state.editing || nextStep === 'car');
  const wasHeld = isHeld(t.state);
  if (again) prove(t);
  if (t.state.step === 'blocked') return;
  next(t, nextStep);
  if (again && wasHeld && !isHeld(t.state) && t.state.confirmedAt !== undefined) deliverAfterRelease(t, true);
}

/** Name, phone and email are in: prove the booking, then start the PIN so it is ready by the time the guest confirms. */
function detailsAccepted(t: Turn): void {
  const ref = t.ref();
  if (!ref) return;
  t.emit({ type: 'audit', ref, action: 'details_accepted', detail: t.ctx.publicId(t.state.key) });
  prove(t);
}

/** A held chat shared its own contact (the platform vouches for the number): check again. */
function recheckWithContact(t: Turn): void {
  prove(t);
  if (t.state.step === 'blocked') return;
  if (isHeld(t.state)) return t.say(t.m.pinHeld());
  if (t.state.confirmedAt !== undefined) return deliverAfterRelease(t, true);
  prompt(t);
}

/**
 * The hold was lifted (staff approval, a corrected detail) after the guest confirmed. A ready PIN
 * is the booking's (sendPin checks the chat holds it); `startedNow`: the PIN job was only just
 * started, so a failure on record is an earlier run's, not news for this chat.
 */
function deliverAfterRelease(t: Turn, startedNow: boolean): void {
  const ref = t.ref();
  if (!ref || t.state.pin.sent) return;
  const pin = t.ctx.pin;
  if (pin?.status === 'ready' && pin.code && ownsBooking(t)) return sendPin(t, pin.code);
  if (pin?.status === 'failed' && !startedNow) return pinFailedToGuest(t, pin.reason ?? 'PIN job failed');
  t.say(t.m.pinComing());
  t.emit({ type: 'schedulePinDeadline', ref, delayMs: t.ctx.pinTimeoutMs });
}

function bookedIdentity(b: BookingView): BookedIdentity {
  return b.identity ?? { policy: 'name+contact' };
}

/**
 * Compares what the chat gave with the booking. A chat that fails is held for staff, who hear
 * once per chat what was given against what is booked; the booking's tries are counted by the
 * engine with the save, and once they run out no proof is accepted from any chat for the day.
 */
function prove(t: Turn): void {
  const ref = t.ref();
  const b = t.booking();
  if (!ref) return;
  if (!b) {
    t.set({ identity: 'mismatch', proof: undefined });
    return hold(t, ref, `Booking ${ref} could not be loaded (deleted, or its room is not in properties.json).`, false);
  }
  const booked = bookedIdentity(b);
  const g = t.state.guest;
  const given = { name: g.name, phone: g.phone, email: g.email, platformPhone: t.state.knownPhone };
  const limit = t.limits().identityTries;
  const tries = t.ctx.identityTries ?? 0;
  if (t.ctx.barred || t.ctx.identityLocked || tries >= limit) {
    t.set({ identity: 'mismatch', proof: undefined });
    const why = t.ctx.barred ? 'staff took this booking away from this chat' : `${limit} failed identity tries on this booking in the last 24 hours`;
    // Raised once a day whoever meets the lock first (chats failing at the same moment may each have seen tries to spare).
    return hold(t, ref, `Not checked: ${why}. ${describeMismatch(given, b.guestName, booked)}`, !t.ctx.barred);
  }
  const check = checkIdentity(given, b.guestName, booked);
  t.identityCheck = { ref, passed: check.passed };
  if (!check.passed) {
    t.set({ identity: 'mismatch', proof: undefined });
    t.emit({ type: 'audit', ref, action: 'identity_failed', detail: t.ctx.publicId(t.state.key) });
    const what = !check.nameMatches ? 'the name does not match' : 'no phone number or email matches';
    return hold(t, ref, `Identity not proven (${what}). ${describeMismatch(given, b.guestName, booked)}`, tries + 1 >= limit);
  }
  t.set({ identity: 'matched', proof: check.proof, approvalRequired: booked.policy === 'staff' });
  t.emit({ type: 'audit', ref, action: 'identity_verified', detail: `${t.ctx.publicId(t.state.key)}: ${PROOF_WORDS[check.proof]}` });
  if (b.status === 'cancelled') return block(t, 'booking_cancelled');
  if (claimedByOther(t)) return block(t, 'claimed_elsewhere');
  t.claim = ref;
  startPin(t, ref);
  if (check.proof === 'name_only' || check.proof === 'name_policy') {
    t.emit({ type: 'note', text: `Verified by ${PROOF_WORDS[check.proof]}. If in doubt, call the guest; /reassign takes the booking back from this chat.` });
  }
  if (booked.policy === 'staff' && !t.state.approved) {
    t.emit({
      type: 'alertStaff',
      kind: 'approval_needed',
      ref,
      detail: `Booking ${ref}: verified by ${PROOF_WORDS[check.proof]}. Every door code here is approved by hand (IDENTITY_POLICY=staff): /approve sends it.`,
    });
  }
}

/** No PIN job, no door code: a person decides. Staff hear once per chat, and again when the booking's tries run out. */
function hold(t: Turn, ref: string, detail: string, lockedNow: boolean): void {
  if (!t.state.holdAlerted) {
    t.set({ holdAlerted: true });
    t.emit({
      type: 'alertStaff',
      kind: 'identity_mismatch',
      ref,
      detail: `${detail} No door code is made until staff /approve this chat.`,
      // RESTART clears holdAlerted: a chat going round again is not news to staff for a day.
      once: { key: `identity-held:${ref}:${t.ctx.publicId(t.state.key)}`, ttlSeconds: 24 * 3600 },
    });
  }
  if (lockedNow) {
    t.emit({
      type: 'alertStaff',
      kind: 'identity_locked',
      ref,
      detail: `Booking ${ref}: ${t.limits().identityTries} failed identity tries within 24 hours. No chat can prove it until then; /approve the right guest's chat, or /unlock in it to let them try again.`,
      once: { key: `identity-locked:${ref}`, ttlSeconds: 24 * 3600 },
    });
  }
}

function startPin(t: Turn, ref: string): void {
  if (t.state.pin.requested) return;
  t.set({ pin: { ...t.state.pin, requested: true, status: 'pending' } });
  t.emit({ type: 'enqueuePin', ref });
}

function onCar(t: Turn, text: string): void {
  const parsed = parsePlate(text);
  if (!parsed.ok) {
    t.say(parsed.reason === 'too_long' ? t.m.tooLong() : parsed.reason === 'empty' ? t.m.askCarAgain() : t.m.carInvalid());
    return;
  }
  acceptCar(t, parsed.value);
}

function acceptCar(t: Turn, car: string | null): void {
  t.set({ guest: { ...t.state.guest, car } });
  next(t, 'confirm');
}

/** Moves to `step`, or back to the summary when the guest was correcting one field. */
function next(t: Turn, step: Step): void {
  if (t.state.editing) {
    t.set({ editing: false });
    if (t.state.confirmedAt !== undefined) {
      t.set({ step: 'done' });
      t.say(t.m.updated());
      return;
    }
    t.set({ step: 'confirm' });
    showSummary(t);
    return;
  }
  t.set({ step });
  if (step === 'car' && t.state.guest.car !== undefined) {
    // Going forward again after "back": the car was already answered.
    return next(t, 'confirm');
  }
  if (step === 'car') return t.say(t.m.askCar(t.state.pin.requested), { buttons: [{ id: 'no_car', label: 'No car' }] });
  prompt(t);
}

function askPhone(t: Turn): void {
  const known = knownPhoneLabel(t);
  t.say(t.m.askPhone(known), known ? { buttons: [{ id: 'use_known_phone', label: `Use ${known}` }] } : { askContact: true });
}

function knownPhoneLabel(t: Turn): string | undefined {
  return t.state.knownPhone ? formatPhoneForDisplay(t.state.knownPhone) : undefined;
}

function showSummary(t: Turn): void {
  const b = t.booking();
  const g = t.state.guest;
  const stay = b && proven(t) ? { propertyName: b.propertyName, roomName: b.roomName, checkInLabel: b.checkInLabel, checkOutLabel: b.checkOutLabel } : undefined;
  t.say(
    t.m.summary({
      ref: t.state.ref ?? '',
      ...(stay ? { stay } : {}),
      name: g.name ?? '',
      phone: g.phone ? formatPhoneForDisplay(g.phone) : '',
      email: g.email ?? '',
      car: g.car ?? null,
    }),
    {
      buttons: [
        { id: 'confirm', label: 'Confirm' },
        { id: 'edit', label: 'Edit' },
      ],
    },
  );
}

const FIELD_WORDS: Record<string, EditableField> = {
  name: 'name',
  phone: 'phone',
  number: 'phone',
  mobile: 'phone',
  email: 'email',
  'e-mail': 'email',
  car: 'car',
  plate: 'car',
  reg: 'car',
  registration: 'car',
};

/** After "which detail?", a bare "email" picks the field. */
function fieldWord(text: string): EditableField | undefined {
  return FIELD_WORDS[cleanText(text).toLowerCase().replace(/[^a-z-]/g, '')];
}

function onConfirm(t: Turn, intent: Intent | undefined, text: string): void {
  const field = fieldWord(text);
  if (field) return startEdit(t, field);
  if (t.state.confirmedAt !== undefined) return onDone(t, intent, text);
  if (intent?.kind === 'no') {
    t.say(t.m.askWhichField(), { buttons: editButtons() });
    return;
  }
  if (intent?.kind !== 'yes') {
    t.say(t.m.confirmPrompt(), {
      buttons: [
        { id: 'confirm', label: 'Confirm' },
        { id: 'edit', label: 'Edit' },
      ],
    });
    return;
  }
  const ref = t.ref();
  if (!ref) return;
  t.set({ step: 'done', confirmedAt: t.ctx.now });
  t.emit({ type: 'audit', ref, action: 'confirmed', detail: t.ctx.publicId(t.state.key) });
  if (held(t)) {
    t.say(t.m.pinHeld());
    return;
  }
  const pin = t.ctx.pin;
  if (pin?.status === 'ready' && pin.code) return sendPin(t, pin.code);
  if (pin?.status === 'failed') return pinFailedToGuest(t, pin.reason ?? 'PIN job failed');
  t.say(t.m.pinComing());
  t.emit({ type: 'schedulePinDeadline', ref, delayMs: t.ctx.pinTimeoutMs });
}

function onDone(t: Turn, intent: Intent | undefined, text: string): void {
  const field = fieldWord(text);
  if (field) return startEdit(t, field);
  if (intent?.kind === 'yes') {
    t.say(t.m.alreadyConfirmed());
    return;
  }
  prompt(t);
}

function resendPin(t: Turn): void {
  // "pin" is a global command, so it is handled before the usual checks: repeat them here.
  if (held(t)) return t.say(t.m.pinHeld());
  if (t.booking()?.status === 'cancelled') return block(t, 'booking_cancelled');
  if (claimedByOther(t)) return block(t, 'claimed_elsewhere');
  const pin = t.ctx.pin;
  if (pin?.status === 'ready' && pin.code && t.booking()) return sendPin(t, pin.code);
  if (pin?.status === 'failed') return t.say(t.m.pinFailed(t.contactPhone() ?? ''));
  t.say(t.m.pinNotYet());
}

/** No door code for this chat without a person's approval (or the details were never checked). */
function held(t: Turn): boolean {
  return isHeld(t.state) || (t.state.identity === 'unknown' && !t.state.approved);
}

/** `by`: the staff member who asked for it, for the audit trail. */
function sendPin(t: Turn, code: string, by?: string): void {
  const b = t.booking();
  const ref = t.ref();
  if (!b || !ref) return;
  if (b.status === 'cancelled') return block(t, 'booking_cancelled'); // cancelled while the PIN job ran
  // Only the chat holding the booking gets its PIN: one that lost it (reassigned, cancelled and re-made) does not.
  if (!ownsBooking(t)) return;
  const details = {
    propertyName: b.propertyName,
    roomName: b.roomName,
    checkInLabel: b.checkInLabel,
    checkOutLabel: b.checkOutLabel,
    ...(b.arrivalInstructions ? { arrivalInstructions: b.arrivalInstructions } : {}),
  };
  t.say(t.m.pin({ code, ...details }), { secret: { redacted: t.m.pin({ code: t.m.pinRedacted, ...details }) } });
  t.emit({ type: 'audit', ref, action: t.state.pin.sent ? 'pin_resent' : 'pin_sent', detail: t.ctx.publicId(t.state.key), ...(by ? { by } : {}) });
  t.set({ pin: { ...t.state.pin, status: 'ready', sent: true } });
}

function pinFailedToGuest(t: Turn, reason: string): void {
  t.say(t.m.pinFailed(t.contactPhone() ?? ''));
  alertPinFailed(t, reason);
}

function alertPinFailed(t: Turn, reason: string): void {
  if (!t.state.pin.failureAlerted) {
    const ref = t.ref() ?? '';
    t.emit({ type: 'alertStaff', kind: 'pin_failed', ref, detail: `Door code for booking ${ref} could not be created: ${reason}` });
  }
  t.set({ pin: { ...t.state.pin, status: 'failed', failureAlerted: true } });
}

// ---------------------------------------------------------------- system events

function onSystemEvent(t: Turn, event: SystemEvent): void {
  if (event.type === 'deliveryFailed') return onDeliveryFailed(t, event);
  if (event.type === 'staffTakeover' || event.type === 'staffRelease' || event.type === 'staffMessage') return onStaff(t, event);
  if (event.type === 'staffResend') return onStaffResend(t, event.by);
  if (event.type === 'staffUnlocked') return onUnlocked(t, event.by);
  if (event.type === 'bookingReassigned') return onReassigned(t, event);
  if (event.type === 'bookingCancelled') return onCancelled(t, event.ref);
  if (event.type === 'bookingFreed') return onFreed(t, event);
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
      if (confirmed && !silent && !t.state.pin.sent && !held(t) && code) sendPin(t, code);
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

/**
 * Staff re-send the PIN, even while they have the conversation: only to the chat that proved
 * the booking, only a PIN that is on both locks, never one held for identity.
 */
function onStaffResend(t: Turn, by: string): void {
  const ref = t.ref();
  const pin = t.ctx.pin;
  if (!ref || t.ctx.bookingOwner !== t.state.key || held(t) || pin?.status !== 'ready' || !pin.code) {
    if (ref) t.emit({ type: 'audit', ref, action: 'resend_refused', detail: by, by });
    return;
  }
  sendPin(t, pin.code, by);
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
