import type { InviteSettings } from '../bookings/invite.js';
import type { Config } from '../config.js';
import { BotApi } from './telegram-api/bot-api.js';
import { botUsername } from './telegram-api/bot-username.js';

/** The channels guests can be invited to: the Telegram bot (by its @username) and the WhatsApp sender. */
export function inviteSettings(config: Config): InviteSettings {
  const tg = config.telegram;
  return {
    ...(tg ? { telegramBot: botUsername(new BotApi({ token: tg.botToken, apiRoot: tg.apiRoot, timeoutMs: 10_000 }), tg.botUsername) } : {}),
    ...(config.twilio ? { whatsappFrom: config.twilio.whatsappFrom } : {}),
  };
}
