import type { Logger } from 'pino';
import type { ChannelSender } from '../../conversation/effect-runner.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import { errorMessage } from '../../errors.js';
import type { TelegramUpdateHandler } from '../guest-channel.js';
import type { BotApi } from '../telegram-api/bot-api.js';
import { messagesFor } from '../../flows/messages/index.js';
import { readUpdate } from './inbound.js';
import { updateEnvelopeSchema } from './updates.js';

export interface UpdateHandlerDeps {
  engine: Pick<ConversationEngine, 'receive'>;
  api: BotApi;
  sender: ChannelSender;
  /** True the first time a delivery id is claimed (for work that does not go through the engine). */
  claimOnce: (deliveryId: string) => Promise<boolean>;
  staffChatId: string | undefined;
  /** Takes the staff group's updates; without it they are ignored. */
  staff?: TelegramUpdateHandler | undefined;
  logger: Logger;
}

export interface Handled {
  /** Work that must wait until Telegram has its answer (webhook) or the update is queued (polling). Never throws. */
  afterAck(): void;
}

const ANSWER_CALLBACK_TIMEOUT_MS = 10_000;
const NOTHING: Handled = { afterAck: () => {} };

/**
 * One update, from the webhook or from getUpdates: queued durably through the engine (which
 * deduplicates by update_id and keeps each chat in order) before `handle` resolves. Only a
 * failure to queue rejects, so the caller can make Telegram deliver the update again.
 */
export class UpdateHandler {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: UpdateHandlerDeps) {}

  async handle(raw: unknown): Promise<Handled> {
    const envelope = updateEnvelopeSchema.safeParse(raw);
    if (!envelope.success) return NOTHING;
    const updateId = envelope.data.update_id;
    const decision = readUpdate(raw, { staffChatId: this.deps.staffChatId });
    const log = this.deps.logger.child({ updateId });

    switch (decision.kind) {
      case 'guest': {
        const { dropped, processed } = await this.deps.engine.receive({
          channel: 'telegram',
          chatId: decision.chatId,
          deliveryId: String(updateId),
          event: decision.event,
          meta: decision.meta,
        });
        this.track(processed);
        const queryId = decision.callbackQueryId;
        // A redelivered press was answered the first time round; one dropped by the flood limit
        // still needs an answer, or its button keeps spinning.
        if (dropped === 'duplicate' || queryId === undefined) return NOTHING;
        return { afterAck: () => this.track(this.answerCallback(queryId, undefined, log)) };
      }
      case 'answerCallback':
        return { afterAck: () => this.track(this.answerCallback(decision.callbackQueryId, decision.text, log)) };
      case 'staff':
        if (!this.deps.staff) {
          log.debug('staff group update ignored: no staff group in this process');
          return NOTHING;
        }
        return this.deps.staff.handle(raw);
      case 'groupJoined':
        return { afterAck: () => this.track(this.leaveGroupNote(String(updateId), decision.chatId, decision.lang, log)) };
      case 'ignore':
        log.debug({ reason: decision.reason }, 'telegram update ignored');
        return NOTHING;
    }
  }

  /** Waits (at most `timeoutMs`) for the work this process started to finish, e.g. before shutting down. */
  async idle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch(() => {}).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Every press gets an answer, or the guest's button keeps spinning. */
  private async answerCallback(id: string, text: string | undefined, log: Logger): Promise<void> {
    try {
      await this.deps.api.call('answerCallbackQuery', { callback_query_id: id, ...(text ? { text } : {}) }, { timeoutMs: ANSWER_CALLBACK_TIMEOUT_MS });
    } catch (err) {
      // Usually "query is too old": the guest pressed a long time ago and the spinner is long gone.
      log.debug({ err: errorMessage(err) }, 'answerCallbackQuery failed');
    }
  }

  private async leaveGroupNote(deliveryId: string, chatId: string, lang: string | undefined, log: Logger): Promise<void> {
    try {
      if (!(await this.deps.claimOnce(deliveryId))) return;
      await this.deps.sender.send(chatId, { type: 'send', text: messagesFor(lang).telegram.groupNote });
    } catch (err) {
      log.info({ chatId, err: errorMessage(err) }, 'could not leave the private-chat note in a group');
    }
  }
}
