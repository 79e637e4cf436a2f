import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { formatWaited, nextRetryDelay, retryHorizon, type PinRetryPolicy } from '../../src/jobs/pin-retry.js';

const MIN = 60_000;
const policy: PinRetryPolicy = loadConfig({}).pin.retry;
const noJitter = () => 0.5;

describe('the retry horizon of an outage', () => {
  const firstTry = Date.parse('2026-12-01T14:50:00Z');

  it('is check-in + PIN_RETRY_HORIZON_MINUTES (default 120)', () => {
    const checkIn = Date.parse('2026-12-01T15:00:00Z');
    expect(policy.afterCheckInMs).toBe(120 * MIN);
    expect(retryHorizon(checkIn, firstTry, policy)).toBe(checkIn + 120 * MIN);
  });

  it('is never less than 30 min after the first try (a guest checking in late, a booking made on the day)', () => {
    const checkInLongAgo = Date.parse('2026-12-01T09:00:00Z');
    expect(retryHorizon(checkInLongAgo, firstTry, policy)).toBe(firstTry + 30 * MIN);
    expect(retryHorizon(undefined, firstTry, policy)).toBe(firstTry + 30 * MIN);
    expect(retryHorizon(firstTry, firstTry, { ...policy, afterCheckInMs: 0 })).toBe(firstTry + 30 * MIN);
  });
});

describe('the wait between tries', () => {
  it('grows from seconds to minutes, up to 5 min, and the last try is at the horizon', () => {
    const firstTry = 0;
    const horizon = 3 * 60 * MIN;
    const waits: number[] = [];
    for (let now = firstTry; ; ) {
      const wait = nextRetryDelay(now, firstTry, horizon, policy, noJitter);
      if (wait === undefined) break;
      waits.push(wait);
      now += wait;
    }
    expect(waits[0]).toBe(2_000);
    for (let i = 1; i < waits.length - 1; i++) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(Math.max(...waits)).toBe(5 * MIN);
    expect(waits.findIndex((w) => w >= MIN)).toBeLessThan(20); // minutes within the first dozen or so tries
    expect(waits.reduce((a, b) => a + b, 0)).toBe(horizon); // the last try lands on the horizon
    expect(waits.length).toBeLessThan(60); // three hours cost a few dozen tries, not hundreds
  });

  it('is jittered by at most a fifth either way', () => {
    const at = 10 * MIN;
    expect(nextRetryDelay(at, 0, 60 * MIN, policy, () => 0)).toBe(0.8 * 5 * MIN);
    expect(nextRetryDelay(at, 0, 60 * MIN, policy, () => 0.999999)).toBeLessThanOrEqual(1.2 * 5 * MIN);
    expect(nextRetryDelay(4_000, 0, 60 * MIN, policy, noJitter)).toBe(2_000);
  });

  it('there is none at or past the horizon: the failure is final', () => {
    expect(nextRetryDelay(30 * MIN, 0, 30 * MIN, policy)).toBeUndefined();
    expect(nextRetryDelay(31 * MIN, 0, 30 * MIN, policy)).toBeUndefined();
  });
});

describe('formatWaited', () => {
  it('says how long the job kept trying', () => {
    expect(formatWaited(40_000)).toBe('40 s');
    expect(formatWaited(12 * MIN + 5_000)).toBe('12 min');
    expect(formatWaited(125 * MIN)).toBe('2 h 5 min');
  });
});
