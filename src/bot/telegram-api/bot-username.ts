import type { BotApi } from './bot-api.js';

/**
 * The bot's @username, for `t.me` links: TELEGRAM_BOT_USERNAME when set, else asked of Telegram
 * (`getMe`) once and kept. A failed `getMe` is tried again on the next call.
 */
export function botUsername(api: Pick<BotApi, 'call'>, configured?: string): () => Promise<string | undefined> {
  if (configured) return async () => configured;
  let known: string | undefined;
  return async () => {
    known ??= (await api.call('getMe', {})).username;
    return known;
  };
}
