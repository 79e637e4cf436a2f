import { DeliveryError, errorMessage } from '../../errors.js';

/**
 * Twilio codes a guest-facing failure is likely to carry, in words staff can act on.
 * The rest are reported with Twilio's own message and code.
 */
const EXPLAINED: Record<number, string> = {
  20003: 'Twilio rejected the account SID or auth token (check TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN)',
  21211: 'the number is not a valid phone number',
  21408: 'sending to this country is not enabled on the Twilio account',
  21610: 'the guest has opted out of messages from this number',
  21656: 'the quick-reply template variables were rejected',
  63003: 'the number is not on WhatsApp',
  63016: "outside WhatsApp's 24-hour window: the guest must message first (or call them)",
  63024: 'WhatsApp does not accept this recipient',
  63032: 'WhatsApp refused to deliver to this user',
};

/** The request certainly never reached Twilio: safe to send again. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** The request may have reached Twilio and only the answer was lost: a retry could deliver it twice. */
const MAYBE_SENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ERR_NETWORK']);

interface TwilioHttpError {
  status: number;
  code?: number;
  message?: string;
}

function asHttpError(err: unknown): TwilioHttpError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown }).status;
  if (typeof status !== 'number') return undefined;
  const code = (err as { code?: unknown }).code;
  const message = (err as { message?: unknown }).message;
  return { status, ...(typeof code === 'number' ? { code } : {}), ...(typeof message === 'string' ? { message } : {}) };
}

/** Words for a Twilio error code, as staff read them in an alert. */
export function describeTwilioCode(code: number | undefined, fallback: string | undefined): string {
  const known = code !== undefined ? EXPLAINED[code] : undefined;
  const text = known ?? (fallback && fallback.trim() !== '' ? fallback.trim() : 'no reason given');
  return code !== undefined ? `${text} (Twilio ${code})` : text;
}

/**
 * Classifies a failed `messages.create`. 429/20429, 5xx and connections that never got through
 * were not processed and are safe to retry. A timeout or a connection cut mid-request may already
 * have delivered the message: it is not retried (a message is never sent twice because of our own
 * retry, as on Telegram); the flow hears `deliveryFailed` and staff are told to check.
 * Any other 4xx will fail the same way again, so it is final.
 */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const http = asHttpError(err);
  if (http) {
    const why = describeTwilioCode(http.code, http.message);
    if (http.status === 429 || http.code === 20429) return new DeliveryError(`WhatsApp send rate-limited by Twilio: ${why}`, true, false, { cause: err });
    if (http.status >= 500) return new DeliveryError(`Twilio answered ${http.status}: ${why}`, true, false, { cause: err });
    return new DeliveryError(`WhatsApp message refused: ${why}`, false, http.code === 21610, { cause: err });
  }
  const netCode = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof netCode === 'string' && NEVER_SENT_CODES.has(netCode)) {
    return new DeliveryError(`Twilio could not be reached (${netCode})`, true, false, { cause: err });
  }
  if (typeof netCode === 'string' && MAYBE_SENT_CODES.has(netCode)) {
    return new DeliveryError(`no answer from Twilio (${netCode}); the message may or may not have been delivered`, false, false, { cause: err });
  }
  // Unclassified (an unexpected answer, a bug): a bounded number of retries is the engine's default for unknowns.
  return new DeliveryError(`WhatsApp send failed: ${errorMessage(err)}`, true, false, { cause: err });
}
