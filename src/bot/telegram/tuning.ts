/** Timings of the Telegram channel. Production uses the defaults; tests shorten them. */
export interface TelegramTuning {
  /** Gap between two messages to one chat (Telegram: about one a second per chat). Set from TELEGRAM_CHAT_GAP_MS. */
  perChatIntervalMs: number;
  /** Gap between any two messages, every process together (Telegram: about 30 a second). Set from TELEGRAM_SEND_PER_SECOND. */
  globalIntervalMs: number;
  /** A Bot API call with no answer by then has an unknown outcome (see sender.ts for what follows). */
  requestTimeoutMs: number;
  /** Waits before re-sending a message that certainly did not reach Telegram (5xx, connect failure). */
  notSentRetryDelaysMs: number[];
  /** How many 429 answers one message may get before the engine's outbox takes over the retrying. */
  maxRateLimitWaits: number;
  /** A 429 asking for a longer pause than this is left to the engine's outbox instead of waited out here. */
  maxRetryAfterMs: number;
  /** getUpdates long-poll duration in polling mode. */
  pollTimeoutSeconds: number;
  /** Pauses after failed getUpdates calls, the last one repeating. */
  pollRetryDelaysMs: number[];
  /** On shutdown, how long to let updates this process started processing finish. */
  stopGraceMs: number;
}

export const DEFAULT_TUNING: TelegramTuning = {
  perChatIntervalMs: 1_000,
  globalIntervalMs: 34,
  requestTimeoutMs: 30_000,
  notSentRetryDelaysMs: [500, 2_000, 5_000],
  maxRateLimitWaits: 5,
  maxRetryAfterMs: 300_000,
  pollTimeoutSeconds: 50,
  pollRetryDelaysMs: [1_000, 2_000, 5_000, 10_000, 30_000],
  stopGraceMs: 5_000,
};
