import pino, { type DestinationStream, type Logger } from 'pino';

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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'checkin-bot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
