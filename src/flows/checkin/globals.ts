/**
 * Commands that work at any step: help, talk to a person, restart, back, edit and show the PIN.
 * They are tried before the step's own answer, so they are whole-message phrases only (parse/intent.ts).
 */
import type { Intent } from '../parse/intent.js';
import { newConversation, type Step } from '../state.js';
import { unproven } from './guards.js';
import { languageButtons, setLanguage } from './language.js';
import { resendPin } from './pin-rules.js';
import { editButtons, prompt, startEdit } from './prompts.js';
import type { Turn } from './turn.js';

/**
 * Commands that work at any step. Returns true when the message was fully handled.
 * `firstMessage`: the chat's first message, which a language command answers with the welcome.
 */
export function handleGlobal(t: Turn, intent: Intent, firstMessage = false): boolean {
  switch (intent.kind) {
    case 'help':
      t.say(t.m.help(), { buttons: [t.button('language')] });
      prompt(t);
      return true;
    case 'language':
      if (!intent.lang) {
        t.say(t.m.chooseLanguage(), { buttons: languageButtons(t) });
        return true;
      }
      setLanguage(t, intent.lang, 'chosen');
      if (firstMessage && t.state.step === 'ref') {
        t.say(t.m.welcome());
        return true;
      }
      t.say(t.m.languageChanged());
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
        codeTrouble: undefined,
        failures: undefined,
        unlistedPhone: undefined,
        knownPhone: s.knownPhone,
        humanRequested: s.humanRequested,
        // Starting again with another booking, not in another language.
        langSource: s.langSource,
        langStreak: s.langStreak,
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
      else t.say(t.m.askWhichField(), { buttons: editButtons(t) });
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
