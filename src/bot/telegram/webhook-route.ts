import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorMessage } from '../../errors.js';
import type { UpdateHandler } from './update-handler.js';
import { updateEnvelopeSchema } from './updates.js';

export const WEBHOOK_PATH = '/webhooks/telegram';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * POST /webhooks/telegram. The secret header is checked before the body is even read. The answer
 * is 200 as soon as the update is queued in Redis, so a slow lock or a busy chat never makes
 * Telegram time out and redeliver; only a failure to queue answers 503, which is exactly when a
 * redelivery is wanted.
 */
export function telegramWebhookRoutes(opts: { secret: string | undefined; handler: UpdateHandler }): (app: FastifyInstance) => void {
  return (app) => {
    app.post(
      WEBHOOK_PATH,
      {
        onRequest: async (request, reply) => {
          if (!secretMatches(opts.secret, request.headers[SECRET_HEADER])) {
            return reply.code(401).send({ error: opts.secret === undefined ? 'Telegram webhook disabled (no TELEGRAM_WEBHOOK_SECRET)' : 'wrong or missing secret token' });
          }
        },
      },
      async (request, reply) => {
        const envelope = updateEnvelopeSchema.safeParse(request.body);
        if (!envelope.success) return reply.code(400).send({ error: 'not a Telegram update (no update_id)' });
        let handled;
        try {
          handled = await opts.handler.handle(request.body);
        } catch (err) {
          request.log.error({ updateId: envelope.data.update_id, err: errorMessage(err) }, 'telegram update not queued; Telegram will deliver it again');
          return reply.code(503).header('retry-after', '5').send({ error: 'could not queue the update' });
        }
        // After the answer is on its way: e.g. answerCallbackQuery, so it never delays the ack.
        void reply.then(handled.afterAck, handled.afterAck);
        return reply.code(200).send();
      },
    );
  };
}

function secretMatches(expected: string | undefined, presented: string | string[] | undefined): boolean {
  if (expected === undefined || typeof presented !== 'string') return false;
  // Equal-length digests: timingSafeEqual then leaks neither the secret nor its length.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
