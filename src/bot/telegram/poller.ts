import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Update } from 'telegraf/types';
import { errorMessage } from '../../errors.js';
import { classifyCallError } from '../telegram-api/api-error.js';
import type { BotApi } from '../telegram-api/bot-api.js';
import type { TelegramTuning } from './tuning.js';
import type { UpdateHandler } from './update-handler.js';
import { ALLOWED_UPDATES, updateEnvelopeSchema } from './updates.js';

/** The long poll's own answer may take the whole poll; the request gets this much longer. */
const POLL_MARGIN_MS = 15_000;

/**
 * TELEGRAM_MODE=polling: getUpdates in a loop, for running without a public URL. Each update
 * goes through the same handler as the webhook (same dedupe by update_id, same per-chat order).
 * The offset moves past an update only once it is queued in Redis; an update that could not be
 * queued is fetched again, and one handled twice (after a crash) is dropped by the dedupe.
 */
export class Poller {
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private offset: number | undefined;

  constructor(
    private readonly api: BotApi,
    private readonly handler: UpdateHandler,
    private readonly tuning: TelegramTuning,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.loop ??= this.run().catch((err: unknown) => this.logger.error({ err: errorMessage(err) }, 'telegram polling stopped unexpectedly'));
  }

  /** Cancels the pending long poll and waits for the loop to end. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    let failures = 0;
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await this.api.call(
          'getUpdates',
          { ...(this.offset !== undefined ? { offset: this.offset } : {}), timeout: this.tuning.pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
          { signal, timeoutMs: this.tuning.pollTimeoutSeconds * 1000 + POLL_MARGIN_MS },
        );
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        const failure = classifyCallError('getUpdates', err, undefined);
        if (failure.status === 401) {
          this.logger.error({ err: failure.message }, 'Telegram refused the bot token (TELEGRAM_BOT_TOKEN); polling stopped');
          return;
        }
        const delay = failure.retryAfterMs ?? this.retryDelay(failures);
        failures += 1;
        if (failure.status === 409) {
          this.logger.error(
            { err: failure.message, retryInMs: delay },
            'getUpdates conflict: another process is polling with this bot token, or a webhook is set (run one poller only; `npm run telegram:webhook -- --delete` removes a webhook)',
          );
        } else {
          this.logger.warn({ err: failure.message, retryInMs: delay }, 'getUpdates failed; retrying');
        }
        await this.pause(delay);
        continue;
      }
      for (const update of updates) {
        const id = updateEnvelopeSchema.safeParse(update);
        if (!id.success) continue;
        try {
          const handled = await this.handler.handle(update);
          handled.afterAck();
        } catch (err) {
          // Not queued (Redis down?): the offset stays, so the same update comes back with the next getUpdates.
          const delay = this.retryDelay(failures);
          failures += 1;
          this.logger.error({ updateId: id.data.update_id, err: errorMessage(err), retryInMs: delay }, 'telegram update not queued; fetching it again');
          await this.pause(delay);
          break;
        }
        this.offset = id.data.update_id + 1;
      }
    }
  }

  private retryDelay(failures: number): number {
    const delays = this.tuning.pollRetryDelaysMs;
    return delays[Math.min(failures, delays.length - 1)] ?? 1_000;
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.controller.signal }).catch(() => {});
  }
}
