import type { BookingStore } from '../../bookings/store.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import type { GuessLimits } from '../../conversation/guess-limits.js';
import type { BookingReassigner } from '../../conversation/reassign.js';
import type { ConversationStore } from '../../conversation/store.js';
import type { SystemEvent } from '../../flows/events.js';
import { parseConversationKey, type ConversationState } from '../../flows/state.js';
import { conversationStatus } from '../../conversation/status.js';
import type { PinStore } from '../../locks/pin-store.js';
import type { PropertyCatalog } from '../../properties/properties.js';
import type { AuditLog } from '../../oversight/audit.js';
import type { StaffCommand } from './commands.js';
import { statusText } from './status.js';
import { enStaffTexts, type StaffTexts } from './texts.js';

/** What a staff member sent in a conversation's topic. */
export type StaffInput = { kind: 'command'; command: StaffCommand } | { kind: 'nonText' } | { kind: 'edited' };

export interface StaffActionsDeps {
  store: Pick<ConversationStore, 'load' | 'owner'>;
  engine: Pick<ConversationEngine, 'receive'>;
  bookings: Pick<BookingStore, 'get'>;
  pins: Pick<PinStore, 'get'>;
  catalog: PropertyCatalog;
  audit: Pick<AuditLog, 'record'>;
  reassigner: Pick<BookingReassigner, 'reassign'>;
  limits: Pick<GuessLimits, 'unlock'>;
  /** Posts an answer to the staff member in the conversation's topic. */
  reply: (convKey: string, text: string) => Promise<void>;
  now?: () => number;
  /** STAFF_LANGUAGE's words (default English). */
  texts?: StaffTexts;
}

/**
 * Staff commands from the group, carried out on a conversation. What changes the conversation
 * goes through the engine as the flow's staff events (the same ones the admin API sends), so
 * the flow decides and the engine's mirror posts what happened in the topic, whoever did it.
 * What cannot work is answered here at once, with the reason.
 *
 * Resolves once the event is queued (durably); `processed` is the engine's work on it, for the
 * caller to wait on at shutdown. (Wrapped: an async function returning a promise would wait for it.)
 */
export class StaffActions {
  private readonly now: () => number;
  private readonly texts: StaffTexts;

  constructor(private readonly deps: StaffActionsDeps) {
    this.now = deps.now ?? Date.now;
    this.texts = deps.texts ?? enStaffTexts;
  }

  async run(convKey: string, input: StaffInput, by: string): Promise<Queued> {
    const staffTexts = this.texts.replies;
    if (input.kind === 'nonText') return this.answer(convKey, staffTexts.onlyText);
    if (input.kind === 'edited') return this.answer(convKey, staffTexts.editNotSent);
    const command = input.command;
    if (command.kind === 'help') return this.answer(convKey, staffTexts.help);
    if (command.kind === 'unknown') return this.answer(convKey, staffTexts.unknownCommand(command.name));

    const loaded = await this.deps.store.load(convKey);
    if (!loaded) return this.answer(convKey, staffTexts.noConversation);
    const state = loaded.state;
    switch (command.kind) {
      case 'relay':
        return this.send(convKey, { type: 'staffMessage', by, text: command.text });
      case 'takeover':
        if (state.takenOver) return this.answer(convKey, staffTexts.alreadyTakenOver);
        return this.send(convKey, { type: 'staffTakeover', by });
      case 'release':
        if (!state.takenOver) return this.answer(convKey, staffTexts.notTakenOver);
        return this.send(convKey, { type: 'staffRelease', by });
      case 'approve': {
        const why = notApprovable(state);
        if (why || !state.ref) return this.answer(convKey, staffTexts.nothingToApprove(why ?? 'no booking yet'));
        return this.send(convKey, { type: 'staffApproved', ref: state.ref, by });
      }
      case 'resend':
        if (!state.pin.sent) return this.answer(convKey, staffTexts.noPinSent(state.ref ? 'no door code was sent to this guest yet' : 'no booking yet'));
        return this.send(convKey, { type: 'staffResend', by });
      case 'status':
        return this.answer(convKey, await this.status(state, command.showPin, by));
      case 'reassign':
        return this.reassign(convKey, state, by);
      case 'checkout': {
        // Only the chat that proved the booking stands for its guest; the flow checks the dates.
        if (!state.ref) return this.answer(convKey, staffTexts.nothingToCheckOut('this chat has not given a booking reference'));
        if ((await this.deps.store.owner(state.ref)) !== convKey) {
          return this.answer(convKey, staffTexts.nothingToCheckOut(`this chat does not hold booking ${state.ref} (it has not proven it, or lost it)`));
        }
        return this.send(convKey, { type: 'staffCheckout', by });
      }
      case 'unlock':
        await this.deps.limits.unlock(convKey, state.ref);
        await this.answer(convKey, staffTexts.unlocked(state.ref));
        return this.send(convKey, { type: 'staffUnlocked', by });

    }
  }

  private async reassign(convKey: string, state: ConversationState, by: string): Promise<Queued> {
    const staffTexts = this.texts.replies;
    const ref = state.ref;
    if (!ref) return this.answer(convKey, staffTexts.nothingToReassign('this chat has not given a booking reference'));
    const result = await this.deps.reassigner.reassign(ref, by, convKey);
    if (!result.ok) return this.answer(convKey, staffTexts.nothingToReassign(`no chat holds booking ${ref}`));
    if (!result.from) return this.answer(convKey, staffTexts.alreadyReassigned(ref));
    return this.answer(convKey, staffTexts.reassigned(ref, result.from === convKey));
  }

  private async answer(convKey: string, text: string): Promise<Queued> {
    await this.deps.reply(convKey, text);
    return {};
  }

  private async send(convKey: string, event: SystemEvent): Promise<Queued> {
    const where = parseConversationKey(convKey);
    if (!where) return {};
    const { processed } = await this.deps.engine.receive({ ...where, event });
    return { processed };
  }

  private async status(state: ConversationState, showPin: boolean, by: string): Promise<string> {
    const ref = state.ref;
    const [booking, pin, owner] = ref
      ? await Promise.all([this.deps.bookings.get(ref), this.deps.pins.get(ref), this.deps.store.owner(ref)])
      : [undefined, undefined, null];
    const text = statusText({ state, booking, pin, owner, catalog: this.deps.catalog, showPin }, this.texts);
    // Digits shown in a group stay in its history: who asked is on record.
    if (showPin && ref && pin?.code) await this.deps.audit.record(ref, { action: 'pin_shown', detail: 'staff group /status pin', by, at: this.now() });
    return text;
  }
}

export interface Queued {
  processed?: Promise<void>;
}

function notApprovable(s: ConversationState): string | undefined {
  if (!s.ref) return 'no booking yet';
  if (s.approved) return 'already approved';
  // Held is held whether or not staff have the conversation right now.
  if (conversationStatus({ ...s, takenOver: false }) === 'held') return undefined;
  if (s.identity === 'matched') return 'the guest proved the booking, nothing is held';
  return 'no door code is held for this guest (their details are checked when they give them)';
}
