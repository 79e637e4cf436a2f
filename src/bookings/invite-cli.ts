/**
 * npm run bookings:invite -- REF [--svg DIR]
 * Prints the links that start a booking's check-in (Telegram and WhatsApp, for the channels
 * configured) and the message to paste into the booking confirmation; `--svg DIR` also writes
 * each link's QR code there (`<ref>-telegram.svg`, `<ref>-whatsapp.svg`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inviteSettings } from '../bot/invite-settings.js';
import { loadSettings, runCli, type CliIO } from '../cli.js';
import { normalizeRef, REF_PATTERN } from '../flows/parse/ref.js';
import { connectRedis } from '../redis-connect.js';
import { redisKeys } from '../redis-keys.js';
import { invitation, inviteMessage } from './invite.js';
import { BookingStore } from './store.js';

const USAGE = 'usage: npm run bookings:invite -- REF [--svg DIR]';

async function runInvite(argv: string[], env: NodeJS.ProcessEnv, io: CliIO): Promise<number> {
  const svgAt = argv.indexOf('--svg');
  const svgDir = svgAt >= 0 ? argv[svgAt + 1] : undefined;
  const rest = svgAt >= 0 ? argv.filter((_, i) => i !== svgAt && i !== svgAt + 1) : argv;
  const unknown = rest.filter((a) => a.startsWith('--'));
  if ((svgAt >= 0 && !svgDir) || unknown.length > 0 || rest.length !== 1) {
    io.err(unknown.length > 0 ? `unknown option ${unknown.join(', ')}` : svgAt >= 0 && !svgDir ? '--svg needs a directory' : 'expected exactly one booking ref');
    io.err(USAGE);
    return 1;
  }
  const ref = normalizeRef(rest[0]!);
  if (!REF_PATTERN.test(ref)) {
    io.err(`"${rest[0]}" is not a booking ref (3-32 letters or digits)`);
    return 1;
  }
  const settings = loadSettings(env, io, { properties: false });
  if (!settings) return 1;
  const { config } = settings;
  const redis = await connectRedis(config.redisUrl, { timeoutMs: 3_000 });
  try {
    const booking = await new BookingStore(redis, redisKeys(config.redisPrefix)).get(ref);
    if (!booking) {
      io.err(`no booking ${ref}`);
      return 1;
    }
    if (booking.status === 'cancelled') {
      io.err(`booking ${ref} is cancelled: no invitation`);
      return 1;
    }
    const inv = await invitation(ref, inviteSettings(config));
    if (!inv.telegram && !inv.whatsapp) {
      io.err('no guest channel is configured (TELEGRAM_BOT_TOKEN or TWILIO_*): nothing to invite to');
      return 1;
    }
    if (inv.telegram) io.out(`Telegram: ${inv.telegram.link}`);
    if (inv.whatsapp) io.out(`WhatsApp: ${inv.whatsapp.link}`);
    io.out('');
    io.out(inviteMessage(inv));
    if (svgDir) {
      mkdirSync(svgDir, { recursive: true });
      for (const channel of ['telegram', 'whatsapp'] as const) {
        const qr = inv[channel];
        if (!qr) continue;
        const file = join(svgDir, `${ref}-${channel}.svg`);
        writeFileSync(file, qr.qrSvg);
        io.out(`wrote ${file}`);
      }
    }
    return 0;
  } finally {
    await redis.quit().catch(() => {});
  }
}

runCli('bookings:invite', runInvite);
