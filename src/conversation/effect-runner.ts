import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PublicId } from '../flows/public-id.js';
import type { Logger } from 'pino';
import { DeliveryError, errorMessage } from '../errors.js';
import type { SendEffect } from '../flows/effects.js';
import type { FlowEvent } from '../flows/events.js';
import { addUnlessPending, deadlineJobId, enqueueCodeCheck, enqueuePinJob, type PinJobData, type TimerJobData } from '../jobs/queues.js';
import type { RedisKeys } from '../redis-keys.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import type { AuditLog } from '../oversight/audit.js';
import type { EffectRunner } from './engine.js';
import type { StaffMirror } from './mirror.js';
import type { InboxItem, OutboxItem } from './store.js';
import { languageOfTag, messagesFor } from '../flows/messages/index.js';
import { parseConversationKey, type Channel } from '../flows/state.js';

/** Delivers a bot message on one platform. Throws DeliveryError (retryable or not). */
export interface ChannelSender {
  send(chatId: string, message: SendEffect): Promise<void>;
}

export interface EffectRunnerDeps {
  redis: Redis;
  keys: RedisKeys;
  /** One per channel configured in this process, given when the engine is built. */
  senders: Readonly<Partial<Record<Channel, ChannelSender>>>;
  pinQueue: Queue<PinJobData>;
  timerQueue: Queue<TimerJobData>;
  /** Names a chat in job ids (BullMQ logs them). */
  publicId: PublicId;
  alerts: StaffAlerts;
  audit: AuditLog;
  /** Where staff follow conversations (none without a staff workspace). */
  mirrors: readonly StaffMirror[];
  logger: Logger;
  now?: () => number;
  /** Queues the departure job that cuts the booking's code short (`shortenCode`); unset, the effect fails and staff are alerted. */
  startDeparture?: (ref: string, endsAt: number, by: string | undefined, convKey: string) => Promise<void>;
  /** Tells the conversation that one of its messages will never arrive (the flow alerts staff). */
  reportUndelivered: (convKey: string, event: Extract<FlowEvent, { type: 'deliveryFailed' }>) => Promise<void>;
  onSent?: (channel: Channel, result: 'ok' | 'failed') => void;
  /**
   * Feeds an event back to a conversation (the engine's notify; `deliveryId` drops a repeat after a
   * crash): a code check's or a departure job's outcome when the job could not even be started.
   */
  tell?: (convKey: string, event: FlowEvent, deliveryId: string) => Promise<void>;
}

/** Turns the flow's effects into I/O. Each effect is safe to run again after a crash. */
export class DefaultEffectRunner implements EffectRunner {
  private readonly now: () => number;
  constructor(private readonly deps: EffectRunnerDeps) {
    this.now = deps.now ?? Date.now;
  }

  async run(item: OutboxItem): Promise<void> {
    const e = item.effect;
    switch (e.type) {
      case 'send': {
        const sender = this.deps.senders[item.channel];
        if (!sender) throw new DeliveryError(`no ${item.channel} channel is configured in this process`, false);
        try {
          await sender.send(item.chatId, e);
          this.deps.onSent?.(item.channel, 'ok');
        } catch (err) {
          this.deps.onSent?.(item.channel, 'failed');
          throw err;
        }
        this.deps.logger.debug({ conv: item.convKey, chars: e.text.length }, 'sent');
        return;
      }
      case 'enqueuePin':
        // Watchers first: the job may finish before `add` returns and must know whom to tell.
        await this.deps.redis.sadd(this.deps.keys.pinWatchers(e.ref), item.convKey);
        await enqueuePinJob(this.deps.pinQueue, e.ref);
        return;
      case 'checkCode': {
        // A PIN job already waiting or running does the same work: the guest hears that at once.
        const queued = await enqueueCodeCheck(this.deps.pinQueue, e.ref, item.convKey);
        if (queued === 'busy') {
          await this.deps.tell?.(item.convKey, { type: 'codeChecked', ref: e.ref, outcome: 'busy', locks: [] }, `codecheck:${e.ref}:busy:${item.id}`);
        }
        return;
      }
      case 'schedulePinDeadline':
        await addUnlessPending(
          this.deps.timerQueue,
          'pinDeadline',
          { kind: 'pinDeadline', ref: e.ref, convKey: item.convKey },
          { jobId: deadlineJobId(e.ref, item.convKey, this.deps.publicId), delay: e.delayMs },
        );
        return;
      case 'alertStaff': {
        const raise = () => this.deps.alerts.raise({ kind: e.kind, ref: e.ref, convKey: item.convKey, detail: e.detail, at: this.now() });
        if (!e.once) return raise();
        // Claimed first, so many chats meeting one limit at once raise it once; claimed by this outbox
        // item, so its retry after a crash still raises it; let go if raising fails.
        const onceKey = this.deps.keys.staffAlertOnce(e.once.key);
        const claimed = (await this.deps.redis.set(onceKey, item.id, 'EX', e.once.ttlSeconds, 'NX')) === 'OK';
        if (!claimed && (await this.deps.redis.get(onceKey)) !== item.id) return;
        await raise().catch(async (err: unknown) => {
          await this.deps.redis.del(onceKey).catch(() => {});
          throw err;
        });
        return;
      }
      case 'mirror':
        for (const mirror of this.deps.mirrors) {
          await mirror.mirror({
            convKey: item.convKey,
            channel: item.channel,
            chatId: item.chatId,
            ref: item.ref,
            from: e.from,
            text: e.text,
            ...(e.by ? { by: e.by } : {}),
          });
        }
        return;
      case 'note':
        return; // the engine turned it into a mirror line already
      case 'shortenCode':
        if (!this.deps.startDeparture) throw new Error('no departure job is configured in this process');
        await this.deps.startDeparture(e.ref, e.endsAt, e.by, item.convKey);
        return;
      case 'audit':
        await this.deps.audit.record(e.ref, { action: e.action, ...(e.detail ? { detail: e.detail } : {}), by: e.by ?? 'bot', at: this.now() });
        return;
    }
  }

  async couldNotProcess(convKey: string, item: InboxItem | undefined, err: unknown): Promise<void> {
    const stored = await this.storedFacts(convKey);
    await this.deps.alerts.raise({
      kind: 'bot_error',
      ref: stored.ref,
      convKey,
      detail: `An incoming ${item ? `"${item.event.type}" event` : 'event'} could not be processed and was dropped (${errorMessage(err)}). Please check on this guest.`,
      at: this.now(),
    });
    const where = parseConversationKey(convKey);
    const sender = where && this.deps.senders[where.channel];
    if (!where || !sender) return;
    // Best effort, straight to the channel: the outbox of this chat may be what is broken.
    // In the chat's language; a chat that never got as far as saving one, in its app's.
    const lang = languageOfTag(stored.lang ?? item?.meta?.lang);
    await sender.send(where.chatId, { type: 'send', text: messagesFor(lang).botError(), ...(lang && lang !== 'en' ? { lang } : {}) }).catch((e: unknown) => {
      this.deps.logger.error({ conv: convKey, err: errorMessage(e) }, 'could not tell the guest about the dropped event');
    });
  }

  async gaveUp(item: OutboxItem, err: unknown): Promise<void> {
    const e = item.effect;
    // Already logged by the engine; nowhere else to say it.
    if (e.type === 'alertStaff' || e.type === 'audit' || e.type === 'mirror') return;
    if (e.type === 'send') {
      await this.deps.reportUndelivered(item.convKey, {
        type: 'deliveryFailed',
        reason: errorMessage(err),
        pin: e.secret !== undefined,
        ...(err instanceof DeliveryError && err.guestBlocked ? { guestBlocked: true } : {}),
      });
      return;
    }
    if (e.type === 'checkCode') {
      // The guest at the door must not wait for a check that never comes.
      await this.deps.tell?.(item.convKey, { type: 'codeChecked', ref: e.ref, outcome: 'error', locks: [], reason: errorMessage(err) }, `codecheck:${e.ref}:gaveup:${item.id}`);
      return;
    }
    if (e.type === 'shortenCode') {
      const reason = `the job that shortens it could not be started (${errorMessage(err)})`;
      if (this.deps.tell) {
        await this.deps.tell(item.convKey, { type: 'codeShortenFailed', ref: e.ref, reason, ...(e.by ? { by: e.by } : {}) }, `departure:${e.ref}:gaveup:${item.id}`);
        return;
      }
      await this.deps.alerts.raise({
        kind: 'checkout_failed',
        ref: e.ref,
        convKey: item.convKey,
        detail: `Booking ${e.ref}: the guest checked out, but ${reason}. The door code still works until the booked check-out.`,
        at: this.now(),
      });
      return;
    }
    const what =
      e.type === 'enqueuePin'
        ? 'the door code job could not be started'
        : 'the check on whether the door code arrives in time could not be scheduled, so a late code will not be reported';
    await this.deps.alerts.raise({
      kind: e.type === 'enqueuePin' ? 'pin_failed' : 'pin_late',
      ref: item.ref,
      convKey: item.convKey,
      detail: `${item.ref ? `Booking ${item.ref}: ` : ''}${what} (${errorMessage(err)}). Please make sure the guest gets their door code.`,
      at: this.now(),
    });
  }

  /** The stored conversation's ref and language, read loosely: it may be what could not be processed. */
  private async storedFacts(convKey: string): Promise<{ ref?: string; lang?: string }> {
    try {
      const raw = await this.deps.redis.hget(this.deps.keys.conv(convKey), 'state');
      const stored = raw ? (JSON.parse(raw) as { ref?: unknown; lang?: unknown }) : {};
      return {
        ...(typeof stored.ref === 'string' ? { ref: stored.ref } : {}),
        ...(typeof stored.lang === 'string' ? { lang: stored.lang } : {}),
      };
    } catch {
      return {};
    }
  }
}
