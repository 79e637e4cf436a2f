import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { FlowEvent, InboundMeta } from '../flows/events.js';
import { CHANNELS, migrateState, type Channel, type ConversationState } from '../flows/state.js';
import type { RedisKeys } from '../redis-keys.js';
import type { Counter } from './guess-limits.js';
import type { EngineEffect } from './mirror.js';
import { COMMIT_STEP, ENQUEUE_INBOUND, POP_HEAD, REPLACE_HEAD, SETTLE_PENDING } from './scripts.js';

const DAY_S = 24 * 60 * 60;
/** Telegram keeps an update it could not deliver for up to 24 hours: twice that covers every redelivery. */
export const DEDUPE_TTL_SECONDS = 2 * DAY_S;

/**
 * How long a delivery id is remembered, per channel. A signed Twilio request stays valid if
 * captured and replayed later, and Twilio documents no window: a week (about 100 bytes a message).
 */
const DEDUPE_TTL_BY_CHANNEL: Record<Channel, number> = { telegram: DEDUPE_TTL_SECONDS, whatsapp: 7 * DAY_S, console: DAY_S };

/** One queued inbound event. `id` is the platform's delivery id or a generated one. */
export const inboxItemSchema = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS),
  chatId: z.string(),
  receivedAt: z.number(),
  event: z.custom<FlowEvent>((v) => typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string'),
  meta: z.custom<InboundMeta>().optional(),
  /** Failed processing attempts so far (a bug must not block the chat forever). */
  attempts: z.number().int().optional(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export interface OutboxItem {
  id: string;
  convKey: string;
  channel: Channel;
  chatId: string;
  ref: string | undefined;
  effect: EngineEffect;
  attempts: number;
}

export type CommitOutcome =
  | { kind: 'ok'; version: number }
  | { kind: 'conflict' }
  | { kind: 'gone' }
  | { kind: 'claimed'; owner: string }
  /** The step accepted or refused a proof, but the booking's identity tries are used up. */
  | { kind: 'locked' };

/** What enqueue did: `notified` is the first delivery over the limit (its notice is queued), `flooded` the ones after. */
export type EnqueueOutcome = 'queued' | 'duplicate' | 'notified' | 'flooded';
const ENQUEUE_OUTCOMES: readonly EnqueueOutcome[] = ['duplicate', 'queued', 'notified', 'flooded'];

/** A chat's flood limit, and what it is told the first time it goes over in a window. */
export interface InboundLimit {
  perWindow: number;
  windowMs: number;
  notice: OutboxItem[];
}


/** Conversation state, its inbox and outbox in Redis. Every write that must be atomic is one Lua script. */
export class ConversationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Queues an inbound delivery unless its id was seen before or, when `limit` is given, the chat
   * is over its flood limit: the first delivery over it queues `limit.notice` on the outbox
   * instead (so the normal drain sends it), the rest of the window is dropped.
   */
  async enqueue(convKey: string, item: InboxItem, dedupeId: string | undefined, limit?: InboundLimit): Promise<EnqueueOutcome> {
    const k = this.keys;
    const counted = limit !== undefined && limit.perWindow > 0;
    const reply = await ENQUEUE_INBOUND.run(
      this.redis,
      [
        dedupeId ? k.dedupe(item.channel, dedupeId) : k.dedupe(item.channel, '-'),
        k.convInbox(convKey),
        k.convPending(),
        k.convInboundCount(convKey),
        k.convOutbox(convKey),
      ],
      [
        JSON.stringify(item),
        convKey,
        dedupeId ? DEDUPE_TTL_BY_CHANNEL[item.channel] : 0,
        counted ? limit.perWindow : 0,
        counted ? limit.windowMs : 0,
        ...(counted ? limit.notice.map((o) => JSON.stringify(o)) : []),
      ],
    );
    const outcome = ENQUEUE_OUTCOMES[Number(reply)];
    if (!outcome) throw new Error(`enqueue script answered ${String(reply)}`);
    return outcome;
  }

  async load(convKey: string): Promise<{ state: ConversationState; version: number } | undefined> {
    const [v, raw] = await this.redis.hmget(this.keys.conv(convKey), 'v', 'state');
    if (!v || !raw) return undefined;
    return { state: migrateState(JSON.parse(raw)), version: Number(v) };
  }

  async list(): Promise<ConversationState[]> {
    const keys = await this.redis.zrevrange(this.keys.convIndex(), 0, 999);
    const states = await Promise.all(keys.map((k) => this.load(k)));
    return states.flatMap((s) => (s ? [s.state] : []));
  }

  inboxHead(convKey: string): Promise<string | null> {
    return this.redis.lindex(this.keys.convInbox(convKey), 0);
  }

  outboxHead(convKey: string): Promise<string | null> {
    return this.redis.lindex(this.keys.convOutbox(convKey), 0);
  }

  async commit(args: {
    convKey: string;
    expectedVersion: number;
    state: ConversationState;
    inboxHead: string;
    claim: string | undefined;
    /** An identity check made by this step, counted against `counter` (at most `counter.max` failures). */
    identity?: { passed: boolean; counter: Counter & { max: number } };
    /** Incremented with the save (unknown refs). */
    counters?: Counter[];
    outbox: OutboxItem[];
  }): Promise<CommitOutcome> {
    const k = this.keys;
    const counters = args.counters ?? [];
    const identity = args.identity;
    const reply = (await COMMIT_STEP.run(
      this.redis,
      [
        k.conv(args.convKey),
        k.convInbox(args.convKey),
        k.convOutbox(args.convKey),
        args.claim ? k.convByBooking(args.claim) : k.conv(args.convKey),
        k.convIndex(),
        args.claim ? k.bookingBarred(args.claim) : k.conv(args.convKey),
        args.claim ? k.booking(args.claim) : k.conv(args.convKey),
        identity ? identity.counter.key : k.conv(args.convKey),
        ...counters.map((c) => c.key),
      ],
      [
        args.expectedVersion,
        JSON.stringify(args.state),
        args.inboxHead,
        args.claim ? '1' : '0',
        args.convKey,
        args.state.updatedAt,
        identity ? (identity.passed ? 'pass' : 'fail') : '0',
        identity?.counter.max ?? 0,
        identity?.counter.ttlSeconds ?? 0,
        counters.length,
        ...counters.map((c) => c.ttlSeconds),
        ...args.outbox.map((o) => JSON.stringify(o)),
      ],
    )) as string[];
    switch (reply[0]) {
      case 'ok':
        return { kind: 'ok', version: Number(reply[1]) };
      case 'claimed':
        return { kind: 'claimed', owner: String(reply[1]) };
      case 'gone':
        return { kind: 'gone' };
      case 'locked':
        return { kind: 'locked' };
      default:
        return { kind: 'conflict' };
    }
  }

  /** Drops an inbox head that cannot be processed so one bad item cannot block a chat. */
  async discardInboxHead(convKey: string, raw: string): Promise<void> {
    await POP_HEAD.run(this.redis, [this.keys.convInbox(convKey)], [raw]);
  }

  /** Records a failed attempt on the inbox head; returns the new raw value. */
  async replaceInboxHead(convKey: string, raw: string, next: InboxItem): Promise<string> {
    const json = JSON.stringify(next);
    await REPLACE_HEAD.run(this.redis, [this.keys.convInbox(convKey)], [raw, json]);
    return json;
  }

  async popOutbox(convKey: string, raw: string): Promise<void> {
    await POP_HEAD.run(this.redis, [this.keys.convOutbox(convKey)], [raw]);
  }

  async replaceOutboxHead(convKey: string, raw: string, next: OutboxItem): Promise<string> {
    const json = JSON.stringify(next);
    await REPLACE_HEAD.run(this.redis, [this.keys.convOutbox(convKey)], [raw, json]);
    return json;
  }

  /** True when nothing is left queued and the conversation left the pending set. */
  async settle(convKey: string): Promise<boolean> {
    const k = this.keys;
    return (await SETTLE_PENDING.run(this.redis, [k.convInbox(convKey), k.convOutbox(convKey), k.convPending()], [convKey])) === 1;
  }

  pending(): Promise<string[]> {
    return this.redis.smembers(this.keys.convPending());
  }

  owner(ref: string): Promise<string | null> {
    return this.redis.get(this.keys.convByBooking(ref));
  }
}
