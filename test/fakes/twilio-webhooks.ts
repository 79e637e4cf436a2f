import { createHmac, randomBytes } from 'node:crypto';
import type { FormParams } from './twilio-server.js';

/**
 * Twilio's documented signature, written out independently of the SDK: the full URL, then each
 * POST field in name order as name+value (a repeated field: each distinct value, sorted),
 * HMAC-SHA1 with the auth token, base64.
 */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
    for (const v of values) data += name + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

export function formBody(params: FormParams): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return body.toString();
}

/** A request as Twilio sends it: form-encoded, signed over `signedUrl`. */
export function signedRequest(authToken: string, signedUrl: string, params: FormParams) {
  return {
    payload: formBody(params),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(authToken, signedUrl, params) },
  };
}

export function messageSid(prefix = 'SM'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** The fields of a WhatsApp text message as Twilio posts them (WhatsApp-specific ones included). */
export function incomingMessage(opts: { accountSid: string; to: string; from: string; body?: string; sid?: string; extra?: FormParams }): FormParams {
  const sid = opts.sid ?? messageSid();
  const waId = opts.from.replace(/^\+/, '');
  return {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: 'Alex',
    MessageType: 'text',
    SmsSid: sid,
    WaId: waId,
    SmsStatus: 'received',
    Body: opts.body ?? '',
    To: opts.to,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: opts.accountSid,
    From: `whatsapp:${opts.from}`,
    ApiVersion: '2010-04-01',
    ...opts.extra,
  };
}

/** A delivery status callback for one of our messages. */
export function statusCallback(opts: { accountSid: string; sid: string; status: string; to: string; from: string; errorCode?: string; errorMessage?: string }): FormParams {
  return {
    ChannelPrefix: 'whatsapp',
    ApiVersion: '2010-04-01',
    MessageStatus: opts.status,
    SmsSid: opts.sid,
    SmsStatus: opts.status,
    ChannelInstallSid: 'XE00000000000000000000000000000000',
    To: `whatsapp:${opts.to}`,
    From: opts.from,
    MessageSid: opts.sid,
    AccountSid: opts.accountSid,
    ...(opts.errorCode ? { ErrorCode: opts.errorCode } : {}),
    ...(opts.errorMessage !== undefined ? { ErrorMessage: opts.errorMessage } : {}),
  };
}
