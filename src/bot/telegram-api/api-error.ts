import { TelegramError } from 'telegraf';
import { AppError, errorMessage } from '../../errors.js';

/**
 * What a failed Bot API call tells us about the request:
 * - `rate_limited`: Telegram refused it (429); nothing was done, try again after `retryAfterMs`.
 * - `not_sent`: it never reached Telegram (DNS, connect, TLS) or Telegram answered 5xx, i.e. did not act on it.
 * - `blocked`: 403, the user blocked the bot or cannot be written to.
 * - `rejected`: any other definite refusal (400 bad request, 401 bad token, 404 wrong API root).
 * - `unknown_outcome`: the request may have reached Telegram and been acted on (timeout, reset mid-request).
 * - `aborted`: we cancelled it ourselves (shutdown).
 */
export type CallFailureKind = 'rate_limited' | 'not_sent' | 'blocked' | 'rejected' | 'unknown_outcome' | 'aborted';

export class TelegramCallError extends AppError {
  constructor(
    readonly method: string,
    readonly kind: CallFailureKind,
    message: string,
    readonly status: number | undefined,
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(`telegram ${method}: ${message}`, kind === 'rate_limited' || kind === 'not_sent', options);
  }
}

/** Telegram's default when a 429 carries no retry_after (telegraf's poller uses the same). */
const DEFAULT_RETRY_AFTER_MS = 5_000;

/**
 * TLS failures happen before a byte of the request is written. Connect and DNS failures are
 * recognised by the syscall node-fetch names in its message, whatever the code.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const BEFORE_SEND = /reason: (?:connect|getaddrinfo) /;

/** Maps whatever telegraf or node-fetch threw to a TelegramCallError. `why` says whether we aborted it. */
export function classifyCallError(method: string, err: unknown, why: 'timeout' | 'stopped' | undefined): TelegramCallError {
  if (err instanceof TelegramCallError) return err;
  if (err instanceof TelegramError) {
    const code = err.code;
    const text = `${code} ${err.description}`;
    if (code === 429) {
      const seconds = err.parameters?.retry_after;
      const retryAfterMs = typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
      return new TelegramCallError(method, 'rate_limited', text, code, retryAfterMs, { cause: err });
    }
    if (code >= 500) return new TelegramCallError(method, 'not_sent', text, code, undefined, { cause: err });
    if (code === 403) return new TelegramCallError(method, 'blocked', text, code, undefined, { cause: err });
    return new TelegramCallError(method, 'rejected', text, code, undefined, { cause: err });
  }
  if (why === 'stopped') return new TelegramCallError(method, 'aborted', 'cancelled on shutdown', undefined, undefined, { cause: err });
  if (why === 'timeout') return new TelegramCallError(method, 'unknown_outcome', 'no answer in time', undefined, undefined, { cause: err });
  const fetchErr = err as { type?: unknown; code?: unknown };
  const message = errorMessage(err);
  if (fetchErr.type === 'system' && ((typeof fetchErr.code === 'string' && NOT_SENT_CODES.has(fetchErr.code)) || BEFORE_SEND.test(message))) {
    return new TelegramCallError(method, 'not_sent', message, undefined, undefined, { cause: err });
  }
  // A non-JSON answer below 500 is a proxy or a wrong TELEGRAM_API_ROOT talking, not Telegram acting on it.
  if (fetchErr.type === 'invalid-json') return new TelegramCallError(method, 'rejected', message, undefined, undefined, { cause: err });
  return new TelegramCallError(method, 'unknown_outcome', message, undefined, undefined, { cause: err });
}
