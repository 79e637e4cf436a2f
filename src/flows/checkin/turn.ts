/**
 * One call of `step`: the state as it changes, the effects in order, and what the engine must
 * do with the save (claim the booking, count an identity try or an unknown ref). Every part of
 * the flow takes a Turn and adds to it; nothing here decides anything.
 */
import { type BookingView, DEFAULT_LIMITS, type StepContext, type StepResult } from '../context.js';
import type { Button, Effect, SendEffect } from '../effects.js';
import type { FixedButton } from '../messages/catalog.js';
import { CATALOGS, type Language, LANGUAGE_NAMES, type Messages } from '../messages/index.js';
import { type Understood, understoodIn } from '../messages/understood.js';
import type { ConversationState } from '../state.js';

export class Turn {
  readonly effects: Effect[] = [];
  claim: string | undefined;
  identityCheck: StepResult['identityCheck'];
  refMiss = false;
  constructor(
    public state: ConversationState,
    readonly ctx: StepContext,
  ) {}
  /** The guest's language's sentences; read when used, since a turn may switch the language (checkin/language.ts). */
  get m(): Messages {
    return CATALOGS[this.state.lang];
  }
  /** What the flow understands from this guest: their language's words, then English's. */
  get words(): Understood {
    return understoodIn(this.state.lang);
  }
  /** A button, labelled in the guest's language. */
  button(id: FixedButton): Button {
    return { id, label: this.m.buttons[id] };
  }
  /** The button that switches to `lang`, labelled with the language's own name. */
  languageButton(lang: Language): Button {
    return { id: `lang_${lang}`, label: LANGUAGE_NAMES[lang] };
  }
  /** Sent in the guest's language, which rides along (unless English) for the words a channel adds itself. */
  say(text: string, extra: Omit<SendEffect, 'type' | 'text'> = {}): void {
    this.effects.push({ type: 'send', text, ...extra, ...(this.state.lang !== 'en' ? { lang: this.state.lang } : {}) });
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
  /** The stay's dates and times, as the guest's language writes them. */
  stayLabels(b: BookingView): { checkInLabel: string; checkOutLabel: string } {
    const local = b.stayLabels?.[this.state.lang];
    return local ? { checkInLabel: local.checkIn, checkOutLabel: local.checkOut } : { checkInLabel: b.checkInLabel, checkOutLabel: b.checkOutLabel };
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
