import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import { DEDUPE_TTL_SECONDS } from '../../conversation/store.js';
import { errorMessage } from '../../errors.js';
import { TELEGRAM_COMMANDS } from '../../flows/messages/catalog.js';
import { CATALOGS, LANGUAGES, type Language } from '../../flows/messages/index.js';
import { gapFor, type SharedLimiters } from '../../redis/shared-limiters.js';
import type { RedisKeys } from '../../redis-keys.js';
import type { GuestChannel, TelegramUpdateHandler } from '../guest-channel.js';
import { BotApi } from '../telegram-api/bot-api.js';
import { Poller } from './poller.js';
import { TelegramSender } from './sender.js';
import { DEFAULT_TUNING, type TelegramTuning } from './tuning.js';
import { UpdateHandler } from './update-handler.js';
import { describeWebhook, MISSING_PUBLIC_URL, registerWebhook, webhookUrl } from './webhook-setup.js';
import { telegramWebhookRoutes } from './webhook-route.js';

export type TelegramConfig = NonNullable<Config['telegram']>;

/** What sends to Telegram. It needs no engine, so it is built before the engine (whose effects it delivers). */
export interface TelegramOutbound {
  readonly telegram: TelegramConfig;
  readonly api: BotApi;
  readonly sender: TelegramSender;
  readonly tuning: TelegramTuning;
  readonly logger: Logger;
}

export interface TelegramOutboundDeps {
  telegram: TelegramConfig;
  /** The bot-wide send rate is shared with the other processes through these (see TelegramSender). */
  limiters?: Pick<SharedLimiters, 'group'>;
  logger: Logger;
}

export function createTelegramOutbound(deps: TelegramOutboundDeps, overrides?: Partial<TelegramTuning>): TelegramOutbound {
  const { telegram } = deps;
  const tuning: TelegramTuning = {
    ...DEFAULT_TUNING,
    perChatIntervalMs: telegram.chatGapMs,
    globalIntervalMs: gapFor(telegram.sendPerSecond),
    ...overrides,
  };
  const logger = deps.logger.child({ channel: 'telegram' });
  const api = new BotApi({ token: telegram.botToken, apiRoot: telegram.apiRoot, timeoutMs: tuning.requestTimeoutMs });
  // Per bot (its id is the token's first part): two bots on one Redis each have their own rate.
  const botId = telegram.botToken.split(':')[0]!;
  const overall = tuning.globalIntervalMs && deps.limiters ? deps.limiters.group('send:telegram', { minTime: tuning.globalIntervalMs }).key(botId) : undefined;
  return { telegram, api, sender: new TelegramSender(api, tuning, logger, overall), tuning, logger };
}

/** What the Telegram channel takes in with: the engine and the delivery dedupe. */
export interface TelegramInboundDeps {
  publicBaseUrl: string | undefined;
  staffChatId: string | undefined;
  /** Where the staff group's updates go (the staff adapter), when there is one. */
  staffUpdates?: TelegramUpdateHandler | undefined;
  engine: Pick<ConversationEngine, 'receive'>;
  /** True the first time a delivery id is claimed (shared storage, so across processes). */
  claimOnce: (deliveryId: string) => Promise<boolean>;
}

/** A delivery id claimed once across processes (Telegram's update_id), kept for a day. */
export function claimOnceIn(redis: Redis, keys: Pick<RedisKeys, 'dedupe'>): (deliveryId: string) => Promise<boolean> {
  return async (id) => (await redis.set(keys.dedupe('telegram', id), '1', 'EX', DEDUPE_TTL_SECONDS, 'NX')) === 'OK';
}

/**
 * Guests on Telegram. Every process sends through it; web processes also receive, by webhook
 * (a route on our own HTTP server) or, with TELEGRAM_MODE=polling, by long polling.
 */
export class TelegramChannel implements GuestChannel {
  readonly name = 'telegram' as const;
  readonly sender: TelegramSender;
  private readonly api: BotApi;
  private readonly handler: UpdateHandler;
  private readonly tuning: TelegramTuning;
  private readonly logger: Logger;
  private readonly telegram: TelegramConfig;
  private poller: Poller | undefined;

  constructor(
    outbound: TelegramOutbound,
    private readonly deps: TelegramInboundDeps,
  ) {
    ({ api: this.api, sender: this.sender, tuning: this.tuning, logger: this.logger, telegram: this.telegram } = outbound);
    this.handler = new UpdateHandler({
      engine: deps.engine,
      api: this.api,
      sender: this.sender,
      claimOnce: deps.claimOnce,
      staffChatId: deps.staffChatId,
      staff: deps.staffUpdates,
      logger: this.logger,
    });
  }

  routes(app: FastifyInstance): void {
    telegramWebhookRoutes({ secret: this.telegram.webhookSecret, handler: this.handler })(app);
  }

  /** Registers the webhook (webhook mode) or starts polling. Problems are logged, never thrown: the rest of the service keeps running. */
  async start(): Promise<void> {
    void this.setCommands(); // cosmetic: never holds up start-up
    if (this.telegram.mode === 'polling') {
      await this.startPolling();
      return;
    }
    await this.registerWebhook();
  }

  async stop(): Promise<void> {
    await this.poller?.stop();
    this.poller = undefined;
    await this.handler.idle(this.tuning.stopGraceMs);
  }

  private async startPolling(): Promise<void> {
    try {
      // getUpdates refuses to run while a webhook is set. Pending updates are guests' messages: keep them.
      await this.api.call('deleteWebhook', { drop_pending_updates: false });
    } catch (err) {
      this.logger.error({ err: errorMessage(err) }, 'could not remove the Telegram webhook before polling');
    }
    this.poller = new Poller(this.api, this.handler, this.tuning, this.logger);
    this.poller.start();
    this.logger.info('telegram polling started');
  }

  private async registerWebhook(): Promise<void> {
    const { publicBaseUrl } = this.deps;
    const secret = this.telegram.webhookSecret;
    if (!publicBaseUrl) {
      this.logger.error(MISSING_PUBLIC_URL);
      return;
    }
    if (!secret) return; // config refuses webhook mode without a secret; polling has none
    const url = webhookUrl(publicBaseUrl);
    try {
      const info = await registerWebhook(this.api, { url, secret });
      this.logger.info({ url, telegram: describeWebhook(info) }, 'telegram webhook set');
      if (info.last_error_message) this.logger.warn({ lastError: info.last_error_message }, 'Telegram reports an earlier webhook delivery error');
    } catch (err) {
      this.logger.error({ url, err: errorMessage(err) }, 'Telegram refused the webhook; guests on Telegram will not reach the bot until it is set (npm run telegram:webhook)');
    }
  }

  /**
   * The command menu in the chat, in each guest's app language: English for everyone first (the
   * menu of a language without its own), then one per other language. Cosmetic, so a failure is
   * only a warning.
   */
  private async setCommands(): Promise<void> {
    for (const lang of LANGUAGES) {
      try {
        await this.api.call('setMyCommands', { commands: commandMenu(lang), ...(lang === 'en' ? {} : { language_code: lang }) });
      } catch (err) {
        this.logger.warn({ err: errorMessage(err), lang }, 'could not set the Telegram command menu');
      }
    }
  }
}

function commandMenu(lang: Language): Array<{ command: string; description: string }> {
  return TELEGRAM_COMMANDS.map((command) => ({ command, description: CATALOGS[lang].telegram.commands[command] }));
}
