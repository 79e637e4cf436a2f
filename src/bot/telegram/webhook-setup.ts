import type { WebhookInfo } from 'telegraf/types';
import type { BotApi } from '../telegram-api/bot-api.js';
import { ALLOWED_UPDATES } from './updates.js';
import { WEBHOOK_PATH } from './webhook-route.js';

export function webhookUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
}

export const MISSING_PUBLIC_URL =
  'PUBLIC_BASE_URL is not set, so the Telegram webhook cannot be registered: set it to the public https origin of this server (e.g. https://checkin.example.com), or use TELEGRAM_MODE=polling to run without one';

/**
 * Points Telegram at our webhook (with the secret it must send back and the update types we
 * handle) and returns what Telegram then reports about it. Pending updates are kept: they are
 * guests' messages. Throws TelegramCallError when Telegram refuses.
 */
export async function registerWebhook(api: BotApi, opts: { url: string; secret: string }): Promise<WebhookInfo> {
  await api.call('setWebhook', { url: opts.url, secret_token: opts.secret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false });
  return api.call('getWebhookInfo', {});
}

/** Telegram's view of the webhook, one fact a line, for people. */
export function describeWebhook(info: WebhookInfo): string[] {
  const lines = [
    info.url ? `url: ${info.url}` : 'url: (none: no webhook is set)',
    `pending updates: ${info.pending_update_count}`,
    `update types: ${info.allowed_updates?.join(', ') ?? 'all (default)'}`,
  ];
  if (info.last_error_message) {
    const when = info.last_error_date ? ` at ${new Date(info.last_error_date * 1000).toISOString()}` : '';
    lines.push(`last delivery error${when}: ${info.last_error_message}`);
  }
  return lines;
}
