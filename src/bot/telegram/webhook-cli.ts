import { loadConfig } from '../../config.js';
import { describeStartupError } from '../../startup-error.js';
import { TelegramCallError } from '../telegram-api/api-error.js';
import { BotApi } from '../telegram-api/bot-api.js';
import { DEFAULT_TUNING } from './tuning.js';
import { describeWebhook, MISSING_PUBLIC_URL, registerWebhook, webhookUrl } from './webhook-setup.js';

const USAGE = `npm run telegram:webhook               register PUBLIC_BASE_URL/webhooks/telegram with Telegram
npm run telegram:webhook -- --info     show what Telegram knows about the webhook
npm run telegram:webhook -- --delete   remove the webhook (pending updates are kept)`;

/**
 * `npm run telegram:webhook`: registers (or shows, or removes) the webhook by hand, with the
 * same settings the server uses at start-up. Prints Telegram's answer; exit code 1 on any problem.
 */
async function main(argv: string[]): Promise<number> {
  const action = argv.includes('--help') ? 'help' : argv.includes('--info') ? 'info' : argv.includes('--delete') ? 'delete' : 'set';
  if (action === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(process.env);
  if (!config.telegram) {
    console.error('telegram:webhook: TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)');
    return 1;
  }
  const api = new BotApi({ token: config.telegram.botToken, apiRoot: config.telegram.apiRoot, timeoutMs: DEFAULT_TUNING.requestTimeoutMs });

  if (action === 'delete') {
    await api.call('deleteWebhook', { drop_pending_updates: false });
    console.log('Telegram webhook removed.');
    return 0;
  }
  if (action === 'set') {
    if (config.telegram.mode === 'polling') {
      console.error('telegram:webhook: TELEGRAM_MODE=polling; a webhook would stop polling from working (set TELEGRAM_MODE=webhook first)');
      return 1;
    }
    if (!config.publicBaseUrl) {
      console.error(`telegram:webhook: ${MISSING_PUBLIC_URL}`);
      return 1;
    }
    const url = webhookUrl(config.publicBaseUrl);
    // Config refuses webhook mode without a secret, so it is set here.
    const info = await registerWebhook(api, { url, secret: config.telegram.webhookSecret! });
    console.log(`Telegram accepted the webhook ${url}`);
    for (const line of describeWebhook(info)) console.log(`  ${line}`);
    return 0;
  }
  const info = await api.call('getWebhookInfo', {});
  for (const line of describeWebhook(info)) console.log(line);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const refused = err instanceof TelegramCallError && (err.kind === 'rejected' || err.kind === 'blocked');
    const lines = refused ? [`telegram:webhook: Telegram refused: ${err.message}`] : describeStartupError(err, 'telegram:webhook: could not reach Telegram (TELEGRAM_API_ROOT)');
    for (const line of lines) console.error(line);
    process.exit(1);
  },
);
