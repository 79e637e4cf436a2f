import type Bottleneck from 'bottleneck';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import { DEDUPE_TTL_SECONDS } from '../../conversation/store.js';
import { errorMessage } from '../../errors.js';
import { TELEGRAM_COMMANDS } from '../../flows/messages/catalog.js';
import { CATALOGS, LANGUAGES, type Language } from '../../flows/messages/index.js';
import { gapFor } from '../../redis/shared-limiters.js';
import type { ChannelContext, GuestChannel, TelegramUpdateHandler } from '../guest-channel.js';
import { BotApi } from '../telegram-api/bot-api.js';
import { Poller } from './poller.js';
import { TelegramSender } from './sender.js';
import { DEFAULT_TUNING, type TelegramTuning } from './tuning.js';
import { UpdateHandler } from './update-handler.js';
import { describeWebhook, MISSING_PUBLIC_URL, registerWebhook, webhookUrl } from './webhook-setup.js';
import { telegramWebhookRoutes } from './webhook-route.js';

export type TelegramConfig = NonNullable<Config['telegram']>;

export interface TelegramChannelDeps {
  telegram: TelegramConfig;
  publicBaseUrl: string | undefined;
  staffChatId: string | undefined;
  /** Where the staff group's updates go (the staff adapter), when there is one. */
  staffUpdates?: TelegramUpdateHandler | undefined;
  engine: Pick<ConversationEngine, 'receive'>;
  /** True the first time a delivery id is claimed (shared storage, so across processes). */
  claimOnce: (deliveryId: string) => Promise<boolean>;
  logger: Logger;
  tuning?: Partial<TelegramTuning>;
  /** The bot-wide send rate shared with the other processes (see TelegramSender). */
  overall?: Bottleneck;
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
  private poller: Poller | undefined;

  constructor(private readonly deps: TelegramChannelDeps) {
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    this.logger = deps.logger.child({ channel: 'telegram' });
    this.api = new BotApi({ token: deps.telegram.botToken, apiRoot: deps.telegram.apiRoot, timeoutMs: this.tuning.requestTimeoutMs });
    this.sender = new TelegramSender(this.api, this.tuning, this.logger, deps.overall);
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
    telegramWebhookRoutes({ secret: this.deps.telegram.webhookSecret, handler: this.handler })(app);
  }

  /** Registers the webhook (webhook mode) or starts polling. Problems are logged, never thrown: the rest of the service keeps running. */
  async start(): Promise<void> {
    void this.setCommands(); // cosmetic: never holds up start-up
    if (this.deps.telegram.mode === 'polling') {
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
    const secret = this.deps.telegram.webhookSecret;
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

export function createTelegramChannel(ctx: ChannelContext, telegram: TelegramConfig, overrides?: Partial<TelegramTuning>): TelegramChannel {
  const { runtime, config, logger } = ctx;
  const redis = runtime.options.redis;
  const tuning: Partial<TelegramTuning> = {
    perChatIntervalMs: telegram.chatGapMs,
    globalIntervalMs: gapFor(telegram.sendPerSecond),
    ...overrides,
  };
  // Per bot (its id is the token's first part): two bots on one Redis each have their own rate.
  const botId = telegram.botToken.split(':')[0]!;
  const overall = tuning.globalIntervalMs ? runtime.limiters.group('send:telegram', { minTime: tuning.globalIntervalMs }).key(botId) : undefined;
  return new TelegramChannel({
    telegram,
    publicBaseUrl: config.publicBaseUrl,
    staffChatId: config.staffChatId,
    staffUpdates: ctx.staffUpdates,
    engine: runtime.engine,
    claimOnce: async (id) => (await redis.set(runtime.keys.dedupe('telegram', id), '1', 'EX', DEDUPE_TTL_SECONDS, 'NX')) === 'OK',
    logger,
    tuning,
    ...(overall ? { overall } : {}),
  });
}
