import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import twilio from 'twilio';
import type { ConversationEngine } from '../../conversation/engine.js';
import { errorMessage } from '../../errors.js';
import type { SendEffect } from '../../flows/effects.js';
import { parseConversationKey } from '../../flows/state.js';
import type { ButtonReplies } from './button-replies.js';
import { acceptFormBodies, FORM_BODY_LIMIT, type FormParams } from './form-body.js';
import type { SentMessage, SentMessages } from './sent-messages.js';
import { describeTwilioCode } from './twilio-errors.js';
import { inboundMessageSchema, statusCallbackSchema, toInbound } from './webhook-params.js';

export const MESSAGE_WEBHOOK_PATH = '/webhooks/twilio';
export const STATUS_WEBHOOK_PATH = '/webhooks/twilio/status';

/** Statuses that mean the guest will not get the message. */
const FAILED_STATUSES = new Set(['failed', 'undelivered']);

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export interface WebhookDeps {
  accountSid: string;
  authToken: string;
  /** Origin (and path prefix) Twilio calls; signatures are computed over it. Unset = every webhook is refused. */
  publicBaseUrl: string | undefined;
  engine: Pick<ConversationEngine, 'receive'>;
  buttons: ButtonReplies;
  sentMessages: SentMessages;
  /** Sends a message as plain text: a quick-reply template WhatsApp did not deliver is replaced this way. */
  sendText: (chatId: string, message: SendEffect) => Promise<void>;
  logger: Logger;
  /** Work that goes on after the answer (draining the chat); awaited on shutdown. */
  track: (work: Promise<void>) => void;
  /**
   * A failure callback can beat the bookkeeping of its own send by a few milliseconds:
   * look again after these pauses before giving up on an unknown MessageSid.
   */
  unknownSidRetriesMs?: readonly number[];
}

/**
 * POST /webhooks/twilio (incoming messages) and POST /webhooks/twilio/status (delivery
 * statuses). Both: signature first, no side effect before it; then zod; queue durably; then ack.
 */
export function registerWhatsAppWebhooks(app: FastifyInstance, deps: WebhookDeps): void {
  const log = deps.logger.child({ component: 'whatsapp-webhook' });
  const retries = deps.unknownSidRetriesMs ?? [200, 500, 1_000];

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

  const onStatus = async (params: FormParams, reply: FastifyReply) => {
    const parsed = statusCallbackSchema.safeParse(params);
    if (!parsed.success || parsed.data.AccountSid !== deps.accountSid) return badRequest(reply, 'not a Twilio status callback');
    const { MessageSid: sid, MessageStatus: status } = parsed.data;
    if (!FAILED_STATUSES.has(status)) return twimlOk(reply);
    let sent: SentMessage | undefined;
    try {
      sent = await deps.sentMessages.lookup(sid);
      for (const pause of retries) {
        if (sent) break;
        await new Promise((r) => setTimeout(r, pause));
        sent = await deps.sentMessages.lookup(sid);
      }
      const where = sent && parseConversationKey(sent.convKey);
      if (!sent || !where) {
        log.warn({ messageSid: sid, status, errorCode: parsed.data.ErrorCode }, 'delivery failure for a message this bot has no record of');
        return twimlOk(reply);
      }
      const code = parsed.data.ErrorCode ? Number(parsed.data.ErrorCode) : undefined;
      let reason = `WhatsApp reported it ${status}: ${describeTwilioCode(code, parsed.data.ErrorMessage)}`;
      if (sent.fallback) {
        if (!(await deps.sentMessages.claimFallback(sid))) return twimlOk(reply);
        try {
          await deps.sendText(where.chatId, { type: 'send', ...sent.fallback });
          log.warn({ conv: sent.convKey, messageSid: sid, errorCode: parsed.data.ErrorCode }, 'quick-reply template not delivered; sent as text instead (check TWILIO_CONFIRM_CONTENT_SID)');
          return twimlOk(reply);
        } catch (err) {
          reason += `; the plain-text version failed too (${errorMessage(err)})`;
        }
      }
      // Keyed by the sid: a repeated callback, or "failed" then "undelivered", alerts staff once.
      const { processed } = await deps.engine.receive({
        channel: where.channel,
        chatId: where.chatId,
        deliveryId: `status:${sid}`,
        event: { type: 'deliveryFailed', reason, pin: sent.pin },
      });
      deps.track(processed);
    } catch (err) {
      log.error({ messageSid: sid, err: errorMessage(err) }, 'delivery failure could not be queued; asking Twilio to retry');
      return reply.code(503).header('retry-after', '5').type('text/plain').send('temporarily unavailable');
    }
    log.info({ conv: sent.convKey, messageSid: sid, status, errorCode: parsed.data.ErrorCode, pin: sent.pin }, 'whatsapp message not delivered');
    return twimlOk(reply);
  };

  const onMessage = async (params: FormParams, reply: FastifyReply) => {
    const parsed = inboundMessageSchema.safeParse(params);
    if (!parsed.success || parsed.data.AccountSid !== deps.accountSid) {
      log.warn({ issues: parsed.success ? ['AccountSid: not this account'] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'webhook is not a WhatsApp message');
      return badRequest(reply, 'not a Twilio WhatsApp message');
    }
    const inbound = toInbound(parsed.data);
    try {
      let event = inbound.event;
      if (event.type === 'text') {
        const pressed = await deps.buttons.resolve(inbound.chatId, event.text);
        if (pressed) event = { type: 'button', id: pressed };
      }
      // Resolves once the message is durably queued: only then may Twilio consider it delivered.
      const { processed } = await deps.engine.receive({ channel: 'whatsapp', chatId: inbound.chatId, deliveryId: inbound.deliveryId, event, meta: inbound.meta });
      deps.track(processed);
    } catch (err) {
      log.error({ messageSid: inbound.deliveryId, err: errorMessage(err) }, 'message could not be queued; asking Twilio to retry');
      return reply.code(503).header('retry-after', '5').type('text/plain').send('temporarily unavailable');
    }
    return twimlOk(reply);
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

function forbidden(reply: FastifyReply) {
  return reply.code(403).type('text/plain').send('invalid Twilio signature');
}

function badRequest(reply: FastifyReply, why: string) {
  return reply.code(400).type('text/plain').send(why);
}
