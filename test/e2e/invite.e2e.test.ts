import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { UpdateFactory } from '../fakes/telegram-updates.js';
import { bookingToday } from '../helpers/checkin.js';
import { runScript } from '../support/process.js';
import { startService, type ServiceProcess } from '../support/service.js';
import { testRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/runtime.js';
import { TEST_ADMIN_TOKEN, TEST_TWILIO_AUTH_TOKEN, TEST_WEBHOOK_SECRET } from '../helpers/secrets.js';

/**
 * Invitations from the outside: `npm start` gives a booking's links at
 * `GET /admin/bookings/:ref/invite` (the bot's @username asked of Telegram), the Telegram link's
 * `/start <ref>` starts that booking's check-in, and `npm run bookings:invite` prints the same
 * links and writes the QR codes.
 */
const TOKEN = '979797:E2E-invite_token';
const PUBLIC = 'https://checkin.example.test';
const REF = 'INV100';
const t = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'invite-e2e-'));
let fake: FakeTelegram;
let server: ServiceProcess;
let base: string;

const ENV = () => ({
  REDIS_URL: t.url,
  REDIS_PREFIX: t.prefix,
  LOG_LEVEL: 'info',
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
  TELEGRAM_API_ROOT: fake.url,
  TWILIO_ACCOUNT_SID: `AC${'c'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
  TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
  WHATSAPP_SPOOL_DIR: join(dir, 'spool'),
  PUBLIC_BASE_URL: PUBLIC,
  ADMIN_TOKEN: TEST_ADMIN_TOKEN,
  LOCK_PROVIDER: 'simulated',
});

beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN });
  server = await startService({ env: ENV(), readyTimeoutMs: 18_000 });
  base = server.base;
  const put = await server.putBooking(bookingToday(REF));
  expect(put.status).toBe(201);
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await fake?.close();
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const admin = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
const TG_LINK = `https://t.me/checkin_test_bot?start=${REF}`;
const WA_LINK = `https://wa.me/14155238886?text=Check-in%2C%20booking%20${REF}`;

describe('invitations', () => {
  it('GET /admin/bookings/:ref/invite gives both links, their QR codes and the message to paste', async () => {
    const res = await admin(`/admin/bookings/${REF.toLowerCase()}/invite`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ref: string; telegram: { link: string; qrSvg: string }; whatsapp: { link: string; qrSvg: string }; message: string };
    expect(body.ref).toBe(REF);
    expect(body.telegram.link).toBe(TG_LINK);
    expect(body.whatsapp.link).toBe(WA_LINK);
    expect(body.telegram.qrSvg).toMatch(/^<svg /);
    expect(body.message).toContain(`WhatsApp: ${WA_LINK}`);
    expect(body.message).toContain(`Telegram: ${TG_LINK}`);

    const svg = await admin(`/admin/bookings/${REF}/invite/telegram.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toBe(body.telegram.qrSvg);

    expect((await fetch(`${base}/admin/bookings/${REF}/invite`)).status).toBe(401);
    expect((await admin('/admin/bookings/NOSUCH1/invite')).status).toBe(404);
  });

  it("the Telegram link's /start <ref> starts that booking's check-in", async () => {
    const guest = new UpdateFactory().guest(515_151, { firstName: 'Alex' });
    const res = await fetch(`${base}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET },
      body: JSON.stringify(guest.text(`/start ${new URL(TG_LINK).searchParams.get('start')}`)),
    });
    expect(res.status).toBe(200);
    await waitFor(() => fake.messagesTo(guest.chatId).length > 0, 10_000, 'the reply');
    expect(fake.messagesTo(guest.chatId)[0]!.text).toBe(en.refAccepted());
  });

  it('npm run bookings:invite prints the links and writes the QR codes', { timeout: 30_000 }, async () => {
    const svgDir = join(dir, 'qr');
    const cli = runScript('src/bookings/invite-cli.ts', ENV(), [REF, '--svg', svgDir]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(`Telegram: ${TG_LINK}`);
    expect(cli.output()).toContain(`WhatsApp: ${WA_LINK}`);
    expect(readFileSync(join(svgDir, `${REF}-whatsapp.svg`), 'utf8')).toMatch(/^<svg /);
    expect(existsSync(join(svgDir, `${REF}-telegram.svg`))).toBe(true);

    const unknown = runScript('src/bookings/invite-cli.ts', ENV(), ['NOSUCH1']);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toContain('no booking NOSUCH1');
  });
});
