/**
 * The answers after the ref: name, phone, email, car, then the summary to confirm and the chat
 * once confirmed ("done"). Each answer is parsed and either re-asked with the reason or stored.
 */
import { parseEmail } from '../parse/email.js';
import type { Intent } from '../parse/intent.js';
import { parseName } from '../parse/name.js';
import { parsePhone, unlistedPhone } from '../parse/phone.js';
import { parsePlate } from '../parse/plate.js';
import { cleanText } from '../parse/text.js';
import { fieldWordKey } from '../messages/understood.js';
import type { EditableField } from '../state.js';
import type { ButtonId } from '../events.js';
import { afterCheckin } from './after-checkin.js';
import { reAsk } from './retries.js';
import { held, pinFailedToGuest, sendPin } from './pin-rules.js';
import { askPhone, confirmButtons, editButtons, next, prompt, startEdit } from './prompts.js';
import { afterDetail, detailsAccepted } from './proof.js';
import type { Turn } from './turn.js';

export function onName(t: Turn, text: string): void {
  const parsed = parseName(text);
  if (!parsed.ok) {
    return reAsk(t, parsed.reason === 'empty' ? t.m.nameEmpty() : parsed.reason === 'too_long' ? t.m.nameTooLong() : t.m.nameInvalid());
  }
  t.set({ guest: { ...t.state.guest, name: parsed.value } });
  afterDetail(t, 'phone');
}

export function onPhone(t: Turn, text: string, intent: Intent | undefined): void {
  if (intent?.kind === 'yes' && t.state.knownPhone) return useKnownPhone(t);
  if (intent?.kind === 'no') return t.say(t.m.askPhone(undefined), { askContact: true });
  const country = t.ctx.booking?.defaultCountry;
  const parsed = parsePhone(text, country);
  if (!parsed.ok) {
    const unlisted = parsed.reason === 'invalid' ? unlistedPhone(text, country) : undefined;
    if (unlisted) return onUnlistedPhone(t, unlisted);
    const m = t.m;
    reAsk(
      t,
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

/** Possible but not valid (new ranges lag in the phone library's data): the same number sent twice is taken, and staff told to check it. */
function onUnlistedPhone(t: Turn, phone: string): void {
  if (t.state.unlistedPhone !== phone) {
    t.set({ unlistedPhone: phone });
    return reAsk(t, t.m.phoneUnlisted());
  }
  t.set({ unlistedPhone: undefined, guest: { ...t.state.guest, phone } });
  t.emit({
    type: 'note',
    text: `Phone number accepted although the phone library does not recognise its range (typed twice the same): please check it with the guest.`,
  });
  if (t.state.ref) t.emit({ type: 'audit', ref: t.state.ref, action: 'phone_unlisted_accepted', detail: t.ctx.publicId(t.state.key) });
  afterDetail(t, 'email');
}

export function useKnownPhone(t: Turn): void {
  if (!t.state.knownPhone) return askPhone(t);
  acceptPhone(t, t.state.knownPhone);
}

export function acceptPhone(t: Turn, phone: string): void {
  const parsed = parsePhone(phone);
  if (!parsed.ok) {
    t.say(t.m.phoneInvalid());
    return;
  }
  t.set({ guest: { ...t.state.guest, phone: parsed.value }, unlistedPhone: undefined });
  afterDetail(t, 'email');
}

export function onEmail(t: Turn, text: string): void {
  const parsed = parseEmail(text);
  if (!parsed.ok) {
    reAsk(t, parsed.reason === 'empty' ? t.m.emailEmpty() : parsed.reason === 'too_long' ? t.m.tooLong() : t.m.emailInvalid());
    return;
  }
  t.set({ guest: { ...t.state.guest, email: parsed.value } });
  if (t.state.identity !== 'unknown') return afterDetail(t, 'car');
  detailsAccepted(t);
  if (t.state.step !== 'blocked') next(t, 'car');
}

export function onCar(t: Turn, text: string): void {
  const parsed = parsePlate(text, t.words.noCar);
  if (!parsed.ok) {
    reAsk(t, parsed.reason === 'too_long' ? t.m.tooLong() : parsed.reason === 'empty' ? t.m.askCarAgain() : t.m.carInvalid());
    return;
  }
  acceptCar(t, parsed.value);
}

export function acceptCar(t: Turn, car: string | null): void {
  t.set({ guest: { ...t.state.guest, car } });
  next(t, 'confirm');
}

/** After "which detail?", a bare "email" (or "teléfono", "imię i nazwisko") picks the field. */
function fieldWord(t: Turn, text: string): EditableField | undefined {
  // A Map: "constructor" or "toString" find nothing.
  return t.words.fieldWords.get(fieldWordKey(cleanText(text)));
}

export function onConfirm(t: Turn, intent: Intent | undefined, text: string): void {
  const field = fieldWord(t, text);
  if (field) return startEdit(t, field);
  if (t.state.confirmedAt !== undefined) return onDone(t, intent, text);
  if (intent?.kind === 'no') {
    t.say(t.m.askWhichField(), { buttons: editButtons(t) });
    return;
  }
  if (intent?.kind !== 'yes') {
    reAsk(t, t.m.confirmPrompt(), { buttons: confirmButtons(t) });
    return;
  }
  const ref = t.ref();
  if (!ref) return;
  t.set({ step: 'done', confirmedAt: t.ctx.now, failures: undefined });
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

export function onDone(t: Turn, intent: Intent | undefined, text: string, button?: ButtonId): void {
  const field = fieldWord(t, text);
  if (field) return startEdit(t, field);
  if (intent?.kind === 'yes') {
    t.say(t.m.alreadyConfirmed());
    return;
  }
  // Questions, "the code doesn't work", anything else for staff: after-checkin.ts. A command that
  // means nothing here ("back", "no") gets the checked-in message.
  if (intent === undefined && afterCheckin(t, text, button)) return;
  prompt(t);
}
