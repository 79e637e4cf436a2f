/**
 * A guest's message, button, shared contact or media: a first "hi" gets a welcome, global commands
 * come next, then the chat's step gets the answer.
 */
import type { GuestEvent } from '../events.js';
import { type Intent, parseIntent } from '../parse/intent.js';
import { parsePhone } from '../parse/phone.js';
import { languageOfButton } from '../messages/languages.js';
import { onDepartureWords } from './departure.js';
import { handleGlobal } from './globals.js';
import { adaptLanguage } from './language.js';
import { block, claimedByOther, proven } from './guards.js';
import { prompt } from './prompts.js';
import { recheckWithContact } from './proof.js';
import { looksLikeRef, onRef } from './ref-step.js';
import { acceptCar, acceptPhone, onCar, onConfirm, onDone, onEmail, onName, onPhone, useKnownPhone } from './steps.js';
import type { Turn } from './turn.js';

export function onGuestEvent(t: Turn, event: GuestEvent): void {
  adaptLanguage(t, event);
  if (event.type === 'start') return onStart(t, event.ref);
  const firstMessage = !t.state.greeted;
  const typed = event.type === 'text' ? parseIntent(event.text, t.words.intent) : undefined;
  if (firstMessage && t.state.step === 'ref' && event.type === 'text' && !looksLikeRef(t, event.text) && typed?.kind !== 'human' && typed?.kind !== 'language') {
    // "hi" as a first message deserves a welcome, not "that is not a booking reference".
    // A first message asking for a person still reaches staff (a global command works at any step),
    // and one naming a language is welcomed in it.
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
  const intent = event.type === 'button' ? buttonIntent(event.id) : typed;
  if (intent && handleGlobal(t, intent, firstMessage)) return;
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
      if (onDepartureWords(t, event, intent)) return;
      return onDone(t, intent, text, event.type === 'button' ? event.id : undefined);
    case 'blocked':
      t.say(t.m.blocked(t.contactPhone()));
      return;
  }
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

function buttonIntent(id: Extract<GuestEvent, { type: 'button' }>['id']): Intent | undefined {
  const lang = languageOfButton(id);
  if (lang) return { kind: 'language', lang };
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
    case 'language':
      return { kind: 'language' };
    default:
      // no_car and use_known_phone are answers to their step, not commands.
      return undefined;
  }
}
