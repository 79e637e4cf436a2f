import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import twilio from 'twilio';
import { errorMessage } from '../../errors.js';
import { isRedisUnavailable } from '../../redis/unavailable.js';
import { acceptFormBodies, FORM_BODY_LIMIT, type FormParams } from './form-body.js';
import { FAILED_STATUSES, type WhatsAppIntake } from './intake.js';
import type { SpoolEntry } from './spool.js';
import { inboundMessageSchema, statusCallbackSchema } from './webhook-params.js';

export const MESSAGE_WEBHOOK_PATH = '/webhooks/twilio';
export const STATUS_WEBHOOK_PATH = '/webhooks/twilio/status';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** Where a webhook goes when Redis cannot take it: a durable file on this host (see spool.ts). */
export interface SpoolGate {
  /** Something older waits in the spool: a new webhook goes behind it, or it could overtake it. */
  holding(): boolean;
  /** Resolves once the entry is on disk; rejects when it is not (the answer is then 503). */
  keep(entry: SpoolEntry): Promise<void>;
}

export interface WebhookDeps {
  accountSid: string;
  authToken: string;
  /** Origin (and path prefix) Twilio calls; signatures are computed over it. Unset = every webhook is refused. */
  publicBaseUrl: string | undefined;
  intake: Pick<WhatsAppIntake, 'message' | 'status'>;
  /** Unset: a webhook Redis cannot take is answered 503 (Twilio does not send it again by default). */
  spool?: SpoolGate;
  logger: Logger;
  now?: () => number;
}

/**
 * POST /webhooks/twilio (incoming messages) and POST /webhooks/twilio/status (delivery
 * statuses). Both: signature first, no side effect before it; then zod; queue durably (in Redis,
 * or in the local spool while Redis cannot take it); then ack.
 */
export function registerWhatsAppWebhooks(app: FastifyInstance, deps: WebhookDeps): void {
  const log = deps.logger.child({ component: 'whatsapp-webhook' });
  const now = deps.now ?? Date.now;

  const verified = (request: FastifyRequest, path: string, params: FormParams): boolean => {
    if (!deps.publicBaseUrl) {
      log.error('PUBLIC_BASE_URL is not set, so Twilio signatures cannot be checked: webhook refused');
      return false;
    }
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature === '') return false;
    // Twilio signs the URL it was configured with, query string included; the path we were reached on
    // may differ behind a proxy, so only the query string is taken from the request.
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    return twilio.validateRequest(deps.authToken, signature, `${deps.publicBaseUrl}${path}${query}`, params);
  };

  /**
   * A 200 tells Twilio the webhook is safe with us, and Twilio never sends it again: so 200 only
   * once it is in Redis or fsynced in the spool; otherwise 503.
   */
  const take = async (reply: FastifyReply, entry: SpoolEntry, direct: () => Promise<void>) => {
    const spool = deps.spool;
    if (spool?.holding()) return keep(reply, spool, entry);
    try {
      await direct();
      return twimlOk(reply);
    } catch (err) {
      if (spool && isRedisUnavailable(err)) return keep(reply, spool, entry);
      log.error({ messageSid: entry.params.MessageSid, kind: entry.kind, err: errorMessage(err) }, 'webhook could not be queued; answered 503');
      return unavailable(reply);
    }
  };

  const keep = async (reply: FastifyReply, spool: SpoolGate, entry: SpoolEntry) => {
    const fields = { messageSid: entry.params.MessageSid, kind: entry.kind };
    try {
      await spool.keep(entry);
    } catch (err) {
      log.error({ ...fields, err: errorMessage(err) }, 'webhook could not be queued in Redis nor written to the spool; answered 503');
      return unavailable(reply);
    }
    log.info(fields, 'webhook kept in the local spool until Redis takes it');
    return twimlOk(reply);
  };

  const onStatus = async (params: FormParams, reply: FastifyReply) => {
    const parsed = statusCallbackSchema.safeParse(params);
    if (!parsed.success || parsed.data.AccountSid !== deps.accountSid) return badRequest(reply, 'not a Twilio status callback');
    // Only failures need Redis (a staff alert, a plain-text fallback); the rest are acknowledged as they are.
    if (!FAILED_STATUSES.has(parsed.data.MessageStatus)) return twimlOk(reply);
    const entry: SpoolEntry = { v: 1, kind: 'status', receivedAt: now(), params: parsed.data };
    return take(reply, entry, () => deps.intake.status(parsed.data));
  };

  const onMessage = async (params: FormParams, reply: FastifyReply) => {
    const parsed = inboundMessageSchema.safeParse(params);
    if (!parsed.success || parsed.data.AccountSid !== deps.accountSid) {
      log.warn({ issues: parsed.success ? ['AccountSid: not this account'] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'webhook is not a WhatsApp message');
      return badRequest(reply, 'not a Twilio WhatsApp message');
    }
    const entry: SpoolEntry = { v: 1, kind: 'message', receivedAt: now(), params: parsed.data };
    return take(reply, entry, () => deps.intake.message(parsed.data));
  };

  app.register(async (scope) => {
    acceptFormBodies(scope);
    scope.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'twilio webhook failed');
      return reply.code(status).type('text/plain').send(status === 500 ? 'internal error' : (error.message ?? 'bad request'));
    });

    scope.post(MESSAGE_WEBHOOK_PATH, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const params = formParams(request.body);
      if (!verified(request, MESSAGE_WEBHOOK_PATH, params)) return forbidden(reply);
      // A status callback sent to the message URL (the sender's callback set to it): handle it, never read it as a guest message.
      const status = params.MessageStatus;
      if (typeof status === 'string' && status !== '' && status.toLowerCase() !== 'received') return onStatus(params, reply);
      return onMessage(params, reply);
    });

    scope.post(STATUS_WEBHOOK_PATH, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const params = formParams(request.body);
      if (!verified(request, STATUS_WEBHOOK_PATH, params)) return forbidden(reply);
      return onStatus(params, reply);
    });
  });
}

function formParams(body: unknown): FormParams {
  return typeof body === 'object' && body !== null ? (body as FormParams) : {};
}

function twimlOk(reply: FastifyReply) {
  return reply.code(200).type('text/xml').send(EMPTY_TWIML);
}

function unavailable(reply: FastifyReply) {
  return reply.code(503).header('retry-after', '5').type('text/plain').send('temporarily unavailable');
}

function forbidden(reply: FastifyReply) {
  return reply.code(403).type('text/plain').send('invalid Twilio signature');
}

function badRequest(reply: FastifyReply, why: string) {
  return reply.code(400).type('text/plain').send(why);
}
