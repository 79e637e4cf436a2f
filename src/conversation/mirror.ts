import type { Effect } from '../flows/effects.js';
import type { FlowEvent } from '../flows/events.js';
import type { Channel, ConversationState } from '../flows/state.js';

/**
 * A line of the conversation copied to staff, labelled by who said it. Never PIN digits.
 * `action` lines say what a staff member did (took over, released, ...), whatever tool they
 * used, so everyone following the conversation sees it.
 */
export interface MirrorEffect {
  type: 'mirror';
  from: 'guest' | 'bot' | 'staff' | 'action' | 'note';
  text: string;
  /** The staff member behind a relayed message or an action (the event's `by`). */
  by?: string;
}

/** What the engine queues: the flow's effects plus its own staff mirrors. */
export type EngineEffect = Effect | MirrorEffect;

export interface MirrorLine {
  convKey: string;
  channel: Channel;
  chatId: string;
  ref: string | undefined;
  from: MirrorEffect['from'];
  text: string;
  by?: string;
}

/** Where staff follow conversations (the Telegram staff group). */
export interface StaffMirror {
  mirror(line: MirrorLine): Promise<void>;
}

/** How a guest's event reads to staff. */
export function describeGuestEvent(event: FlowEvent): string | undefined {
  switch (event.type) {
    case 'text':
      return event.text;
    case 'start':
      return event.ref ? `/start ${event.ref}` : '/start';
    case 'button':
      return `[pressed: ${event.id}]`;
    case 'contact':
      return `[shared contact: ${event.phone}]`;
    case 'media':
      return `[sent a ${event.kind}]`;
    default:
      return undefined; // system events are not something the guest said
  }
}

/**
 * The guest's message (or what a staff member did) first, then each reply followed by its copy
 * for staff (redacted if secret). `change` (the state before and after the event) lets a staff
 * action be described by what it actually did.
 */
export function withMirrors(event: FlowEvent, effects: readonly Effect[], change?: { before: ConversationState; after: ConversationState }): EngineEffect[] {
  const out: EngineEffect[] = [];
  const said = describeGuestEvent(event);
  if (said !== undefined) out.push({ type: 'mirror', from: 'guest', text: said });
  const action = change ? describeStaffAction(event, effects, change.before, change.after) : undefined;
  if (action !== undefined && 'by' in event) out.push({ type: 'mirror', from: 'action', text: action, by: event.by });
  for (const effect of effects) {
    if (effect.type === 'note') {
      out.push({ type: 'mirror', from: 'note', text: effect.text });
      continue;
    }
    out.push(effect);
    if (effect.type === 'send') {
      const from = effect.from ?? 'bot';
      const by = from === 'staff' && event.type === 'staffMessage' ? { by: event.by } : {};
      out.push({ type: 'mirror', from, text: effect.secret ? effect.secret.redacted : effect.text, ...by });
    }
  }
  return out;
}

/** What a staff event did, for the staff mirror; undefined when it changed nothing worth a line. */
export function describeStaffAction(event: FlowEvent, effects: readonly Effect[], before: ConversationState, after: ConversationState): string | undefined {
  const audited = (action: string) => effects.some((e) => e.type === 'audit' && e.action === action);
  switch (event.type) {
    case 'staffTakeover':
    case 'staffMessage':
      return !before.takenOver && after.takenOver ? 'took over: the bot is paused for this guest.' : undefined;
    case 'staffRelease':
      return before.takenOver && !after.takenOver ? `handed the conversation back to the bot (step: ${after.step}).` : undefined;
    case 'staffApproved':
      if (!before.approved && after.approved) {
        const later = after.takenOver && !after.pin.sent ? ' It goes to the guest once the conversation is released.' : '';
        return `approved the guest's identity: the door code may go to this chat.${later}`;
      }
      return audited('approve_refused') ? 'tried to approve, but the booking is already claimed by another chat.' : undefined;
    case 'bookingReassigned':
      return before.ref === event.ref && after.blockedReason === 'reassigned' && before.blockedReason !== 'reassigned'
        ? `took booking ${event.ref} away from this chat: its door codes are coming off the locks; the guest was told only that the team has the booking.`
        : undefined;
    case 'bookingFreed':
      if (before.blockedReason !== 'claimed_elsewhere' || after.blockedReason === 'claimed_elsewhere') return undefined;
      return after.identity === 'matched' ? `freed booking ${event.ref} for this chat: the guest's details match, a new door code is on its way.` : `freed booking ${event.ref} for this chat, but the guest's details do not prove it: held.`;
    case 'staffUnlocked':
      return 'lifted the guessing limits on this chat.';
    case 'staffCheckout':
      return audited('checkout_requested')
        ? 'checked the guest out: their door code is being shortened to end within 15 minutes.'
        : 'tried to check the guest out (see the note for why not).';
    case 'staffResend':
      if (effects.some((e) => e.type === 'send' && e.secret)) return 'had the door code sent again.';
      return 'asked for the door code again, but it cannot be sent to this chat (not ready, held for identity, or the booking belongs to another chat).';
    default:
      return undefined;
  }
}
