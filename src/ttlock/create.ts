import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';
import { TTLockClient } from './client.js';
import { gatewayKeyOf } from './gateway-key.js';
import { GatewayQueue } from './gateway-queue.js';
import { createHttp } from './http.js';
import { TTLockProvider } from './provider.js';
import { TTLockTokens } from './token.js';

export type TTLockSettings = Extract<Config['locks'], { provider: 'ttlock' }>;

export interface TTLock {
  client: TTLockClient;
  tokens: TTLockTokens;
  provider: TTLockProvider;
  /** For callers that talk to the client directly: gateway writes must still take their turn. */
  onGateway<T>(lockId: number, fn: () => Promise<T>): Promise<T>;
  /** The gateway queue a lock's operations wait in (see gateway-key.ts). */
  gatewayKey(lockId: number): string;
}

/** The TTLock client and the LockProvider built on it, as `src/compose` and the operator CLI use them. */
export function createTTLock(opts: {
  settings: TTLockSettings;
  redis: Redis;
  keys: RedisKeys;
  catalog: PropertyCatalog;
  logger: Logger;
  /** Tests shorten how long a waiter in another process may sleep before noticing a free gateway. */
  gatewayHeartbeatMs?: number;
}): TTLock {
  const { settings, redis, keys } = opts;
  const logger = opts.logger.child({ component: 'ttlock' });
  const http = createHttp(settings.apiBaseUrl, settings.timeoutMs);
  const tokens = new TTLockTokens({
    redis,
    key: keys.ttlockToken(),
    http,
    credentials: { clientId: settings.clientId, clientSecret: settings.clientSecret, username: settings.username, password: settings.password },
    logger,
    renewLockMs: 3 * settings.timeoutMs,
  });
  const client = new TTLockClient({ http, clientId: settings.clientId, tokens, logger });
  const gateway = new GatewayQueue({
    redis,
    id: `${keys.prefix}ttlock-gateway`,
    // Longer than one HTTP call, which is all a turn holds: the token is made fresh before the
    // turn and a refused one is renewed after it (TTLockClient.inTurn), so a live holder never
    // loses its slot mid-call; a crashed one's is back within this.
    expirationMs: settings.timeoutMs + 15_000,
    gapMs: settings.writeGapMs,
    logger,
    ...(opts.gatewayHeartbeatMs ? { heartbeatMs: opts.gatewayHeartbeatMs } : {}),
  });
  const gatewayKey = gatewayKeyOf(opts.catalog);
  const provider = new TTLockProvider({
    client,
    gateway,
    gatewayKey,
    retries: settings.retries,
    retryDelayMs: settings.retryDelayMs,
    logger,
  });
  const onGateway = <T>(lockId: number, fn: () => Promise<T>): Promise<T> => client.inTurn((write) => gateway.run(gatewayKey(lockId), write), fn);
  return { client, tokens, provider, onGateway, gatewayKey };
}
