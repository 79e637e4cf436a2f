/**
 * How long the PIN job waits out an outage (a "not now" failure, see `AppError.notNow`): a
 * gateway rebooting or a Wi-Fi blip at 14:50 must not cost a 15:00 arrival their code, so such
 * failures are retried with growing gaps until a horizon instead of a fixed number of times.
 */
export interface PinRetryPolicy {
  /** How long after the booking's check-in outages are still waited out (PIN_RETRY_HORIZON_MINUTES). */
  afterCheckInMs: number;
  /** Never give up sooner than this after the first try, whatever the check-in time (a late or same-day booking). */
  minPatienceMs: number;
  /** The shortest and the longest wait between two tries. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_PIN_RETRY = {
  minPatienceMs: 30 * 60_000,
  firstDelayMs: 2_000,
  // Every few minutes at most: a gateway back at 14:58 gives the guest their code by about 15:03,
  // and a booking days ahead costs a dozen tries an hour, not hundreds.
  maxDelayMs: 5 * 60_000,
} as const satisfies Omit<PinRetryPolicy, 'afterCheckInMs'>;

/** When the PIN job stops waiting: check-in + the horizon, and never less than `minPatienceMs` after the first try. */
export function retryHorizon(checkIn: number | undefined, firstTry: number, policy: PinRetryPolicy): number {
  const floor = firstTry + policy.minPatienceMs;
  return checkIn === undefined ? floor : Math.max(checkIn + policy.afterCheckInMs, floor);
}

/**
 * The wait before the next try, or undefined when the horizon has passed (the failure is final).
 * Half of how long the outage has lasted so far: gaps grow by half each time (seconds, then
 * minutes) without a counter to keep, and a restarted worker carries on where it was. Jittered,
 * so the bookings waiting on one gateway do not all come back in the same second; the last try
 * is at the horizon itself.
 */
export function nextRetryDelay(
  now: number,
  firstTry: number,
  horizon: number,
  policy: Pick<PinRetryPolicy, 'firstDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number | undefined {
  if (now >= horizon) return undefined;
  const base = Math.min(policy.maxDelayMs, Math.max(policy.firstDelayMs, (now - firstTry) / 2));
  return Math.min(Math.round(base * (0.8 + 0.4 * random())), horizon - now);
}

/** "2 h 5 min", "12 min", "40 s": how long the job kept trying, for the staff alert. */
export function formatWaited(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}
