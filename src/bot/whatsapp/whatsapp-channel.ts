import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { gapFor, type SharedLimiters } from '../../redis/shared-limiters.js';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import type { PublicId } from '../../flows/public-id.js';
import type { StaffAlerts } from '../../oversight/alerts.js';
import type { RedisKeys } from '../../redis-keys.js';
import type { GuestChannel, Invitations } from '../guest-channel.js';
import { ButtonReplies } from './button-replies.js';
import { WhatsAppIntake } from './intake.js';
import type { RetryPolicy } from './retry.js';
import { SendLimiter, type SendLimits } from './send-limiter.js';
import { OptOuts } from './opt-outs.js';
import { SentMessages } from './sent-messages.js';
import { ServiceWindow } from './service-window.js';
import { WhatsAppSpool, type SpoolEntry } from './spool.js';
import { SpoolReplayer, type ReplayResult } from './spool-replayer.js';
import { createTwilioClient } from './twilio-client.js';
import { MESSAGE_WEBHOOK_PATH, registerWhatsAppWebhooks, STATUS_WEBHOOK_PATH, type SpoolGate } from './webhook-routes.js';
import { WhatsAppSender, type CreateMessage } from './whatsapp-sender.js';

export interface WhatsAppChannelOptions {
  limits?: SendLimits;
  retry?: RetryPolicy;
  /** Timeout of one request to Twilio. */
  httpTimeoutMs?: number;
  /** Pauses before giving up on a status callback for an unknown MessageSid. */
  unknownSidRetriesMs?: readonly number[];
  /** How long stop() waits for chats still being processed after their webhook was answered. */
  stopGraceMs?: number;
}

export type TwilioConfig = NonNullable<Config['twilio']>;

/** What sends on WhatsApp. It needs no engine, so it is built before the engine (whose effects it delivers). */
export interface WhatsAppOutbound {
  readonly twilio: TwilioConfig;
  readonly publicBaseUrl: string | undefined;
  readonly sender: WhatsAppSender;
  readonly buttons: ButtonReplies;
  readonly sentMessages: SentMessages;
  /** Guests who wrote STOP (no proactive invitation for them). */
  readonly optOuts: OptOuts;
  /** Chats that wrote within 24 hours (messages they did not ask for go as text only then). */
  readonly window: ServiceWindow;
  /** A proactive invitation, when INVITE_CONTENT_SID is configured. */
  readonly invitations: Invitations | undefined;
  readonly options: WhatsAppChannelOptions;
  readonly logger: Logger;
}

export interface WhatsAppOutboundDeps {
  twilio: TwilioConfig;
  publicBaseUrl: string | undefined;
  redis: Redis;
  keys: RedisKeys;
  publicId: PublicId;
  /** The sender number's rate, shared with the other processes. */
  limiters: SharedLimiters;
  logger: Logger;
}

export function createWhatsAppOutbound(deps: WhatsAppOutboundDeps, options: WhatsAppChannelOptions = {}): WhatsAppOutbound {
  const { twilio: twilioConfig, redis, keys } = deps;
  const logger = deps.logger.child({ channel: 'whatsapp' });
  const buttons = new ButtonReplies(redis, keys);
  const sentMessages = new SentMessages(redis, keys);
  const optOuts = new OptOuts(redis, keys, deps.publicId);
  const window = new ServiceWindow(redis, keys, deps.publicId);
  const client = createTwilioClient({
    accountSid: twilioConfig.accountSid,
    authToken: twilioConfig.authToken,
    apiBaseUrl: twilioConfig.apiBaseUrl,
    ...(options.httpTimeoutMs ? { timeoutMs: options.httpTimeoutMs } : {}),
  });
  const create: CreateMessage = (params) => client.messages.create(params);
  const base = deps.publicBaseUrl;
  const sender = new WhatsAppSender({
    create,
    from: twilioConfig.whatsappFrom,
    statusCallbackUrl: base ? `${base}${STATUS_WEBHOOK_PATH}` : undefined,
    confirmContentSid: twilioConfig.confirmContentSid,
    buttons,
    sentMessages,
    limiter: new SendLimiter(
      options.limits ?? {
        // Enough requests in flight for the rate even when Twilio takes a second to answer.
        maxConcurrent: Math.max(10, twilioConfig.sendPerSecond),
        minTimeMs: gapFor(twilioConfig.sendPerSecond),
        perChatMinTimeMs: twilioConfig.chatGapMs,
      },
      { limiters: deps.limiters, sender: twilioConfig.whatsappFrom },
    ),
    ...(options.retry ? { retry: options.retry } : {}),
    logger,
    proactive: {
      window,
      optedOut: (phone) => optOuts.has(phone),
      templates: {
        ...(twilioConfig.welcomeContentSid ? { welcome: twilioConfig.welcomeContentSid } : {}),
        ...(twilioConfig.checkoutContentSid ? { checkout: twilioConfig.checkoutContentSid } : {}),
      },
    },
  });
  const invite = twilioConfig.invite;
  const invitations: Invitations | undefined = invite
    ? { send: (phone, ref) => sender.sendInvite(phone, ref, invite.contentSid), optedOut: (phone) => optOuts.has(phone) }
    : undefined;
  return { twilio: twilioConfig, publicBaseUrl: base, sender, buttons, sentMessages, optOuts, window, invitations, options, logger };
}

/** What the WhatsApp channel takes in with. */
export interface WhatsAppInboundDeps {
  engine: Pick<ConversationEngine, 'receive'>;
  alerts: Pick<StaffAlerts, 'raise'>;
  /** Counts what the spool did with a webhook Redis could not take (the checkin_whatsapp_spool_total metric). */
  countSpool: (result: 'spooled' | ReplayResult) => void;
}

/** Guests on WhatsApp through Twilio: signed webhooks in, REST messages out, delivery statuses back. */
export class WhatsAppChannel implements GuestChannel {
  readonly name = 'whatsapp' as const;
  readonly sender: WhatsAppSender;
  readonly invitations: Invitations | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly logger: Logger;
  private readonly options: WhatsAppChannelOptions;
  /** Open while the web server runs (from its onReady to its onClose). */
  private spooling: { spool: WhatsAppSpool; replayer: SpoolReplayer } | undefined;

  constructor(
    private readonly outbound: WhatsAppOutbound,
    private readonly deps: WhatsAppInboundDeps,
  ) {
    this.sender = outbound.sender;
    this.invitations = outbound.invitations;
    this.logger = outbound.logger;
    this.options = outbound.options;
  }

  routes(app: FastifyInstance): void {
    const { twilio: twilioConfig, publicBaseUrl } = this.outbound;
    const countSpool = this.deps.countSpool;
    const intake = new WhatsAppIntake({
      engine: this.deps.engine,
      optOuts: this.outbound.optOuts,
      window: this.outbound.window,
      alerts: this.deps.alerts,
      buttons: this.outbound.buttons,
      sentMessages: this.outbound.sentMessages,
      sendText: (chatId, message) => this.sender.sendText(chatId, message),
      logger: this.logger,
      track: (work) => {
        const tracked = work.finally(() => this.inFlight.delete(tracked));
        this.inFlight.add(tracked);
      },
      ...(this.options.unknownSidRetriesMs ? { unknownSidRetriesMs: this.options.unknownSidRetriesMs } : {}),
    });
    const gate: SpoolGate = {
      holding: () => this.spooling?.spool.holding() ?? false,
      keep: async (entry) => {
        const spooling = this.spooling;
        if (!spooling) throw new Error('the spool is not open');
        await spooling.spool.append(entry);
        countSpool('spooled');
        spooling.replayer.nudge();
      },
    };
    registerWhatsAppWebhooks(app, {
      accountSid: twilioConfig.accountSid,
      authToken: twilioConfig.authToken,
      publicBaseUrl,
      intake,
      spool: gate,
      logger: this.logger,
    });
    // Tied to the HTTP server: only web processes take webhooks, and the spool is open (a previous
    // life's files adopted, so new webhooks queue behind them) before the port is.
    app.addHook('onReady', async () => {
      const spool = await WhatsAppSpool.open({ dir: twilioConfig.spoolDir, logger: this.logger });
      const deliver = (entry: SpoolEntry) => (entry.kind === 'message' ? intake.message(entry.params, entry.receivedAt) : intake.status(entry.params));
      const replayer = new SpoolReplayer({
        spool,
        deliver,
        logger: this.logger,
        onResult: countSpool,
      });
      this.spooling = { spool, replayer };
      replayer.start();
      this.logger.info({ dir: spool.dir, waiting: spool.holding() }, 'WhatsApp spool open');
    });
    app.addHook('onClose', async () => {
      const spooling = this.spooling;
      this.spooling = undefined;
      await spooling?.replayer.stop();
      await spooling?.spool.close();
    });
  }

  /** Nothing to register with Twilio (its webhook URLs are set in the console): say which URLs to paste. */
  async start(): Promise<void> {
    const base = this.outbound.publicBaseUrl;
    if (!base) {
      this.logger.warn('PUBLIC_BASE_URL is not set: Twilio webhooks will be refused (403) and no delivery statuses requested');
      return;
    }
    this.logger.info(
      { incoming: `${base}${MESSAGE_WEBHOOK_PATH}`, statusCallback: `${base}${STATUS_WEBHOOK_PATH}` },
      'WhatsApp webhooks: set these URLs in Twilio',
    );
  }

  /** Lets chats whose webhook was already answered finish (their messages are queued in Redis either way). */
  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => {
        timer = setTimeout(r, this.options.stopGraceMs ?? 10_000);
      }),
    ]);
    clearTimeout(timer);
  }
}
