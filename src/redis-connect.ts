import { Redis, type RedisOptions } from 'ioredis';

export class RedisUnavailableError extends Error {
  constructor(readonly url: string) {
    super(
      `Redis is not answering at ${redactUrl(url)}. Start it with: ` +
        'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no',
    );
    this.name = 'RedisUnavailableError';
  }
}

/** The URL may carry a password; it must never reach a terminal or a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * Every command of the app client settles within this, answered or not: with Redis down or
 * paused a webhook answers 503 in a few seconds (platforms give up on a webhook after 15 s)
 * instead of waiting through ioredis' reconnects. Longer than any of our scripts runs.
 */
export const COMMAND_TIMEOUT_MS = 2_000;

/**
 * A client for ordinary commands. Lazy, so that building the object graph has no side
 * effect and the first command (or connectRedis) decides when the socket opens.
 */
export function createRedis(url: string, overrides: RedisOptions = {}): Redis {
  // Auto-pipelining: commands issued in the same tick (many chats at once) share one write and one
  // syscall; under load the socket writes were the largest single cost of a message.
  return new Redis(url, { lazyConnect: true, connectTimeout: 5_000, enableAutoPipelining: true, commandTimeout: COMMAND_TIMEOUT_MS, ...overrides });
}

/** BullMQ workers block on Redis and must never give up a command, hence no retry limit. */
export function createBullConnection(url: string, overrides: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 5_000, ...overrides });
}

/** A client that has answered PING, or RedisUnavailableError with a how-to-start hint. */
export async function connectRedis(url: string, opts: { timeoutMs?: number } = {}): Promise<Redis> {
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const redis = createRedis(url);
  // Without a listener ioredis prints every reconnect failure; the timeout below reports it once.
  const quiet = () => {};
  redis.on('error', quiet);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
  } catch {
    redis.disconnect();
    throw new RedisUnavailableError(url);
  } finally {
    clearTimeout(timer);
    redis.off('error', quiet);
  }
  return redis;
}
