import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { gapFor } from '../../redis/shared-limiters.js';
import type { ChannelContext, GuestChannel, Invitations } from '../guest-channel.js';
import { ButtonReplies } from './button-replies.js';
import { WhatsAppIntake } from './intake.js';
import type { RetryPolicy } from './retry.js';
import { SendLimiter, type SendLimits } from './send-limiter.js';
import { OptOuts } from './opt-outs.js';
import { SentMessages } from './sent-messages.js';
import { ServiceWindow } from './service-window.js';
import { WhatsAppSpool, type SpoolEntry } from './spool.js';
import { SpoolReplayer } from './spool-replayer.js';
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

/** Guests on WhatsApp through Twilio: signed webhooks in, REST messages out, delivery statuses back. */
export class WhatsAppChannel implements GuestChannel {
  readonly name = 'whatsapp' as const;
  readonly sender: WhatsAppSender;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly logger: Logger;
  private readonly buttons: ButtonReplies;
  private readonly sentMessages: SentMessages;
  /** Open while the web server runs (from its onReady to its onClose). */
  private spooling: { spool: WhatsAppSpool; replayer: SpoolReplayer } | undefined;
  /** Guests who wrote STOP (no proactive invitation for them). */
  private readonly optOuts: OptOuts;
  /** Chats that wrote within 24 hours (messages they did not ask for go as text only then). */
  private readonly window: ServiceWindow;
  readonly invitations: Invitations | undefined;

  constructor(
    private readonly ctx: ChannelContext,
    private readonly options: WhatsAppChannelOptions = {},
  ) {
    const twilioConfig = ctx.config.twilio;
    if (!twilioConfig) throw new Error('the WhatsApp channel needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM');
    const { redis } = ctx.runtime.options;
    this.logger = ctx.logger.child({ channel: 'whatsapp' });
    this.buttons = new ButtonReplies(redis, ctx.runtime.keys);
    this.sentMessages = new SentMessages(redis, ctx.runtime.keys);
    this.optOuts = new OptOuts(redis, ctx.runtime.keys, ctx.runtime.options.publicId);
    this.window = new ServiceWindow(redis, ctx.runtime.keys, ctx.runtime.options.publicId);
    const client = createTwilioClient({
      accountSid: twilioConfig.accountSid,
      authToken: twilioConfig.authToken,
      apiBaseUrl: twilioConfig.apiBaseUrl,
      ...(options.httpTimeoutMs ? { timeoutMs: options.httpTimeoutMs } : {}),
    });
    const create: CreateMessage = (params) => client.messages.create(params);
    const base = ctx.config.publicBaseUrl;
    this.sender = new WhatsAppSender({
      create,
      from: twilioConfig.whatsappFrom,
      statusCallbackUrl: base ? `${base}${STATUS_WEBHOOK_PATH}` : undefined,
      confirmContentSid: twilioConfig.confirmContentSid,
      buttons: this.buttons,
      sentMessages: this.sentMessages,
      limiter: new SendLimiter(
        options.limits ?? {
          // Enough requests in flight for the rate even when Twilio takes a second to answer.
          maxConcurrent: Math.max(10, twilioConfig.sendPerSecond),
          minTimeMs: gapFor(twilioConfig.sendPerSecond),
          perChatMinTimeMs: twilioConfig.chatGapMs,
        },
        { limiters: ctx.runtime.limiters, sender: twilioConfig.whatsappFrom },
      ),
      ...(options.retry ? { retry: options.retry } : {}),
      logger: this.logger,
      proactive: {
        window: this.window,
        optedOut: (phone) => this.optOuts.has(phone),
        templates: {
          ...(twilioConfig.welcomeContentSid ? { welcome: twilioConfig.welcomeContentSid } : {}),
          ...(twilioConfig.checkoutContentSid ? { checkout: twilioConfig.checkoutContentSid } : {}),
        },
      },
    });
    const invite = twilioConfig.invite;
    this.invitations = invite
      ? { send: (phone, ref) => this.sender.sendInvite(phone, ref, invite.contentSid), optedOut: (phone) => this.optOuts.has(phone) }
      : undefined;
  }

  routes(app: FastifyInstance): void {
    const twilioConfig = this.ctx.config.twilio!;
    const metrics = this.ctx.runtime.metrics;
    const intake = new WhatsAppIntake({
      engine: this.ctx.runtime.engine,
      optOuts: this.optOuts,
      window: this.window,
      alerts: this.ctx.runtime.alerts,
      buttons: this.buttons,
      sentMessages: this.sentMessages,
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
        metrics.whatsappSpool.inc({ result: 'spooled' });
        spooling.replayer.nudge();
      },
    };
    registerWhatsAppWebhooks(app, {
      accountSid: twilioConfig.accountSid,
      authToken: twilioConfig.authToken,
      publicBaseUrl: this.ctx.config.publicBaseUrl,
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
        onResult: (result) => metrics.whatsappSpool.inc({ result }),
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
    const base = this.ctx.config.publicBaseUrl;
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
