import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChannelSender } from '../../conversation/effect-runner.js';
import { DeliveryError, errorMessage } from '../../errors.js';
import type { ProactiveTemplate, SendEffect } from '../../flows/effects.js';
import { conversationKey } from '../../flows/state.js';
import type { ButtonReplies } from './button-replies.js';
import { isConfirmPrompt, renderMessage } from './render.js';
import { withRetries, type RetryPolicy } from './retry.js';
import type { SendLimiter } from './send-limiter.js';
import type { SentMessage, SentMessages } from './sent-messages.js';
import type { ServiceWindow } from './service-window.js';
import { splitBody } from './split.js';
import { toDeliveryError } from './twilio-errors.js';

/** The subset of `client.messages.create` parameters this channel uses. */
export interface OutboundMessage {
  to: string;
  from: string;
  body?: string;
  contentSid?: string;
  contentVariables?: string;
  statusCallback?: string;
}

export type CreateMessage = (params: OutboundMessage) => Promise<unknown>;

/** Twilio answers with the whole Message resource; only its sid matters here. */
const createdSchema = z.object({ sid: z.string().min(1) });

/** A quick-reply template's body is capped at 1024 characters (Twilio 63021). */
const TEMPLATE_TEXT_LIMIT = 1024;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 400, maxDelayMs: 4_000 };

export interface WhatsAppSenderDeps {
  create: CreateMessage;
  /** whatsapp:+E164 of our sender. */
  from: string;
  /** Where Twilio posts delivery statuses; undefined = no status callbacks (no PUBLIC_BASE_URL). */
  statusCallbackUrl: string | undefined;
  /** Quick-reply template for the confirm/edit prompt; undefined = typed replies only. */
  confirmContentSid: string | undefined;
  buttons: ButtonReplies;
  sentMessages: SentMessages;
  limiter: SendLimiter;
  retry?: RetryPolicy;
  logger: Logger;
  /**
   * Messages the guest did not ask for (the flow's `proactive`: arrival welcome, check-out
   * reminder): never to a guest who wrote STOP, as text within WhatsApp's 24-hour window, beyond
   * it only as the approved template. Unset: sent as text like any other.
   */
  proactive?: ProactiveSending;
}

export interface ProactiveSending {
  window: Pick<ServiceWindow, 'isOpen'>;
  optedOut: (phone: string) => Promise<boolean>;
  /** Content SIDs (TWILIO_WELCOME_CONTENT_SID, TWILIO_CHECKOUT_CONTENT_SID); a missing one means "not sent beyond the window". */
  templates: Partial<Record<ProactiveTemplate, string>>;
}

/** The setting that holds each template, for the reason staff read. */
const TEMPLATE_SETTINGS: Record<ProactiveTemplate, string> = { welcome: 'TWILIO_WELCOME_CONTENT_SID', checkout: 'TWILIO_CHECKOUT_CONTENT_SID' };

/**
 * Sends the flow's messages through Twilio's REST API. Throws DeliveryError: retryable ones go
 * back to the engine's outbox (longer backoff), final ones reach staff as a failed delivery.
 */
export class WhatsAppSender implements ChannelSender {
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: WhatsAppSenderDeps) {
    this.retry = deps.retry ?? DEFAULT_RETRY;
  }

  async send(chatId: string, message: SendEffect): Promise<void> {
    const convKey = conversationKey('whatsapp', chatId);
    const pin = message.secret !== undefined;
    const log = this.deps.logger.child({ conv: convKey });

    if (message.proactive && this.deps.proactive) return this.sendProactive(chatId, message, message.proactive, this.deps.proactive);

    if (this.deps.confirmContentSid && isConfirmPrompt(message) && message.text.length <= TEMPLATE_TEXT_LIMIT) {
      try {
        const sid = await this.create(chatId, { contentSid: this.deps.confirmContentSid, contentVariables: JSON.stringify({ 1: message.text }) });
        const fallback = { text: message.text, ...(message.buttons ? { buttons: message.buttons } : {}) };
        await this.afterSend(log, chatId, [sid], { convKey, pin, fallback }, undefined);
        return;
      } catch (err) {
        if (!(err instanceof DeliveryError) || err.retryable) throw err;
        // The typed version says the same thing; a broken template must not strand the guest at the summary.
        log.warn({ err: err.message }, 'quick-reply template refused; sending the text instead');
      }
    }

    await this.sendText(chatId, message);
  }

  /** The message as plain WhatsApp text, whatever templates are configured. */
  async sendText(chatId: string, message: SendEffect): Promise<void> {
    const convKey = conversationKey('whatsapp', chatId);
    const rendered = renderMessage(message);
    const sids: Array<string | undefined> = [];
    const urgent = message.secret !== undefined;
    for (const body of splitBody(rendered.text)) sids.push(await this.create(chatId, { body }, urgent));
    await this.afterSend(this.deps.logger.child({ conv: convKey }), chatId, sids, { convKey, pin: message.secret !== undefined }, rendered.numbered);
  }

  /**
   * The booking's invitation, to a guest who has not written yet: outside WhatsApp's 24-hour window
   * only an approved template may be sent (its variable 1 is the booking ref). Its delivery status
   * is matched back to the booking, not to a conversation.
   */
  async sendInvite(phone: string, ref: string, contentSid: string): Promise<void> {
    const sid = await this.create(phone, { contentSid, contentVariables: JSON.stringify({ 1: ref }) });
    const convKey = conversationKey('whatsapp', phone);
    const log = this.deps.logger.child({ conv: convKey, ref });
    // Not afterSend: the chat's last numbered buttons (a check-in under way) must stay.
    if (sid) await this.deps.sentMessages.remember(sid, { convKey, pin: false, invite: ref }).catch((err: unknown) => log.error({ err: errorMessage(err) }, 'invitation sent, but its status tracking could not be saved'));
    log.info('whatsapp invitation sent');
  }

  /**
   * A message the guest did not ask for. Refusals are final DeliveryErrors whose text says why
   * (the flow reports them to staff in the conversation's topic); nothing reaches Twilio then.
   */
  private async sendProactive(chatId: string, message: SendEffect, proactive: NonNullable<SendEffect['proactive']>, rules: ProactiveSending): Promise<void> {
    if (await rules.optedOut(chatId)) throw new DeliveryError('not sent: the guest wrote STOP, so nothing is sent to them unasked', false);
    if (await rules.window.isOpen(chatId)) return this.sendText(chatId, message);
    if (!proactive.template) throw new DeliveryError('not sent: the guest last wrote more than 24 hours ago, when WhatsApp allows only an approved template, and there is none for this message', false);
    const contentSid = rules.templates[proactive.template];
    if (!contentSid) {
      throw new DeliveryError(
        `not sent: the guest last wrote more than 24 hours ago, when WhatsApp allows only an approved template, and ${TEMPLATE_SETTINGS[proactive.template]} is not set`,
        false,
      );
    }
    const sid = await this.create(chatId, { contentSid, contentVariables: JSON.stringify(proactive.variables) });
    const convKey = conversationKey('whatsapp', chatId);
    const log = this.deps.logger.child({ conv: convKey });
    // Not afterSend: a template offers no numbered replies, and the chat's last ones may still be meant.
    if (sid) await this.deps.sentMessages.remember(sid, { convKey, pin: false }).catch((err: unknown) => log.error({ err: errorMessage(err) }, 'template sent, but its status tracking could not be saved'));
    log.info({ template: proactive.template }, 'whatsapp template sent outside the 24-hour window');
  }

  /** `urgent`: the PIN, which a guest at the door is waiting for, goes ahead of other chats' queued messages. */
  private async create(chatId: string, content: Pick<OutboundMessage, 'body' | 'contentSid' | 'contentVariables'>, urgent = false): Promise<string | undefined> {
    const params: OutboundMessage = {
      to: `whatsapp:${chatId}`,
      from: this.deps.from,
      ...content,
      ...(this.deps.statusCallbackUrl ? { statusCallback: this.deps.statusCallbackUrl } : {}),
    };
    const created = await withRetries(() => this.deps.limiter.schedule(chatId, () => this.deps.create(params), urgent), this.retry, toDeliveryError);
    const parsed = createdSchema.safeParse(created);
    if (parsed.success) return parsed.data.sid;
    // Accepted, so the guest gets it; only its status callbacks cannot be matched. Not worth a resend.
    this.deps.logger.warn({ conv: conversationKey('whatsapp', chatId) }, 'Twilio accepted a message without returning its sid');
    return undefined;
  }

  /**
   * Bookkeeping after the message is out. A Redis failure here is logged, not thrown: throwing
   * would make the engine send the message a second time.
   */
  private async afterSend(
    log: Logger,
    chatId: string,
    sids: Array<string | undefined>,
    sent: SentMessage,
    numbered: Parameters<ButtonReplies['remember']>[1],
  ): Promise<void> {
    try {
      for (const sid of sids) if (sid) await this.deps.sentMessages.remember(sid, sent);
      await this.deps.buttons.remember(chatId, numbered);
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'message sent, but its status tracking could not be saved');
    }
    log.debug({ parts: sids.length, pin: sent.pin }, 'whatsapp message sent');
  }
}
