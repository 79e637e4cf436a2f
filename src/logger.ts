import pino, { type DestinationStream, type Logger } from 'pino';
import type { PublicId } from './flows/public-id.js';
import { hiddenId } from './public-id.js';

/**
 * Paths never written in clear: PINs, credentials, guests' phone numbers and emails.
 * pino's wildcards match one level, so the shapes we log are listed explicitly.
 */
export const REDACT_PATHS = [
  'pin',
  'code',
  '*.pin',
  '*.code',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'refreshToken',
  '*.refreshToken',
  'refresh_token',
  '*.refresh_token',
  'password',
  '*.password',
  'clientSecret',
  '*.clientSecret',
  'phone',
  '*.phone',
  'guestPhone',
  '*.guestPhone',
  'knownPhone',
  '*.knownPhone',
  'email',
  '*.email',
  'guestEmail',
  '*.guestEmail',
  'text',
  'req.headers.authorization',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-twilio-signature"]',
];

/**
 * `publicId` names conversations in log lines (`conv` fields, admin URLs); without one (commands
 * that have no Redis at hand) only the channel is written.
 */
export function createLogger(level: string, destination?: DestinationStream, publicId: PublicId = hiddenId): Logger {
  return pino(
    {
      level,
      base: { service: 'checkin-bot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Conversation keys can be phone numbers (WhatsApp): every `conv` field is logged as its public id.
      serializers: {
        conv: (value: unknown) => (typeof value === 'string' ? publicId(value) : value),
        req: (req: RequestLine) => serializeRequest(req, publicId),
        err: (value: unknown) => serializeError(value, publicId),
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** What names a conversation inside a message ("conversation whatsapp:+44…: could not commit"). */
const CONVERSATION_KEY = /\b(?:whatsapp|telegram|console):[^\s,;:)'"]+/g;
/**
 * A number in E.164 form outside a conversation key: Twilio quotes the recipient in its error
 * messages ("To number: +447400123456, is not a mobile number"). Its last two digits stay, as in
 * staff alerts, which is enough to tell two failures apart.
 */
const PHONE_NUMBER = /\+\d{7,15}\b/g;

/** Text of an error with every conversation key as its public id and every phone number cut. */
function scrubText(text: string, publicId: PublicId): string {
  return text.replace(CONVERSATION_KEY, (k) => publicId(k)).replace(PHONE_NUMBER, (n) => `+…${n.slice(-2)}`);
}

/**
 * An error as a log line may show it: type, message, code and stack (and its cause), never the
 * rest. Libraries hang the request on their errors: ioredis the command and its arguments (a
 * whole booking, a conversation's state), axios and telegraf the request body (a door code).
 * Conversation keys in the text become public ids, and phone numbers lose all but two digits.
 */
function serializeError(value: unknown, publicId: PublicId, depth = 0): unknown {
  if (!(value instanceof Error)) return typeof value === 'string' ? scrubText(value, publicId) : value;
  const e = value as Error & { code?: unknown; errcode?: unknown; retryable?: unknown };
  const scrub = (text: string | undefined) => (text === undefined ? undefined : scrubText(text, publicId));
  return {
    type: e.constructor?.name ?? 'Error',
    message: scrub(e.message),
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.errcode === 'number' ? { errcode: e.errcode } : {}),
    ...(typeof e.retryable === 'boolean' ? { retryable: e.retryable } : {}),
    stack: scrub(e.stack),
    ...(e.cause !== undefined && depth < 3 ? { cause: serializeError(e.cause, publicId, depth + 1) } : {}),
  };
}

/** Fastify's request line, with any conversation key in the URL (it may be a phone number) replaced by its public id. */
interface RequestLine {
  method?: string;
  url?: string;
  ip?: string;
}

function serializeRequest(req: RequestLine, publicId: PublicId) {
  return {
    method: req.method,
    url: req.url?.replace(/(\/admin\/conversations\/)([^/?]+)/, (_m, path: string, key: string) => path + publicId(safeDecode(key))),
    ip: req.ip,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
