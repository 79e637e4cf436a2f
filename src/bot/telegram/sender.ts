import { setTimeout as sleep } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { ChannelSender } from '../../conversation/effect-runner.js';
import { DeliveryError, errorMessage } from '../../errors.js';
import type { SendEffect } from '../../flows/effects.js';
import { conversationKey } from '../../flows/state.js';
import { classifyCallError, TelegramCallError } from '../telegram-api/api-error.js';
import type { BotApi } from '../telegram-api/bot-api.js';
import { renderMessage, type OutgoingMessage } from './render.js';
import type { TelegramTuning } from './tuning.js';

/** Idle per-chat limiters are dropped after this; a new one starts with a full allowance, which is the same. */
const IDLE_CHAT_LIMITER_MS = 60_000;

/**
 * Sends flow messages to Telegram chats, within Telegram's limits, and retries only what
 * certainly was not delivered, so a retry of ours never shows a guest the same message twice:
 *
 * - 429: Telegram did nothing; wait `retry_after` and send again (bounded, then the engine's
 *   outbox retries later with its backoff).
 * - 5xx, DNS/connect/TLS failures: nothing was delivered; a few quick retries, then the outbox.
 * - 403: the guest blocked the bot; `guestBlocked`, no retry (the flow marks it and tells staff).
 * - Timeouts and connections cut mid-request: the message may have arrived. It is NOT retried:
 *   a non-retryable DeliveryError goes back to the flow as `deliveryFailed`, so staff hear about
 *   a message that may be missing (and the guest can ask for the PIN again) rather than the guest
 *   getting it twice.
 * - A long message already partly sent is never retried as a whole for the same reason.
 *
 * The bot-wide rate (`overall`) is shared by every process through Redis. The per-chat gap is
 * kept in this process: a chat's messages are sent by whichever process drains that chat, one
 * process at a time, so only a hand-over between processes can shorten it, and Telegram's 429
 * (waited out above) is the backstop then.
 */
export class TelegramSender implements ChannelSender {
  private readonly global: Bottleneck;
  private readonly chats: Bottleneck.Group;

  constructor(
    private readonly api: BotApi,
    private readonly tuning: TelegramTuning,
    private readonly logger: Logger,
    /** The bot's messages-a-second limit shared with other processes; by default this process's own. */
    overall?: Bottleneck,
  ) {
    this.global = overall ?? new Bottleneck({ minTime: tuning.globalIntervalMs });
    this.chats = new Bottleneck.Group({ maxConcurrent: 1, minTime: tuning.perChatIntervalMs, timeout: IDLE_CHAT_LIMITER_MS });
  }

  async send(chatId: string, effect: SendEffect): Promise<void> {
    const messages = renderMessage(effect);
    if (messages.length === 0) throw new DeliveryError('telegram: an empty message cannot be sent', false);
    for (const [i, message] of messages.entries()) {
      try {
        await this.deliver(chatId, message, effect.secret !== undefined);
      } catch (err) {
        throw this.deliveryError(err, i, messages.length);
      }
    }
  }

  /**
   * `urgent`: a PIN, which a guest at the door is waiting for, keeps its chat's order and gap but
   * does not wait behind other chats' messages for the bot-wide rate. It still takes a slot of
   * that rate (the next queued message waits one gap longer), so PINs, resent ones included,
   * never add up to more than the rate.
   */
  private async deliver(chatId: string, original: OutgoingMessage, urgent: boolean): Promise<void> {
    let message = original;
    let rateLimited = 0;
    let notSent = 0;
    for (;;) {
      let called = false;
      try {
        const call = () => {
          called = true;
          return this.api.call('sendMessage', { chat_id: chatId, ...message });
        };
        await this.chats.key(chatId).schedule(() => {
          if (!urgent) return this.global.schedule(call);
          this.global.schedule(() => Promise.resolve()).catch(() => {});
          return call();
        });
        return;
      } catch (err) {
        // Failing before the call (the shared limiter lost Redis) sent nothing: safe to retry.
        const failure =
          err instanceof TelegramCallError ? err : called ? classifyCallError('sendMessage', err, undefined) : new TelegramCallError('sendMessage', 'not_sent', errorMessage(err), undefined, undefined, { cause: err });
        const log = this.logger.child({ conv: conversationKey('telegram', chatId), method: 'sendMessage' });
        if (failure.kind === 'rate_limited' && rateLimited < this.tuning.maxRateLimitWaits && failure.retryAfterMs! <= this.tuning.maxRetryAfterMs) {
          rateLimited += 1;
          log.warn({ retryAfterMs: failure.retryAfterMs, attempt: rateLimited }, 'telegram rate limit; waiting as asked');
          // A little jitter so chats held back by one global 429 do not all come back in the same millisecond.
          await sleep(failure.retryAfterMs! + Math.floor(Math.random() * 250));
          continue;
        }
        const delay = this.tuning.notSentRetryDelaysMs[notSent];
        if (failure.kind === 'not_sent' && delay !== undefined) {
          notSent += 1;
          log.warn({ err: failure.message, retryInMs: delay }, 'telegram send did not go through; retrying');
          await sleep(delay);
          continue;
        }
        if (failure.kind === 'rejected' && message.entities && /entit/i.test(failure.message)) {
          // Our formatting was refused (and so nothing was sent): the words matter more than the bold.
          log.warn({ err: failure.message }, 'telegram refused the formatting; sending plain');
          const { entities: _dropped, ...plain } = message;
          message = plain;
          continue;
        }
        throw failure;
      }
    }
  }

  private deliveryError(err: unknown, delivered: number, total: number): DeliveryError {
    const failure = err instanceof TelegramCallError ? err : classifyCallError('sendMessage', err, undefined);
    const partly = delivered > 0 ? ` after ${delivered} of ${total} parts were delivered` : '';
    switch (failure.kind) {
      case 'blocked':
        return new DeliveryError(failure.message, false, true, { cause: failure });
      case 'rate_limited':
      case 'not_sent':
        // Resending the whole message would repeat the parts already delivered.
        return new DeliveryError(`${failure.message}${partly}`, delivered === 0, false, { cause: failure });
      case 'unknown_outcome':
        return new DeliveryError(`${failure.message}${partly}; not retried, as it may have arrived`, false, false, { cause: failure });
      case 'rejected':
      case 'aborted':
        return new DeliveryError(`${failure.message}${partly}`, false, false, { cause: failure });
    }
  }
}
