import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.js';
import { loadConfig } from '../../src/config.js';
import { TEST_ADMIN_TOKEN, TEST_TWILIO_AUTH_TOKEN, TEST_WEBHOOK_SECRET } from '../helpers/secrets.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const HINT = '(make one with: openssl rand -hex 32)';
const TELEGRAM = { TELEGRAM_BOT_TOKEN: '123456:ABC-strict_test' };
const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
};

describe('secrets that guard an endpoint', () => {
  it('ADMIN_TOKEN: at least 32 characters without spaces, or one line that says how to make one', () => {
    expect(loadConfig({ ADMIN_TOKEN: TEST_ADMIN_TOKEN }).adminToken).toBe(TEST_ADMIN_TOKEN);
    expect(loadConfig({ ADMIN_TOKEN: 'a'.repeat(32) }).adminToken).toBe('a'.repeat(32));
    const line = `ADMIN_TOKEN: must be at least 32 characters, without spaces ${HINT}`;
    // 16 characters was enough before: a deployment that kept its old token is told, not let through.
    for (const weak of ['a'.repeat(31), 'changeme', '0123456789abcdef', `${'a'.repeat(20)} ${'b'.repeat(20)}`]) {
      expect(problems({ ADMIN_TOKEN: weak })).toEqual([line]);
    }
  });

  it("TELEGRAM_WEBHOOK_SECRET: 32-256 characters of Telegram's alphabet, or one line", () => {
    expect(loadConfig({ ...TELEGRAM, TELEGRAM_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }).telegram?.webhookSecret).toBe(TEST_WEBHOOK_SECRET);
    expect(loadConfig({ ...TELEGRAM, TELEGRAM_WEBHOOK_SECRET: 'A'.repeat(256) }).telegram?.webhookSecret).toHaveLength(256);
    const line = `TELEGRAM_WEBHOOK_SECRET: must be 32-256 characters of A-Z a-z 0-9 _ - ${HINT}`;
    // Too short; Telegram's own limit; characters setWebhook refuses (base64 output, a space).
    for (const weak of ['short_Secret-42', 'A'.repeat(257), `${'a'.repeat(32)}+/=`, `${'a'.repeat(20)} ${'b'.repeat(20)}`]) {
      expect(problems({ ...TELEGRAM, TELEGRAM_WEBHOOK_SECRET: weak })).toEqual([line]);
    }
  });

  it('checks the webhook secret in polling mode too, where it is only kept for a later switch', () => {
    expect(problems({ ...TELEGRAM, TELEGRAM_MODE: 'polling', TELEGRAM_WEBHOOK_SECRET: 'weak' })).toEqual([
      `TELEGRAM_WEBHOOK_SECRET: must be 32-256 characters of A-Z a-z 0-9 _ - ${HINT}`,
    ]);
  });

  it('TWILIO_AUTH_TOKEN: the 32 hex digits Twilio issues, nothing invented', () => {
    const https = { PUBLIC_BASE_URL: 'https://checkin.example.com' };
    expect(loadConfig({ ...TWILIO, ...https }).twilio?.authToken).toBe(TEST_TWILIO_AUTH_TOKEN);
    expect(loadConfig({ ...TWILIO, ...https, TWILIO_AUTH_TOKEN: 'ABCDEF0123456789abcdef0123456789' }).twilio?.authToken).toBe('ABCDEF0123456789abcdef0123456789');
    const line = 'TWILIO_AUTH_TOKEN: must be the 32 hex digits of the auth token shown in the Twilio Console';
    // A short one, the account SID pasted by mistake, an API key secret (not hex), one digit short.
    for (const bad of ['token', TWILIO.TWILIO_ACCOUNT_SID, 'Zx9'.repeat(11) + 'q', TEST_TWILIO_AUTH_TOKEN.slice(1)]) {
      expect(problems({ ...TWILIO, ...https, TWILIO_AUTH_TOKEN: bad })).toEqual([line]);
    }
  });
});

describe('PUBLIC_BASE_URL with Twilio', () => {
  it('is required: without it every webhook would be refused', () => {
    expect(problems(TWILIO)).toEqual([
      'PUBLIC_BASE_URL: is required with Twilio: the https origin Twilio calls, e.g. https://checkin.example.com (webhook signatures are checked against it)',
    ]);
  });

  it('must be https, except on a loopback host', () => {
    const line = 'PUBLIC_BASE_URL: must be https with Twilio, e.g. https://checkin.example.com (plain http only for localhost or 127.0.0.1)';
    for (const bad of ['http://checkin.example.com', 'http://10.0.0.5:3000', 'http://127.0.0.1.example.com']) {
      expect(problems({ ...TWILIO, PUBLIC_BASE_URL: bad })).toEqual([line]);
    }
    for (const ok of ['https://checkin.example.com', 'https://example.com/checkin', 'http://127.0.0.1:3000', 'http://localhost:8080', 'http://[::1]:3000']) {
      expect(loadConfig({ ...TWILIO, PUBLIC_BASE_URL: ok }).twilio).toBeDefined();
    }
  });

  it('is not asked for without Twilio (Telegram polling, the console, workers without channels)', () => {
    expect(loadConfig({}).publicBaseUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://checkin.example.com' }).publicBaseUrl).toBe('http://checkin.example.com');
  });
});

describe('METRICS_PORT / METRICS_HOST', () => {
  it('unset: /metrics stays on the main listener', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
  });

  it('a port alone listens on loopback; a host may be named', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics).toEqual({ host: '10.0.0.5', port: 9464 });
  });

  it('refuses a host without a port, the main port, and ports that are not ports', () => {
    expect(problems({ METRICS_HOST: '0.0.0.0' })).toEqual(['METRICS_HOST: needs METRICS_PORT (without it /metrics is served on PORT)']);
    expect(problems({ METRICS_PORT: '3000' })).toEqual(['METRICS_PORT: must differ from PORT (unset it to serve /metrics on PORT)']);
    expect(problems({ METRICS_PORT: '0' })).toEqual(['METRICS_PORT: must be at least 1']);
    expect(problems({ METRICS_PORT: 'ninety' })).toEqual(['METRICS_PORT: must be a whole number from 1 to 65535']);
    // A worker has no main listener: PORT is not in the way.
    expect(loadConfig({ ROLE: 'worker', METRICS_PORT: '3000' }).metrics).toEqual({ host: '127.0.0.1', port: 3000 });
  });
});
