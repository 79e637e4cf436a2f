import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { step } from '../flows/checkin.js';
import { parsePhone } from '../flows/parse/phone.js';
import type { StepContext } from '../flows/context.js';
import type { FlowEvent, InboundMeta } from '../flows/events.js';
import { messagesFor } from '../flows/messages/index.js';
import {
  conversationKey,
  newConversation,
  parseConversationKey,
  type Channel,
  type ConversationState,
} from '../flows/state.js';
import { errorMessage, isRetryable } from '../errors.js';
import type { GuessLimits } from './guess-limits.js';
import type { HeldMutex, RedisMutex } from '../redis/mutex.js';
import { withMirrors } from './mirror.js';
import { inboxItemSchema, type ConversationStore, type InboundLimit, type InboxItem, type OutboxItem } from './store.js';

export interface Inbound {
  channel: Channel;
  chatId: string;
  /** Platform delivery id (Telegram update_id, Twilio MessageSid): a redelivery is dropped. */
  deliveryId?: string;
  event: FlowEvent;
  meta?: InboundMeta;
  /** When the platform delivered it, if that was earlier than now (a message kept in a local spool while Redis was away). */
  receivedAt?: number;
}

export interface ContextLoader {
  load(state: ConversationState, event: FlowEvent): Promise<StepContext>;
}

export interface EffectRunner {
  run(item: OutboxItem): Promise<void>;
  /** An effect that will never succeed: staff must hear about it. */
  gaveUp(item: OutboxItem, err: unknown): Promise<void>;
  /** An inbound event that cannot be processed was dropped: guest and staff must hear about it. */
  couldNotProcess(convKey: string, item: InboxItem | undefined, err: unknown): Promise<void>;
}

export interface EngineDeps {
  store: ConversationStore;
  mutex: RedisMutex;
  mutexKey: (convKey: string) => string;
  context: ContextLoader;
  effects: EffectRunner;
  /** Where identity tries and unknown refs are counted, with each save. */
  limits: Pick<GuessLimits, 'identityCounter' | 'missCounters'>;
  logger: Logger;
  now?: () => number;
  /** Called for every inbound that is queued (metrics). */
  onInbound?: (channel: Channel) => void;
  /** Called for every inbound that is not queued, and why (metrics). */
  onDropped?: (channel: Channel, reason: DropReason) => void;
  /**
   * Guest messages a chat may send per window, across every process (0 or unset = no limit).
   * System events are never counted.
   */
  inboundLimit?: { perWindow: number; windowMs: number };
  maxEffectAttempts?: number;
  /** When true, every guest message and bot reply is also queued for the staff mirror. */
  mirroring?: boolean;
  /** Delay before retrying a failed effect; grows with attempts. */
  effectRetryMs?: (attempt: number) => number;
}

export type DropReason = 'duplicate' | 'flood';

export interface Received {
  /** The event was queued and will be processed. */
  accepted: boolean;
  /** Why it was not: a platform redelivery, or the chat is over its flood limit. */
  dropped?: DropReason;
  /** Settles when this process has drained the chat (or handed it to the process draining it). */
  processed: Promise<void>;
}

type StoredOutboxItem = OutboxItem & { retryAt?: number };

/**
 * What counts towards a chat's flood limit: what the guest sends. System events (PIN ready,
 * staff actions, delivery reports) must always get through, or a flooding guest could lose them.
 */
const COUNTED: Record<FlowEvent['type'], boolean> = {
  start: true,
  text: true,
  button: true,
  contact: true,
  media: true,
  pinReady: false,
  pinFailed: false,
  pinDeadline: false,
  staffCheckout: false,
  codeShortened: false,
  codeShortenFailed: false,
  staffTakeover: false,
  staffRelease: false,
  staffMessage: false,
  staffResend: false,
  staffApproved: false,
  staffUnlocked: false,
  bookingCancelled: false,
  bookingReassigned: false,
  bookingFreed: false,
  deliveryFailed: false,
  codeChecked: false,
  guestArrived: false,
  checkoutReminder: false,
};

const MAX_STEP_ATTEMPTS = 10;
/** How long a done effect keeps trying to be recorded while Redis is away. */
const RECORD_DONE_PATIENCE_MS = 30_000;
const MAX_ITEM_ATTEMPTS = 3;

/**
 * Loads a conversation, runs the pure flow, saves the result and executes its effects.
 *
 * Per chat, inbound events wait in a Redis list (FIFO); whoever holds the chat's mutex drains
 * it. Saving the new state, consuming the event and queueing its effects is one Lua script
 * (optimistic on the state version), and effects run from a Redis outbox after the save, so a
 * crash at any point loses nothing and replays nothing that was committed.
 */
export class ConversationEngine {
  private readonly now: () => number;
  private readonly maxEffectAttempts: number;
  private readonly effectRetryMs: (attempt: number) => number;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
    this.maxEffectAttempts = deps.maxEffectAttempts ?? 6;
    this.effectRetryMs = deps.effectRetryMs ?? ((a) => Math.min(60_000, 1_000 * 2 ** a));
  }

  /**
   * Queues an inbound event durably (after this resolves, a crash loses nothing) and starts
   * processing it. A redelivery, or a guest message over the chat's flood limit, is dropped
   * (not an error: the platform must not deliver it again); the first one over the limit gets
   * the guest a notice through the outbox.
   */
  async receive(inbound: Inbound): Promise<Received> {
    const convKey = conversationKey(inbound.channel, inbound.chatId);
    const item: InboxItem = {
      id: inbound.deliveryId ?? randomUUID(),
      channel: inbound.channel,
      chatId: inbound.chatId,
      receivedAt: inbound.receivedAt ?? this.now(),
      event: inbound.event,
      ...(inbound.meta ? { meta: inbound.meta } : {}),
    };
    const limit = COUNTED[inbound.event.type] ? this.floodLimit(convKey, inbound) : undefined;
    const outcome = await this.deps.store.enqueue(convKey, item, inbound.deliveryId, limit);
    const log = this.deps.logger;
    switch (outcome) {
      case 'queued':
        this.deps.onInbound?.(inbound.channel);
        return { accepted: true, processed: this.drain(convKey) };
      case 'duplicate':
        log.info({ conv: convKey, deliveryId: inbound.deliveryId }, 'duplicate delivery dropped');
        this.deps.onDropped?.(inbound.channel, 'duplicate');
        return { accepted: false, dropped: 'duplicate', processed: Promise.resolve() };
      case 'notified':
        // Once per chat and window: the lines after it would only repeat it.
        log.warn({ conv: convKey, perWindow: limit?.perWindow, windowMs: limit?.windowMs }, 'inbound flood limit reached; guest told to wait, messages dropped until the window ends');
        this.deps.onDropped?.(inbound.channel, 'flood');
        return { accepted: false, dropped: 'flood', processed: this.drain(convKey) };
      case 'flooded':
        log.debug({ conv: convKey }, 'inbound flood: message dropped');
        this.deps.onDropped?.(inbound.channel, 'flood');
        return { accepted: false, dropped: 'flood', processed: Promise.resolve() };
    }
  }

  /** The limit for one guest message, with the notice ready to queue should it be the first one over. */
  private floodLimit(convKey: string, inbound: Inbound): InboundLimit | undefined {
    const limit = this.deps.inboundLimit;
    if (!limit || limit.perWindow <= 0) return undefined;
    const text = messagesFor(inbound.meta?.lang).tooFast();
    const base = { convKey, channel: inbound.channel, chatId: inbound.chatId, ref: undefined, attempts: 0 };
    const notice: OutboxItem[] = [{ ...base, id: randomUUID(), effect: { type: 'send', text } }];
    // Staff following the chat see why the guest's next messages get no answer.
    if (this.deps.mirroring) notice.push({ ...base, id: randomUUID(), effect: { type: 'mirror', from: 'bot', text } });
    return { ...limit, notice };
  }

  /**
   * Feeds a system event (PIN ready, deadline, delivery failure) to a conversation. `deliveryId`
   * names the event for deduplication: a sender that may repeat itself (a retried job) passes a
   * stable one, so the repeat is dropped like a platform redelivery.
   */
  async notify(convKey: string, event: FlowEvent, deliveryId?: string): Promise<void> {
    const parsed = parseConversationKey(convKey);
    if (!parsed) throw new Error(`not a conversation key: ${convKey}`);
    const { processed } = await this.receive({ ...parsed, event, ...(deliveryId ? { deliveryId } : {}) });
    await processed;
  }

  /** Chats that had work queued at the previous sweep. */
  private lastPending = new Set<string>();

  /**
   * Drains the conversations whose work was already queued at the previous sweep: chats of a
   * process that died mid-way, and effects waiting for a retry. A chat only just queued is being
   * drained by a live process; trying its mutex on every sweep cost Redis commands per active chat.
   */
  async sweep(): Promise<void> {
    const pending = await this.deps.store.pending();
    const waiting = pending.filter((convKey) => this.lastPending.has(convKey));
    this.lastPending = new Set(pending);
    for (const convKey of waiting) await this.drain(convKey);
  }

  async drain(convKey: string): Promise<void> {
    try {
      // Loop: work may arrive between our last look and the release of the mutex.
      for (;;) {
        const mutex = await this.deps.mutex.tryAcquire(this.deps.mutexKey(convKey));
        if (!mutex) return; // the holder will see our item
        let blocked = false;
        try {
          blocked = !(await this.drainHeld(convKey, mutex));
        } finally {
          await mutex.release();
        }
        if (blocked || (await this.deps.store.settle(convKey))) return;
      }
    } catch (err) {
      // Redis trouble: the item stays queued and the sweeper picks it up.
      this.deps.logger.error({ conv: convKey, err }, 'conversation drain failed; will retry');
    }
  }

  /**
   * Returns false when an effect is waiting for a retry (the chat stays pending). Stops, leaving the
   * rest queued, once the mutex may have passed to another process: two must never run one effect.
   */
  private async drainHeld(convKey: string, mutex: HeldMutex): Promise<boolean> {
    if (!(await this.runOutbox(convKey, mutex))) return false;
    for (;;) {
      if (mutex.lost()) return true;
      const head = await this.deps.store.inboxHead(convKey);
      if (head === null) return true;
      await this.processItem(convKey, head);
      if (!(await this.runOutbox(convKey, mutex))) return false;
    }
  }

  /**
   * Applies the inbox head. An event that keeps failing (a bug, corrupt data) is dropped after a
   * few tries and reported to guest and staff, so one bad message can never stall a chat.
   */
  private async processItem(convKey: string, raw: string): Promise<void> {
    let item: InboxItem | undefined;
    try {
      item = inboxItemSchema.parse(JSON.parse(raw));
      await this.applyItem(convKey, raw, item);
    } catch (err) {
      const attempts = (item?.attempts ?? 0) + 1;
      if (item && attempts < MAX_ITEM_ATTEMPTS) {
        await this.deps.store.replaceInboxHead(convKey, raw, { ...item, attempts });
        throw err; // drain() logs it; this process or the sweeper tries again
      }
      this.deps.logger.error({ conv: convKey, err: errorMessage(err), attempts }, 'event could not be processed; dropped and reported');
      await this.deps.store.discardInboxHead(convKey, raw);
      await this.deps.effects.couldNotProcess(convKey, item, err);
    }
  }

  private async applyItem(convKey: string, raw: string, item: InboxItem): Promise<void> {
    const log = this.deps.logger.child({ conv: convKey });
    // Learnt from a refused commit, and true for every later attempt of this event.
    let forced: Partial<StepContext> = {};
    for (let attempt = 1; attempt <= MAX_STEP_ATTEMPTS; attempt++) {
      const loaded = await this.deps.store.load(convKey);
      const before = loaded?.state ?? newConversation(item.channel, item.chatId, item.receivedAt);
      const state = withMeta(before, item.meta);
      // Reloaded on every attempt: after a lost claim race it shows the winner.
      const ctx = await this.deps.context.load(state, item.event);
      // The flow decides the chat's language (src/flows/checkin/language.ts); the app's setting is one of its reasons.
      const platformLang = item.meta?.lang ? { platformLang: item.meta.lang } : {};
      const result = step(state, item.event, { ...ctx, ...platformLang, ...forced, now: this.now() });
      // Notes exist only for the staff mirror.
      const effects = this.deps.mirroring
        ? withMirrors(item.event, result.effects, { before: state, after: result.state })
        : result.effects.filter((e) => e.type !== 'note');
      const outbox: StoredOutboxItem[] = effects.map((effect) => ({
        id: randomUUID(),
        convKey,
        channel: item.channel,
        chatId: item.chatId,
        ref: result.state.ref,
        effect,
        attempts: 0,
      }));
      const outcome = await this.deps.store.commit({
        convKey,
        expectedVersion: loaded?.version ?? 0,
        state: result.state,
        inboxHead: raw,
        claim: result.claim,
        ...(result.identityCheck
          ? { identity: { passed: result.identityCheck.passed, counter: this.deps.limits.identityCounter(result.identityCheck.ref) } }
          : {}),
        ...(result.refMiss ? { counters: this.deps.limits.missCounters(convKey) } : {}),
        outbox,
      });
      if (outcome.kind === 'ok') {
        log.info(
          { deliveryId: item.id, event: item.event.type, step: `${before.step}->${result.state.step}`, effects: result.effects.map((e) => e.type) },
          'event processed',
        );
        return;
      }
      if (outcome.kind === 'gone') return; // another process consumed it (our mutex had expired)
      if (outcome.kind === 'locked') forced = { ...forced, identityLocked: true };
      log.debug({ outcome: outcome.kind, attempt }, 'commit retried');
    }
    throw new Error(`conversation ${convKey}: could not commit after ${MAX_STEP_ATTEMPTS} attempts`);
  }

  /**
   * The effect happened (a message went out): recording that must outlast a Redis blip, or the
   * effect runs again once Redis is back (every command gives up after 2 s, a restart takes longer).
   */
  private async recordDone(convKey: string, raw: string): Promise<void> {
    const deadline = this.now() + RECORD_DONE_PATIENCE_MS;
    for (;;) {
      try {
        await this.deps.store.popOutbox(convKey, raw);
        return;
      } catch (err) {
        if (this.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** Runs queued effects in order. Returns false when the head must wait for a retry. */
  private async runOutbox(convKey: string, mutex: HeldMutex): Promise<boolean> {
    const store = this.deps.store;
    for (;;) {
      if (mutex.lost()) {
        this.deps.logger.warn({ conv: convKey }, 'chat mutex lost (Redis slow?); leaving the rest to its new holder');
        return true;
      }
      const raw = await store.outboxHead(convKey);
      if (raw === null) return true;
      const item = JSON.parse(raw) as StoredOutboxItem;
      if (item.retryAt !== undefined && item.retryAt > this.now()) return false;
      try {
        await this.deps.effects.run(item);
        await this.recordDone(convKey, raw);
      } catch (err) {
        const attempts = item.attempts + 1;
        const log = this.deps.logger.child({ conv: convKey, effect: item.effect.type, attempts });
        if (isRetryable(err) && attempts < this.maxEffectAttempts) {
          log.warn({ err: errorMessage(err) }, 'effect failed; will retry');
          await store.replaceOutboxHead(convKey, raw, { ...item, attempts, retryAt: this.now() + this.effectRetryMs(attempts) } as OutboxItem);
          return false;
        }
        log.error({ err: errorMessage(err) }, 'effect gave up');
        await store.popOutbox(convKey, raw);
        await this.deps.effects.gaveUp(item, err);
      }
    }
  }
}

/** Channel facts that may change between messages (the WhatsApp number; the language is the flow's to decide). */
function withMeta(state: ConversationState, meta: InboundMeta | undefined): ConversationState {
  if (!meta) return state;
  // Only a number the guest could actually accept is worth offering.
  const parsed = meta.knownPhone ? parsePhone(meta.knownPhone) : undefined;
  const knownPhone = parsed?.ok ? parsed.value : undefined;
  return {
    ...state,
    ...(knownPhone && !state.knownPhone ? { knownPhone } : {}),
  };
}
