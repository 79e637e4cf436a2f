import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { publicIdWith } from '../src/public-id.js';
import { createLogger } from '../src/logger.js';

const publicId = publicIdWith('logger-tests');

function capture(withIds = true) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('debug', stream, withIds ? publicId : undefined), output: () => lines.join('') };
}

describe('logger redaction', () => {
  it.each([
    ['pin', { pin: '482913' }, '482913'],
    ['nested code', { record: { code: '482913' } }, '482913'],
    ['access token', { ttlock: { accessToken: 'tok-secret-1' } }, 'tok-secret-1'],
    ['refresh token', { refresh_token: 'ref-secret-1' }, 'ref-secret-1'],
    ['password', { password: 'hunter2' }, 'hunter2'],
    ['guest phone', { booking: { guestPhone: '+447400123456' } }, '+447400123456'],
    ['known phone', { state: { knownPhone: '+447400123456' } }, '+447400123456'],
    ['email', { guest: { email: 'jane@example.com' } }, 'jane@example.com'],
    ['message text', { text: 'my card is 4111' }, '4111'],
  ])('hides %s', (_name, fields, secret) => {
    const { logger, output } = capture();
    logger.info(fields, 'something happened');
    expect(output()).toContain('something happened');
    expect(output()).toContain('[redacted]');
    expect(output()).not.toContain(secret);
  });

  it('keeps the fields that make a log useful', () => {
    const { logger, output } = capture();
    logger.child({ conv: 'telegram:42' }).info({ ref: 'AB1234', step: 'email->car' }, 'event processed');
    const line = JSON.parse(output()) as Record<string, unknown>;
    expect(line).toMatchObject({ conv: publicId('telegram:42'), ref: 'AB1234', step: 'email->car', msg: 'event processed', level: 30 });
  });

  it('names only the channel of a chat when it was given no way to label chats', () => {
    const { logger, output } = capture(false);
    logger.info({ conv: 'whatsapp:+447400123456' }, 'event processed');
    expect(JSON.parse(output())).toMatchObject({ conv: 'whatsapp#hidden' });
  });

  it('writes request lines without headers (bearer tokens, webhook secrets, signatures)', () => {
    const { logger, output } = capture();
    logger.info({ req: { method: 'GET', url: '/healthz', headers: { authorization: 'Bearer abc' }, ip: '127.0.0.1' } }, 'incoming request');
    expect(JSON.parse(output())).toMatchObject({ req: { method: 'GET', url: '/healthz', ip: '127.0.0.1' } });
    expect(output()).not.toContain('Bearer abc');
  });

  it('logs conversation keys (which can be phone numbers) as their public id, in bindings too', () => {
    const { logger, output } = capture();
    logger.child({ conv: 'whatsapp:+447400123456' }).info('bound');
    logger.info({ conv: 'whatsapp:+447400123456' }, 'field');
    expect(output()).not.toContain('7400123456');
    expect(output().match(/"conv":"whatsapp#[0-9a-z]{14}"/g)).toHaveLength(2);
  });
});

describe('errors in logs', () => {
  it("ioredis errors keep type and message but not the command's arguments (a whole booking)", async () => {
    const { Redis } = await import('ioredis');
    const { TEST_REDIS_URL } = await import('./helpers/redis.js');
    const redis = new Redis(TEST_REDIS_URL);
    const key = `test:logger:${Date.now()}:booking`;
    try {
      await redis.hset(key, 'x', '1');
      const err = await redis.set(key, JSON.stringify({ guestName: 'Zed Quimby', guestPhone: '+447400111222' }), 'GET').catch((e: unknown) => e);
      expect(JSON.stringify((err as { command?: unknown }).command)).toContain('Zed Quimby'); // what pino's own serializer would log
      const { logger, output } = capture();
      logger.error({ err }, 'booking write failed');
      expect(output()).toContain('WRONGTYPE');
      expect(output()).toContain('"type":"ReplyError"');
      expect(output()).not.toContain('Zed Quimby');
      expect(output()).not.toContain('7400111222');
    } finally {
      await redis.del(key);
      await redis.quit();
    }
  });

  it('axios errors carry neither the request body (a door code) nor the response', async () => {
    const { createServer } = await import('node:http');
    const { default: axios } = await import('axios');
    const server = createServer((_req, res) => res.writeHead(500).end('{"echo":"keyboardPwd=482913"}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const err = await axios.post(`http://127.0.0.1:${port}/v3/keyboardPwd/add`, 'keyboardPwd=482913&accessToken=tok-secret-9').catch((e: unknown) => e);
      const { logger, output } = capture();
      logger.error({ err }, 'TTLock call failed');
      expect(output()).toContain('status code 500');
      expect(output()).not.toContain('482913');
      expect(output()).not.toContain('tok-secret-9');
    } finally {
      server.close();
    }
  });

  it("a phone number Twilio quotes in its error message keeps only its last two digits, in the error's cause too", () => {
    const { logger, output } = capture();
    const twilio = new Error('To number: +447400123456, is not a mobile number');
    logger.error({ err: new Error('WhatsApp message refused (Twilio 21614)', { cause: twilio }) }, 'send failed');
    logger.error({ err: 'WhatsApp message refused: To number: +447400123456, is not a mobile number' }, 'effect gave up');
    expect(output()).not.toContain('7400123456');
    const [cause, given] = output().trim().split('\n').map((line) => JSON.parse(line) as { err: unknown });
    expect((cause!.err as { cause: { message: string } }).cause.message).toBe('To number: +…56, is not a mobile number');
    expect(given!.err).toBe('WhatsApp message refused: To number: +…56, is not a mobile number');
  });

  it('a conversation key in an error message becomes its public id', () => {
    const { logger, output } = capture();
    logger.error({ err: new Error('conversation whatsapp:+447400123456: could not commit after 10 attempts') }, 'drain failed');
    expect(output()).toContain(publicId('whatsapp:+447400123456'));
    expect(output()).not.toContain('7400123456');
  });
});
