import { z } from 'zod';
import { ConfigError, formatIssues } from './config-error.js';
import { IDENTITY_POLICIES, type IdentityPolicy } from './flows/identity.js';
import { type Language, LANGUAGES } from './flows/messages/languages.js';
import { DEFAULT_PIN_RETRY, type PinRetryPolicy } from './jobs/pin-retry.js';

const emptyAsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const str = () => z.preprocess(emptyAsUnset, z.string().trim().optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(
    emptyAsUnset,
    z.coerce
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int({ error: `must be a whole number from ${min} to ${max}` })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(def),
  );
const httpUrl = () => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const optionalUrl = () => z.preprocess(emptyAsUnset, httpUrl().optional());
const urlWithDefault = (def: string) => z.preprocess(emptyAsUnset, httpUrl().default(def));
const optionalInt = (min: number, max: number) =>
  z.preprocess(
    emptyAsUnset,
    z.coerce
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int({ error: `must be a whole number from ${min} to ${max}` })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .optional(),
  );

/** On/off: true/false, yes/no, on/off, 1/0 (any case). */
const flag = (def: boolean) =>
  z.preprocess(
    (v) => {
      const t = emptyAsUnset(v);
      if (typeof t !== 'string') return t;
      const w = t.trim().toLowerCase();
      return ['true', 'yes', 'on', '1'].includes(w) ? true : ['false', 'no', 'off', '0'].includes(w) ? false : t;
    },
    z.boolean({ error: 'must be true or false' }).default(def),
  );

/**
 * A secret that guards an endpoint is matched by anyone on the internet who tries: too short to
 * guess by brute force is the floor. One regex per setting, so a weak value is one line.
 */
const MAKE_A_SECRET = 'make one with: openssl rand -hex 32';
const secret = (pattern: RegExp, rule: string) =>
  z.preprocess(emptyAsUnset, z.string().regex(pattern, `${rule} (${MAKE_A_SECRET})`).optional());
/** Loopback hosts, where plain http never crosses a network (local tests, a fake Twilio). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const envSchema = z
  .object({
    PORT: int(3000, 0, 65535),
    HOST: z.preprocess(emptyAsUnset, z.string().default('0.0.0.0')),
    METRICS_PORT: optionalInt(1, 65535),
    METRICS_HOST: str(),
    PUBLIC_BASE_URL: optionalUrl(),
    REDIS_URL: z.preprocess(
      emptyAsUnset,
      z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).default('redis://127.0.0.1:6379'),
    ),
    REDIS_PREFIX: z.preprocess(emptyAsUnset, z.string().regex(/^[\w:.-]+$/, 'letters, digits, _ : . - only').default('checkin:')),
    LOG_LEVEL: z.preprocess(emptyAsUnset, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
    ROLE: z.preprocess(emptyAsUnset, z.enum(['all', 'web', 'worker']).default('all')),
    // Bearer tokens are matched as one run of non-space characters: a token with a space could never be presented.
    ADMIN_TOKEN: secret(/^\S{32,}$/, 'must be at least 32 characters, without spaces'),
    PROPERTIES_FILE: z.preprocess(emptyAsUnset, z.string().default('./properties.json')),

    TELEGRAM_BOT_TOKEN: z.preprocess(emptyAsUnset, z.string().regex(/^\d+:[\w-]+$/, 'looks wrong (expected 123456:ABC-...)').optional()),
    // Telegram itself takes 1-256 characters of A-Z a-z 0-9 _ - (setWebhook's secret_token).
    TELEGRAM_WEBHOOK_SECRET: secret(/^[A-Za-z0-9_-]{32,256}$/, 'must be 32-256 characters of A-Z a-z 0-9 _ -'),
    TELEGRAM_API_ROOT: urlWithDefault('https://api.telegram.org'),
    TELEGRAM_MODE: z.preprocess(emptyAsUnset, z.enum(['webhook', 'polling']).default('webhook')),
    TELEGRAM_BOT_USERNAME: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().replace(/^@/, '') : v),
      z.preprocess(emptyAsUnset, z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be the bot\'s @username (5-32 letters, digits or _)').optional()),
    ),
    TELEGRAM_SEND_PER_SECOND: int(30, 0, 1000),
    TELEGRAM_CHAT_GAP_MS: int(1000, 0, 60_000),
    STAFF_TELEGRAM_CHAT_ID: z.preprocess(emptyAsUnset, z.string().regex(/^-?\d+$/, 'must be a numeric chat id like -1001234567890').optional()),
    // The staff group's language (alerts, commands, answers); guests get their own. Only English staff texts exist so far.
    STAFF_LANGUAGE: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.preprocess(emptyAsUnset, z.enum(LANGUAGES, { message: `must be one of ${LANGUAGES.join(', ')}` }).default('en')),
    ),
    STAFF_APPROVER_IDS: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be Telegram user ids separated by commas, like 123456789,987654321')
        .transform((v) => v.split(',').map((id) => id.trim()))
        .default([]),
    ),

    TWILIO_ACCOUNT_SID: z.preprocess(emptyAsUnset, z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional()),
    // Issued by Twilio, not chosen: checking its shape catches a pasted SID, API key or stray quote.
    TWILIO_AUTH_TOKEN: z.preprocess(
      emptyAsUnset,
      z.string().trim().regex(/^[0-9a-fA-F]{32}$/, 'must be the 32 hex digits of the auth token shown in the Twilio Console').optional(),
    ),
    TWILIO_WHATSAPP_FROM: z.preprocess(emptyAsUnset, z.string().regex(/^whatsapp:\+\d{6,15}$/, 'must look like whatsapp:+14155238886').optional()),
    TWILIO_API_BASE_URL: optionalUrl(),
    TWILIO_CONFIRM_CONTENT_SID: z.preprocess(emptyAsUnset, z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'must look like HX followed by 32 hex digits').optional()),
    TWILIO_INVITE_CONTENT_SID: z.preprocess(emptyAsUnset, z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'must look like HX followed by 32 hex digits').optional()),
    INVITE_HOURS_BEFORE_CHECKIN: int(0, 0, 14 * 24),
    // WhatsApp templates for the arrival welcome and the check-out reminder, beyond the 24-hour window.
    TWILIO_WELCOME_CONTENT_SID: z.preprocess(emptyAsUnset, z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'must look like HX followed by 32 hex digits').optional()),
    TWILIO_CHECKOUT_CONTENT_SID: z.preprocess(emptyAsUnset, z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'must look like HX followed by 32 hex digits').optional()),
    WHATSAPP_SEND_PER_SECOND: int(10, 0, 1000),
    WHATSAPP_CHAT_GAP_MS: int(400, 0, 60_000),
    // Where WhatsApp webhooks wait while Redis cannot take them (src/bot/whatsapp/spool.ts).
    WHATSAPP_SPOOL_DIR: z.preprocess(emptyAsUnset, z.string().default('./var/spool')),
    INBOUND_MESSAGES_PER_MINUTE: int(20, 0, 10_000),

    LOCK_PROVIDER: z.preprocess(emptyAsUnset, z.enum(['ttlock', 'simulated']).optional()),
    TTLOCK_API_BASE_URL: urlWithDefault('https://euapi.ttlock.com'),
    TTLOCK_CLIENT_ID: str(),
    TTLOCK_CLIENT_SECRET: str(),
    TTLOCK_USERNAME: str(),
    TTLOCK_PASSWORD: str(),
    TTLOCK_TIMEOUT_SECONDS: int(30, 30, 300),
    TTLOCK_RETRIES: int(3, 0, 10),
    TTLOCK_WRITE_GAP_MS: int(0, 0, 60_000),
    LOCK_CHECK_HOUR_UTC: int(9, 0, 23),

    PIN_LENGTH: int(6, 4, 9),
    PIN_EARLY_MINUTES: int(0, 0, 24 * 60),
    PIN_LATE_MINUTES: int(0, 0, 24 * 60),
    PIN_TIMEOUT_SECONDS: int(90, 5, 3600),
    PIN_JOB_ATTEMPTS: int(6, 1, 50),
    PIN_RETRY_HORIZON_MINUTES: int(120, 0, 7 * 24 * 60),
    PIN_PROVISION_AHEAD_HOURS: int(0, 0, 7 * 24),
    PIN_WORKER_CONCURRENCY: int(200, 1, 1000),
    PIN_JOB_LOCK_SECONDS: int(15, 10, 600),
    CLEANUP_AFTER_CHECKOUT_MINUTES: int(60, 0, 7 * 24 * 60),
    GUEST_DATA_RETENTION_DAYS: int(30, 1, 3650),
    SIMULATED_LOCK_MIN_MS: int(2000, 0, 120_000),
    SIMULATED_LOCK_MAX_MS: int(5000, 0, 120_000),
    SHUTDOWN_GRACE_SECONDS: int(25, 1, 600),

    BOOKING_SYNC_MINUTES: int(10, 0, 24 * 60),
    BEDS24_REFRESH_TOKEN: str(),
    BEDS24_API_BASE_URL: urlWithDefault('https://api.beds24.com/v2'),

    // Arrival and departure (README "Arrival and departure").
    ARRIVAL_MESSAGES: flag(true),
    DEPARTURE_MESSAGES: flag(true),
    LOCK_RECORD_POLL_MINUTES: int(5, 0, 24 * 60),
    CHECKOUT_REMINDER_TIME: z.preprocess(emptyAsUnset, z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour), e.g. 08:00').default('08:00')),

    IDENTITY_POLICY: z.preprocess(emptyAsUnset, z.enum(IDENTITY_POLICIES).default('name+contact')),
    IDENTITY_MAX_TRIES: int(3, 1, 20),
    REF_MISSES_PER_HOUR: int(5, 1, 1000),
    REF_LOOKUP_FAILURES_PER_MINUTE: int(60, 1, 100_000),
  })
  .superRefine((e, ctx) => {
    const ttlock = ['TTLOCK_CLIENT_ID', 'TTLOCK_CLIENT_SECRET', 'TTLOCK_USERNAME', 'TTLOCK_PASSWORD'] as const;
    const set = ttlock.filter((k) => e[k] !== undefined);
    if (e.LOCK_PROVIDER === 'ttlock' || (e.LOCK_PROVIDER === undefined && set.length > 0)) {
      for (const k of ttlock) if (e[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'is required for LOCK_PROVIDER=ttlock' });
    }
    if (e.SIMULATED_LOCK_MAX_MS < e.SIMULATED_LOCK_MIN_MS)
      ctx.addIssue({ code: 'custom', path: ['SIMULATED_LOCK_MAX_MS'], message: 'must be >= SIMULATED_LOCK_MIN_MS' });
    const twilio = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_WHATSAPP_FROM'] as const;
    const tw = twilio.filter((k) => e[k] !== undefined);
    if (tw.length > 0 && tw.length < twilio.length)
      for (const k of twilio) if (e[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'is required once any TWILIO_* credential is set' });
    const publicUrlProblem = tw.length === twilio.length ? twilioPublicUrlProblem(e.PUBLIC_BASE_URL) : undefined;
    if (publicUrlProblem) ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: publicUrlProblem });
    if (e.INVITE_HOURS_BEFORE_CHECKIN > 0 && !e.TWILIO_INVITE_CONTENT_SID)
      ctx.addIssue({ code: 'custom', path: ['TWILIO_INVITE_CONTENT_SID'], message: 'is required when INVITE_HOURS_BEFORE_CHECKIN is set (WhatsApp allows only approved templates outside the 24-hour window)' });
    if (e.INVITE_HOURS_BEFORE_CHECKIN > 0 && !e.TWILIO_ACCOUNT_SID)
      ctx.addIssue({ code: 'custom', path: ['INVITE_HOURS_BEFORE_CHECKIN'], message: 'needs WhatsApp (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM)' });
    if (e.METRICS_HOST !== undefined && e.METRICS_PORT === undefined)
      ctx.addIssue({ code: 'custom', path: ['METRICS_HOST'], message: 'needs METRICS_PORT (without it /metrics is served on PORT)' });
    if (e.METRICS_PORT !== undefined && e.METRICS_PORT === e.PORT && e.ROLE !== 'worker')
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT (unset it to serve /metrics on PORT)' });
    if (e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_MODE === 'webhook' && !e.TELEGRAM_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required when TELEGRAM_MODE=webhook' });
  });

/**
 * Twilio signs the exact URL it called and the bot checks the signature against PUBLIC_BASE_URL,
 * so without it every webhook is refused; and Twilio's requests (signed, but readable: a guest's
 * number and words) must not cross a network in clear.
 */
function twilioPublicUrlProblem(publicBaseUrl: string | undefined): string | undefined {
  if (publicBaseUrl === undefined)
    return 'is required with Twilio: the https origin Twilio calls, e.g. https://checkin.example.com (webhook signatures are checked against it)';
  // A value that is no URL at all is already reported by the field's own rule.
  if (!URL.canParse(publicBaseUrl)) return undefined;
  const url = new URL(publicBaseUrl);
  if (url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must be https with Twilio, e.g. https://checkin.example.com (plain http only for localhost or 127.0.0.1)';
}

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  /** A listener of its own for /metrics (METRICS_PORT), in every role; undefined = /metrics on the main listener. */
  metrics: { host: string; port: number } | undefined;
  publicBaseUrl: string | undefined;
  redisUrl: string;
  redisPrefix: string;
  logLevel: Env['LOG_LEVEL'];
  role: Env['ROLE'];
  adminToken: string | undefined;
  propertiesFile: string;
  telegram:
    | {
        botToken: string;
        webhookSecret: string | undefined;
        apiRoot: string;
        mode: Env['TELEGRAM_MODE'];
        /** Messages a second to guests, every process together; 0 = not paced by us. */
        sendPerSecond: number;
        /** Least gap between two messages to one chat. */
        chatGapMs: number;
        /** For `t.me` invitation links; unset, asked of Telegram (`getMe`). */
        botUsername: string | undefined;
      }
    | undefined;
  staffChatId: string | undefined;
  /** Telegram user ids that may hand out, take away or show door codes in the staff group without being its administrators. */
  staffApproverIds: string[];
  /** What the staff group reads in (STAFF_LANGUAGE), whatever the guest's language. */
  staffLanguage: Language;
  /**
   * Guest messages one chat may send per window (INBOUND_MESSAGES_PER_MINUTE; 0 = no limit): the
   * first one over gets a notice, the rest are dropped. `windowMs` is a minute; tests shorten it.
   */
  inboundLimit: { perWindow: number; windowMs: number };
  twilio:
    | {
        accountSid: string;
        authToken: string;
        whatsappFrom: string;
        apiBaseUrl: string | undefined;
        /** Quick-reply Content template for the confirm/edit summary; unset = typed replies only. */
        confirmContentSid: string | undefined;
        /** Messages a second from the sender number, every process together; 0 = not paced by us. */
        sendPerSecond: number;
        /** Least gap between two messages to one chat (keeps split parts in order). */
        chatGapMs: number;
        /** Directory of the local spool of webhooks Redis could not take (web processes; one file set per process). */
        spoolDir: string;
        /**
         * Proactive invitations: this Content template (its variable 1 is the booking ref) is sent to
         * the booking's phone this long before check-in; unset = no proactive message.
         */
        invite: { contentSid: string; beforeCheckInMs: number } | undefined;
        /** The arrival welcome's template beyond WhatsApp's 24-hour window (variables 1 room, 2 Wi-Fi network, 3 Wi-Fi password); unset = not sent then. */
        welcomeContentSid: string | undefined;
        /** The check-out reminder's template beyond the window (variables 1 check-out time, 2 room); unset = not sent then. */
        checkoutContentSid: string | undefined;
      }
    | undefined;
  locks:
    | { provider: 'simulated'; minLatencyMs: number; maxLatencyMs: number }
    | {
        provider: 'ttlock';
        apiBaseUrl: string;
        clientId: string;
        clientSecret: string;
        username: string;
        password: string;
        /** Per HTTP call. */
        timeoutMs: number;
        /** Quick retries of a busy gateway / 5xx / timeout inside one lock operation. */
        retries: number;
        /** First of those retries' exponential delays. */
        retryDelayMs: number;
        /** Pause between the end of one gateway operation and the start of the next on the same queue. */
        writeGapMs: number;
        /** Hour of the day (UTC) the daily lock check runs. */
        checkHourUtc: number;
      };
  pin: {
    length: number;
    earlyMinutes: number;
    lateMinutes: number;
    timeoutSeconds: number;
    /**
     * Tries of the PIN job for a retryable failure that is not an outage (an unexpected answer or
     * error, a token or clock problem). Outages do not count: they are waited out (`retry`).
     */
    attempts: number;
    /**
     * How long outages ("not now": gateway or lock offline or busy, network, TTLock down) are
     * retried: until check-in + PIN_RETRY_HORIZON_MINUTES, at least 30 min after the first try.
     * Only the horizon comes from the environment; tests shorten the rest.
     */
    retry: PinRetryPolicy;
    /**
     * PIN jobs one worker process runs at once. They mostly wait (on a gateway's turn, on TTLock),
     * so this is high: a low value makes guests queue behind other buildings' gateways.
     */
    workerConcurrency: number;
    /** A PIN job of a worker that died is taken up again within about 1.5 times this. */
    jobLockMs: number;
    /**
     * Codes are made this long before check-in (spread over the first half of it), before the
     * guest writes; 0: only once a chat has proven the booking.
     */
    provisionAheadMs: number;
    /** After the PIN's window ends, its codes and record are deleted this much later. */
    cleanupAfterMinutes: number;
  };
  /** Days after check-out before the guest's personal data (conversations, phone, email, plate) is deleted. */
  guestDataRetentionDays: number;
  /** How a chat proves a booking, and how much guessing is allowed (see README, "How a guest proves a booking"). */
  identity: {
    policy: IdentityPolicy;
    /** Failed tries per booking per 24 h, every chat together; then only staff can release it. */
    maxTries: number;
    refMissesPerHour: number;
    refFailuresPerMinute: number;
  };
  shutdownGraceSeconds: number;
  /** The guest's arrival, read from the locks' records (README "Arrival and departure"). */
  arrival: {
    /** Welcome the guest at their first opening (ARRIVAL_MESSAGES); staff hear of it either way. */
    messages: boolean;
    /** How often the locks' records are read (LOCK_RECORD_POLL_MINUTES); 0 = never (no arrival lines, welcomes or wrong-code alerts). */
    pollMs: number;
  };
  /** The guest's departure. */
  departure: {
    /**
     * Messages to the guest about leaving (DEPARTURE_MESSAGES): the check-out morning reminder, and
     * a guest's "I've left" shortening their door code (after they confirm); off, "I've left" is
     * passed to staff instead (staff /checkout works either way).
     */
    messages: boolean;
    /** Local time (property timezone) of the check-out morning reminder, HH:MM. */
    reminderTime: string;
  };
  /** Booking feeds (rooms[].ical in properties.json), see src/sources. */
  bookingSync: {
    /** How often every feed is read (BOOKING_SYNC_MINUTES); 0 = no scheduled sync. */
    everyMs: number;
    /** One feed request, body included. */
    fetchTimeoutMs: number;
    /** Staff hear of a feed failing this long, once. */
    alertAfterMs: number;
    /** Syncs in a row an answer that looks like a glitch must repeat before it is believed. */
    believeAfter: number;
  };
  /** Beds24 API v2 as a booking source (src/sources/beds24); unset without BEDS24_REFRESH_TOKEN. */
  beds24?: {
    /** A secret: never logged, and only its hash is kept in Redis. */
    refreshToken: string;
    baseUrl: string;
    /**
     * How far before the last read each incremental read starts: Beds24 does not say in which
     * timezone it reads `modifiedFrom`, so a day covers any (reading a change twice rewrites nothing).
     */
    overlapMs: number;
  };
}

/** GUEST_DATA_RETENTION_DAYS as milliseconds: how long after check-out guest data is kept. */
export function retentionMs(config: Pick<Config, 'guestDataRetentionDays'>): number {
  return config.guestDataRetentionDays * 24 * 60 * 60 * 1000;
}

/** Reads every setting once; throws ConfigError listing each bad or missing value on its own line. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues));
  const e = parsed.data;
  const ttlockSet = e.TTLOCK_CLIENT_ID !== undefined;
  const provider = e.LOCK_PROVIDER ?? (ttlockSet ? 'ttlock' : 'simulated');
  return {
    port: e.PORT,
    host: e.HOST,
    // Metrics tell a stranger what the bot does and when: loopback unless an interface is named.
    metrics: e.METRICS_PORT !== undefined ? { host: e.METRICS_HOST ?? '127.0.0.1', port: e.METRICS_PORT } : undefined,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    logLevel: e.LOG_LEVEL,
    role: e.ROLE,
    adminToken: e.ADMIN_TOKEN,
    propertiesFile: e.PROPERTIES_FILE,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          botToken: e.TELEGRAM_BOT_TOKEN,
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: e.TELEGRAM_API_ROOT,
          mode: e.TELEGRAM_MODE,
          sendPerSecond: e.TELEGRAM_SEND_PER_SECOND,
          chatGapMs: e.TELEGRAM_CHAT_GAP_MS,
          botUsername: e.TELEGRAM_BOT_USERNAME,
        }
      : undefined,
    staffChatId: e.STAFF_TELEGRAM_CHAT_ID,
    staffApproverIds: e.STAFF_APPROVER_IDS,
    staffLanguage: e.STAFF_LANGUAGE,
    inboundLimit: { perWindow: e.INBOUND_MESSAGES_PER_MINUTE, windowMs: 60_000 },
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_WHATSAPP_FROM
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            whatsappFrom: e.TWILIO_WHATSAPP_FROM,
            apiBaseUrl: e.TWILIO_API_BASE_URL?.replace(/\/+$/, ''),
            confirmContentSid: e.TWILIO_CONFIRM_CONTENT_SID,
            sendPerSecond: e.WHATSAPP_SEND_PER_SECOND,
            chatGapMs: e.WHATSAPP_CHAT_GAP_MS,
            spoolDir: e.WHATSAPP_SPOOL_DIR,
            invite:
              e.INVITE_HOURS_BEFORE_CHECKIN > 0 && e.TWILIO_INVITE_CONTENT_SID
                ? { contentSid: e.TWILIO_INVITE_CONTENT_SID, beforeCheckInMs: e.INVITE_HOURS_BEFORE_CHECKIN * 3600_000 }
                : undefined,
            welcomeContentSid: e.TWILIO_WELCOME_CONTENT_SID,
            checkoutContentSid: e.TWILIO_CHECKOUT_CONTENT_SID,
          }
        : undefined,
    locks:
      provider === 'ttlock'
        ? {
            provider,
            apiBaseUrl: e.TTLOCK_API_BASE_URL,
            clientId: e.TTLOCK_CLIENT_ID!,
            clientSecret: e.TTLOCK_CLIENT_SECRET!,
            username: e.TTLOCK_USERNAME!,
            password: e.TTLOCK_PASSWORD!,
            timeoutMs: e.TTLOCK_TIMEOUT_SECONDS * 1000,
            retries: e.TTLOCK_RETRIES,
            retryDelayMs: 1_000,
            writeGapMs: e.TTLOCK_WRITE_GAP_MS,
            checkHourUtc: e.LOCK_CHECK_HOUR_UTC,
          }
        : { provider, minLatencyMs: e.SIMULATED_LOCK_MIN_MS, maxLatencyMs: e.SIMULATED_LOCK_MAX_MS },
    pin: {
      length: e.PIN_LENGTH,
      earlyMinutes: e.PIN_EARLY_MINUTES,
      lateMinutes: e.PIN_LATE_MINUTES,
      timeoutSeconds: e.PIN_TIMEOUT_SECONDS,
      attempts: e.PIN_JOB_ATTEMPTS,
      retry: { afterCheckInMs: e.PIN_RETRY_HORIZON_MINUTES * 60_000, ...DEFAULT_PIN_RETRY },
      workerConcurrency: e.PIN_WORKER_CONCURRENCY,
      jobLockMs: e.PIN_JOB_LOCK_SECONDS * 1000,
      provisionAheadMs: e.PIN_PROVISION_AHEAD_HOURS * 3600_000,
      cleanupAfterMinutes: e.CLEANUP_AFTER_CHECKOUT_MINUTES,
    },
    guestDataRetentionDays: e.GUEST_DATA_RETENTION_DAYS,
    identity: {
      policy: e.IDENTITY_POLICY,
      maxTries: e.IDENTITY_MAX_TRIES,
      refMissesPerHour: e.REF_MISSES_PER_HOUR,
      refFailuresPerMinute: e.REF_LOOKUP_FAILURES_PER_MINUTE,
    },
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    arrival: { messages: e.ARRIVAL_MESSAGES, pollMs: e.LOCK_RECORD_POLL_MINUTES * 60_000 },
    departure: { messages: e.DEPARTURE_MESSAGES, reminderTime: e.CHECKOUT_REMINDER_TIME },
    bookingSync: { everyMs: e.BOOKING_SYNC_MINUTES * 60_000, fetchTimeoutMs: 30_000, alertAfterMs: 3600_000, believeAfter: 3 },
    ...(e.BEDS24_REFRESH_TOKEN ? { beds24: { refreshToken: e.BEDS24_REFRESH_TOKEN, baseUrl: e.BEDS24_API_BASE_URL.replace(/\/+$/, ''), overlapMs: 24 * 3600_000 } } : {}),
  };
}
