import type { Config } from '../../src/config.js';
import { FAKE_CREDENTIALS } from '../fakes/ttlock-server.js';

export interface TestTTLockOptions {
  /** The fake TTLock server's base URL. */
  url: string;
  credentials?: Partial<Record<keyof typeof FAKE_CREDENTIALS, string>>;
  /** Per HTTP call (production floor 30 s). Default 2 s. */
  timeoutMs?: number;
  /** Quick retries inside one lock operation. Default 3. */
  retries?: number;
  /** First quick-retry delay. Default 20 ms. */
  retryDelayMs?: number;
}

/** The environment an operator would set for TTLock, pointed at the fake. */
export function ttlockEnv(o: TestTTLockOptions): Record<string, string> {
  const c = { ...FAKE_CREDENTIALS, ...o.credentials };
  return {
    LOCK_PROVIDER: 'ttlock',
    TTLOCK_API_BASE_URL: o.url,
    TTLOCK_CLIENT_ID: c.clientId,
    TTLOCK_CLIENT_SECRET: c.clientSecret,
    TTLOCK_USERNAME: c.username,
    TTLOCK_PASSWORD: c.password,
  };
}

/** Timeouts and backoffs below what config allows, so failure tests take milliseconds. */
export function withTestTTLockTimings(config: Config, o: TestTTLockOptions): Config {
  if (config.locks.provider !== 'ttlock') return config;
  return {
    ...config,
    locks: { ...config.locks, timeoutMs: o.timeoutMs ?? 2_000, retries: o.retries ?? 3, retryDelayMs: o.retryDelayMs ?? 20 },
  };
}

/** The demo catalog's locks (test/helpers/properties.ts), all behind one gateway as in one building. */
export const DEMO_LOCKS = [
  { lockId: 1001, alias: 'Front door' },
  { lockId: 2001, alias: 'Room 1' },
  { lockId: 2002, alias: 'Room 2' },
];
