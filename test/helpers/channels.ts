import type { Logger } from 'pino';
import type { TelegramUpdateHandler } from '../../src/bot/guest-channel.js';
import { claimOnceIn, createTelegramOutbound, TelegramChannel, type TelegramConfig } from '../../src/bot/telegram/telegram-channel.js';
import type { TelegramTuning } from '../../src/bot/telegram/tuning.js';
import { createWhatsAppOutbound, WhatsAppChannel, type TwilioConfig, type WhatsAppChannelOptions } from '../../src/bot/whatsapp/whatsapp-channel.js';
import type { TestRuntime } from './runtime.js';

/**
 * A Telegram channel on a test runtime's services, as main.ts builds it (outbound half, then the
 * inbound half on the engine). Its sender is not in use until the test says `t.useSender('telegram', c.sender)`.
 */
export function telegramChannelOn(
  t: TestRuntime,
  overrides?: Partial<TelegramTuning>,
  opts: { telegram?: TelegramConfig; staffUpdates?: TelegramUpdateHandler } = {},
): TelegramChannel {
  const outbound = createTelegramOutbound({ telegram: opts.telegram ?? t.config.telegram!, limiters: t.runtime.limiters, logger: t.logger }, overrides);
  return new TelegramChannel(outbound, {
    publicBaseUrl: t.config.publicBaseUrl,
    staffChatId: t.config.staffChatId,
    staffUpdates: opts.staffUpdates,
    engine: t.runtime.engine,
    claimOnce: claimOnceIn(t.redis, t.keys),
  });
}

/** A WhatsApp channel on a test runtime's services (see telegramChannelOn). */
export function whatsappChannelOn(t: TestRuntime, options: WhatsAppChannelOptions = {}, opts: { twilio?: TwilioConfig; logger?: Logger } = {}): WhatsAppChannel {
  const { runtime } = t;
  const outbound = createWhatsAppOutbound(
    {
      twilio: opts.twilio ?? t.config.twilio!,
      publicBaseUrl: t.config.publicBaseUrl,
      redis: t.redis,
      keys: t.keys,
      publicId: t.publicId,
      limiters: runtime.limiters,
      logger: opts.logger ?? t.logger,
    },
    options,
  );
  return new WhatsAppChannel(outbound, { engine: runtime.engine, alerts: runtime.alerts, countSpool: (result) => runtime.metrics.whatsappSpool.inc({ result }) });
}
