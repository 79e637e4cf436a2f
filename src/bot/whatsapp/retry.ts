import { isRetryable } from '../../errors.js';

export interface RetryPolicy {
  /** Tries in all, including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * A few quick tries inside one send, for the blips (429, a 503) that pass in a second. What is
 * still failing after them goes back to the engine's outbox, which retries on a longer backoff.
 */
export async function withRetries<T>(
  run: () => Promise<T>,
  policy: RetryPolicy,
  classify: (err: unknown) => Error,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (raw) {
      const err = classify(raw);
      if (!isRetryable(err) || attempt >= policy.attempts) throw err;
      // Equal jitter: never zero (a burst of 429s must spread out), never above the cap.
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }
}
