import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.js';
import { loadConfig } from '../../src/config.js';

const TTLOCK = { TTLOCK_CLIENT_ID: 'id', TTLOCK_CLIENT_SECRET: 's', TTLOCK_USERNAME: 'u', TTLOCK_PASSWORD: 'p' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('TTLock and cleanup settings', () => {
  it('defaults: 30 s per call, 3 quick retries, codes removed an hour after the PIN stops working', () => {
    const c = loadConfig(TTLOCK);
    expect(c.locks).toMatchObject({ provider: 'ttlock', timeoutMs: 30_000, retries: 3, retryDelayMs: 1_000 });
    expect(c.pin.cleanupAfterMinutes).toBe(60);
    expect(c.locks).toMatchObject({ writeGapMs: 0, checkHourUtc: 9 });
  });

  it('LOCK_CHECK_HOUR_UTC: the hour of the daily lock check, 0 to 23', () => {
    expect(loadConfig({ ...TTLOCK, LOCK_CHECK_HOUR_UTC: '0' }).locks).toMatchObject({ checkHourUtc: 0 });
    expect(problems({ ...TTLOCK, LOCK_CHECK_HOUR_UTC: '24' })).toEqual(['LOCK_CHECK_HOUR_UTC: must be at most 23']);
  });

  it('TTLOCK_WRITE_GAP_MS: a pause between gateway operations on one queue, 0 to 60000 ms', () => {
    expect(loadConfig({ ...TTLOCK, TTLOCK_WRITE_GAP_MS: '1500' }).locks).toMatchObject({ writeGapMs: 1500 });
    expect(problems({ ...TTLOCK, TTLOCK_WRITE_GAP_MS: '-1' })).toEqual(['TTLOCK_WRITE_GAP_MS: must be at least 0']);
    expect(problems({ ...TTLOCK, TTLOCK_WRITE_GAP_MS: '2s' })).toEqual(['TTLOCK_WRITE_GAP_MS: must be a whole number from 0 to 60000']);
  });

  it('takes them from the environment', () => {
    const c = loadConfig({ ...TTLOCK, TTLOCK_TIMEOUT_SECONDS: '45', TTLOCK_RETRIES: '0', CLEANUP_AFTER_CHECKOUT_MINUTES: '0' });
    expect(c.locks).toMatchObject({ timeoutMs: 45_000, retries: 0 });
    expect(c.pin.cleanupAfterMinutes).toBe(0);
  });

  it('refuses a timeout under 30 s (a gateway round trip takes seconds) and bad numbers, one line each', () => {
    expect(problems({ ...TTLOCK, TTLOCK_TIMEOUT_SECONDS: '5', TTLOCK_RETRIES: 'many', CLEANUP_AFTER_CHECKOUT_MINUTES: '-1' })).toEqual([
      'TTLOCK_TIMEOUT_SECONDS: must be at least 30',
      'TTLOCK_RETRIES: must be a whole number from 0 to 10',
      'CLEANUP_AFTER_CHECKOUT_MINUTES: must be at least 0',
    ]);
  });
});
