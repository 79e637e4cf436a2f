import { createServer, request } from 'node:http';
import { Redis } from 'ioredis';

/**
 * The floor the service is measured against: a bare node:http handler doing, per message, the
 * Redis round trips the service cannot avoid (dedupe SET NX, read the conversation, write it)
 * and one HTTP send to the platform fake. No framework, no validation, no flow.
 * Env: PORT, REDIS_URL, PREFIX, TELEGRAM_URL (fake root incl. /bot<token>), TWILIO_URL (fake
 * Messages.json URL), TWILIO_AUTH (basic auth header value).
 */
const redis = new Redis(process.env.REDIS_URL!);
const prefix = process.env.PREFIX ?? 'floor:';
const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(body);
  });
}

const server = createServer((req, res) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (raw += c));
  req.on('end', () => {
    void (async () => {
      let chat: string;
      let delivery: string;
      let send: () => Promise<void>;
      if (req.url === '/webhooks/telegram') {
        const u = JSON.parse(raw) as { update_id: number; message?: { chat: { id: number } }; callback_query?: { from: { id: number } } };
        chat = String(u.message?.chat.id ?? u.callback_query?.from.id);
        delivery = `tg:${u.update_id}`;
        send = () => post(`${process.env.TELEGRAM_URL}/sendMessage`, JSON.stringify({ chat_id: chat, text: 'ok' }), { 'content-type': 'application/json' });
      } else {
        const form = new URLSearchParams(raw);
        chat = form.get('From') ?? '';
        delivery = `wa:${form.get('MessageSid')}`;
        const body = new URLSearchParams({ To: chat, From: form.get('To') ?? '', Body: 'ok' }).toString();
        send = () => post(process.env.TWILIO_URL!, body, { 'content-type': 'application/x-www-form-urlencoded', authorization: process.env.TWILIO_AUTH! });
      }
      const fresh = await redis.set(`${prefix}dedupe:${delivery}`, '1', 'EX', 86_400, 'NX');
      if (fresh) {
        const state = JSON.parse((await redis.get(`${prefix}conv:${chat}`)) ?? '{"n":0}') as { n: number };
        await redis.set(`${prefix}conv:${chat}`, JSON.stringify({ n: state.n + 1, at: Date.now() }));
        await send();
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('floor listening'));
process.on('SIGTERM', () => process.exit(0));
