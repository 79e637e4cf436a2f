import type { Logger } from 'pino';
import type { TelegramUpdateHandler } from '../../src/bot/guest-channel.js';
import { claimOnceIn, createTelegramOutbound, TelegramChannel, type TelegramConfig, type TelegramOutbound } from '../../src/bot/telegram/telegram-channel.js';
import type { TelegramTuning } from '../../src/bot/telegram/tuning.js';
import { createWhatsAppOutbound, WhatsAppChannel, type TwilioConfig, type WhatsAppChannelOptions, type WhatsAppOutbound } from '../../src/bot/whatsapp/whatsapp-channel.js';
import type { Outbound } from '../../src/compose/compose.js';
import type { Infrastructure } from '../../src/compose/infrastructure.js';
import type { TestRuntime, TestRuntimeOptions } from './runtime.js';

/**
 * A guest channel of a test process, built as main.ts builds it: `outbound` (for startTestRuntime's
 * `outbound` option) makes the sender the engine is built with, `on(t)` then puts the inbound half
 * on the runtime's engine.
 */
export interface TestChannel<C> {
  outbound(infra: Infrastructure): Pick<Outbound, 'senders'>;
  on(t: TestRuntime): C;
}

/** startTestRuntime's `outbound` for several channels at once. */
export function outboundOf(...channels: Array<TestChannel<unknown>>): NonNullable<TestRuntimeOptions['outbound']> {
  return (infra) => ({ senders: Object.assign({}, ...channels.map((c) => c.outbound(infra).senders)) as Outbound['senders'] });
}

function built<T>(half: T | undefined, channel: string): T {
  if (!half) throw new Error(`the ${channel} channel's outbound half was not built: pass its \`outbound\` to startTestRuntime first`);
  return half;
}

/** The Telegram channel (settings from the runtime's, `opts.telegram` overriding some). */
export function telegramChannel(
  overrides?: Partial<TelegramTuning>,
  opts: { telegram?: Partial<TelegramConfig>; staffUpdates?: TelegramUpdateHandler } = {},
): TestChannel<TelegramChannel> {
  let outbound: TelegramOutbound | undefined;
  return {
    outbound(infra) {
      outbound = createTelegramOutbound({ telegram: { ...infra.config.telegram!, ...opts.telegram }, limiters: infra.limiters, logger: infra.logger }, overrides);
      return { senders: { telegram: outbound.sender } };
    },
    on: (t) =>
      new TelegramChannel(built(outbound, 'telegram'), {
        publicBaseUrl: t.config.publicBaseUrl,
        staffChatId: t.config.staffChatId,
        staffUpdates: opts.staffUpdates,
        engine: t.runtime.engine,
        claimOnce: claimOnceIn(t.redis, t.keys),
      }),
  };
}

/** The WhatsApp channel (see telegramChannel). */
export function whatsappChannel(options: WhatsAppChannelOptions = {}, opts: { twilio?: Partial<TwilioConfig>; logger?: Logger } = {}): TestChannel<WhatsAppChannel> {
  let outbound: WhatsAppOutbound | undefined;
  return {
    outbound(infra) {
      outbound = createWhatsAppOutbound(
        {
          twilio: { ...infra.config.twilio!, ...opts.twilio },
          publicBaseUrl: infra.config.publicBaseUrl,
          redis: infra.redis,
          keys: infra.keys,
          publicId: infra.publicId,
          limiters: infra.limiters,
          logger: opts.logger ?? infra.logger,
        },
        options,
      );
      return { senders: { whatsapp: outbound.sender } };
    },
    on: ({ runtime }) =>
      new WhatsAppChannel(built(outbound, 'whatsapp'), {
        engine: runtime.engine,
        alerts: runtime.alerts,
        countSpool: (result) => runtime.metrics.whatsappSpool.inc({ result }),
      }),
  };
}
