import type { Logger } from 'pino';
import type { ConversationEngine } from '../../conversation/engine.js';
import { errorMessage } from '../../errors.js';
import type { SendEffect } from '../../flows/effects.js';
import { parseConversationKey } from '../../flows/state.js';
import type { StaffAlerts } from '../../oversight/alerts.js';
import type { ButtonReplies } from './button-replies.js';
import { optOutWord, type OptOuts } from './opt-outs.js';
import type { SentMessage, SentMessages } from './sent-messages.js';
import type { ServiceWindow } from './service-window.js';
import { describeTwilioCode } from './twilio-errors.js';
import { toInbound, type InboundMessageParams, type StatusCallbackParams } from './webhook-params.js';

/** Statuses that mean the guest will not get the message. */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(['failed', 'undelivered']);

export interface IntakeDeps {
  engine: Pick<ConversationEngine, 'receive'>;
  /** Guests who wrote STOP are never messaged first again. */
  optOuts: Pick<OptOuts, 'set'>;
  /** An invitation WhatsApp did not deliver: there is no conversation to tell, so staff hear it here. */
  alerts: Pick<StaffAlerts, 'raise'>;
  buttons: ButtonReplies;
  sentMessages: SentMessages;
  /** Sends a message as plain text: a quick-reply template WhatsApp did not deliver is replaced this way. */
  sendText: (chatId: string, message: SendEffect) => Promise<void>;
  logger: Logger;
  /** Each message opens WhatsApp's 24-hour window for messages the guest did not ask for. */
  window?: Pick<ServiceWindow, 'opened'>;
  /** Work that goes on after the answer (draining the chat); awaited on shutdown. */
  track: (work: Promise<void>) => void;
  /**
   * A failure callback can beat the bookkeeping of its own send by a few milliseconds:
   * look again after these pauses before giving up on an unknown MessageSid.
   */
  unknownSidRetriesMs?: readonly number[];
}

/**
 * What a verified, parsed Twilio webhook does in Redis, whether it comes straight from Twilio or
 * later from the spool. Each method resolves once the work is durably queued (deduplicated by
 * the MessageSid, so doing it twice is harmless) and throws when Redis could not take it.
 */
export class WhatsAppIntake {
  private readonly log: Logger;

  constructor(private readonly deps: IntakeDeps) {
    this.log = deps.logger.child({ component: 'whatsapp-webhook' });
  }

  async message(params: InboundMessageParams, receivedAt?: number): Promise<void> {
    const inbound = toInbound(params);
    await this.deps.window?.opened(inbound.chatId, receivedAt);
    let event = inbound.event;
    if (event.type === 'text') {
      // Recorded before the message goes on: the reply it gets is an answer, not a first message.
      const optOut = optOutWord(event.text);
      if (optOut) await this.deps.optOuts.set(inbound.chatId, optOut === 'stop');
      const pressed = await this.deps.buttons.resolve(inbound.chatId, event.text);
      if (pressed) event = { type: 'button', id: pressed };
    }
    const { processed } = await this.deps.engine.receive({
      channel: 'whatsapp',
      chatId: inbound.chatId,
      deliveryId: inbound.deliveryId,
      event,
      meta: inbound.meta,
      ...(receivedAt !== undefined ? { receivedAt } : {}),
    });
    this.deps.track(processed);
  }

  /** A failed or undelivered message: staff hear of it (once per MessageSid), or its plain-text version goes instead. */
  async status(params: StatusCallbackParams): Promise<void> {
    const { MessageSid: sid, MessageStatus: status } = params;
    if (!FAILED_STATUSES.has(status)) return;
    let sent: SentMessage | undefined = await this.deps.sentMessages.lookup(sid);
    for (const pause of this.deps.unknownSidRetriesMs ?? [200, 500, 1_000]) {
      if (sent) break;
      await new Promise((r) => setTimeout(r, pause));
      sent = await this.deps.sentMessages.lookup(sid);
    }
    const where = sent && parseConversationKey(sent.convKey);
    if (!sent || !where) {
      this.log.warn({ messageSid: sid, status, errorCode: params.ErrorCode }, 'delivery failure for a message this bot has no record of');
      return;
    }
    const code = params.ErrorCode ? Number(params.ErrorCode) : undefined;
    let reason = `WhatsApp reported it ${status}: ${describeTwilioCode(code, params.ErrorMessage)}`;
    if (sent.invite) {
      if (!(await this.deps.sentMessages.claimInviteAlert(sid, true))) return;
      const alert = { kind: 'invite_failed' as const, ref: sent.invite, convKey: '', detail: `Booking ${sent.invite}: the WhatsApp invitation to the booking's phone was not delivered. ${reason}.`, at: Date.now() };
      // Not raised: the claim goes too, so the callback's retry (or its replay from the spool) raises it.
      await this.deps.alerts.raise(alert).catch(async (err: unknown) => {
        await this.deps.sentMessages.claimInviteAlert(sid, false).catch(() => {});
        throw err;
      });
      return;
    }
    if (sent.fallback) {
      if (!(await this.deps.sentMessages.claimFallback(sid))) return;
      try {
        await this.deps.sendText(where.chatId, { type: 'send', ...sent.fallback });
        this.log.warn({ conv: sent.convKey, messageSid: sid, errorCode: params.ErrorCode }, 'quick-reply template not delivered; sent as text instead (check TWILIO_CONFIRM_CONTENT_SID)');
        return;
      } catch (err) {
        reason += `; the plain-text version failed too (${errorMessage(err)})`;
      }
    }
    // Keyed by the sid: a repeated callback, or "failed" then "undelivered", alerts staff once.
    const { processed } = await this.deps.engine.receive({
      channel: where.channel,
      chatId: where.chatId,
      deliveryId: `status:${sid}`,
      event: { type: 'deliveryFailed', reason, pin: sent.pin },
    });
    this.deps.track(processed);
    this.log.info({ conv: sent.convKey, messageSid: sid, status, errorCode: params.ErrorCode, pin: sent.pin }, 'whatsapp message not delivered');
  }
}
