/**
 * One call of `step`: the state as it changes, the effects in order, and what the engine must
 * do with the save (claim the booking, count an identity try or an unknown ref). Every part of
 * the flow takes a Turn and adds to it; nothing here decides anything.
 */
import { type BookingView, DEFAULT_LIMITS, type StepContext, type StepResult } from '../context.js';
import type { Button, Effect, SendEffect } from '../effects.js';
import type { FixedButton } from '../messages/catalog.js';
import { type Messages, messagesFor } from '../messages/index.js';
import type { ConversationState } from '../state.js';

export class Turn {
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
  /** A button, labelled in the guest's language. */
  button(id: FixedButton): Button {
    return { id, label: this.m.buttons[id] };
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
