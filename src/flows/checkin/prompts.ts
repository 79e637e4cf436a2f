/**
 * What the bot asks: the question of each step (`prompt`), moving on to the next step or back to
 * the summary after a correction (`next`), the summary itself and starting an edit from it.
 */
import type { Button } from '../effects.js';
import { formatPhoneForDisplay } from '../parse/phone.js';
import type { EditableField, Step } from '../state.js';
import { proven } from './guards.js';
import { held } from './pin-rules.js';
import { answered } from './retries.js';
import type { Turn } from './turn.js';

/** Re-asks the question of the current step. */
export function prompt(t: Turn): void {
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
      return t.say(t.m.askCarAgain(), { buttons: [t.button('no_car')] });
    case 'confirm':
      return showSummary(t);
    case 'done':
      // A held chat has no room to be told about.
      if (held(t)) return t.say(t.m.pinHeld());
      return t.say(t.m.done(t.booking()?.roomName ?? ''), { buttons: [t.button('resend_pin'), t.button('code_trouble')] });
    case 'blocked':
      return t.say(t.m.blocked(t.contactPhone()));
  }
}

/** Moves to `step`, or back to the summary when the guest was correcting one field. */
export function next(t: Turn, step: Step): void {
  answered(t);
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
  if (step === 'car') return t.say(t.m.askCar(t.state.pin.requested), { buttons: [t.button('no_car')] });
  prompt(t);
}

export function askPhone(t: Turn): void {
  const known = knownPhoneLabel(t);
  t.say(t.m.askPhone(known), known ? { buttons: [{ id: 'use_known_phone', label: t.m.buttons.use_known_phone(known) }] } : { askContact: true });
}

function knownPhoneLabel(t: Turn): string | undefined {
  return t.state.knownPhone ? formatPhoneForDisplay(t.state.knownPhone) : undefined;
}

function showSummary(t: Turn): void {
  const b = t.booking();
  const g = t.state.guest;
  const stay = b && proven(t) ? { propertyName: b.propertyName, roomName: b.roomName, ...t.stayLabels(b) } : undefined;
  t.say(
    t.m.summary({
      ref: t.state.ref ?? '',
      ...(stay ? { stay } : {}),
      name: g.name ?? '',
      phone: g.phone ? formatPhoneForDisplay(g.phone) : '',
      email: g.email ?? '',
      car: g.car ?? null,
    }),
    { buttons: confirmButtons(t) },
  );
}

/** On the summary: confirm, or pick a detail to change. */
export function confirmButtons(t: Turn): Button[] {
  return [t.button('confirm'), t.button('edit')];
}

export function startEdit(t: Turn, field: EditableField): void {
  t.set({ step: field, editing: true });
  t.say(field === 'phone' ? t.m.askPhone(knownPhoneLabel(t)) : t.m.fieldPrompt(field));
}

/** "Which detail?": one button per detail the summary shows. */
export function editButtons(t: Turn): Button[] {
  return [t.button('edit_name'), t.button('edit_phone'), t.button('edit_email'), t.button('edit_car')];
}
