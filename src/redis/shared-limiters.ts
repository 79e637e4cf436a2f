import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.js';

export interface SharedLimitersOptions {
  /** The app's client: the limiters' own connection copies its options. */
  redis: Redis;
  /** Starts every limiter id (Bottleneck keys are `b_<id>-<key>_*`): include the app's prefix. */
  prefix: string;
  logger: Logger;
  /** How often idle waiters in other processes re-check for a free slot (Bottleneck default 5 s). */
  heartbeatMs?: number;
}

export type SharedLimits = Pick<Bottleneck.ConstructorOptions, 'maxConcurrent' | 'minTime'>;

/** A messages-a-second setting as Bottleneck's gap between two jobs; 0 (not paced) stays 0. */
export function gapFor(perSecond: number): number {
  return perSecond > 0 ? Math.ceil(1000 / perSecond) : 0;
}

/** Idle limiters (and their Redis keys) go away after this. */
const IDLE_MS = 10 * 60_000;

/**
 * Bottleneck limiters whose accounting is in Redis, so a limit holds for every process that
 * shares the Redis together (a gateway's one-at-a-time, a bot's messages per second), not
 * for each process alone.
 *
 * Why Bottleneck's clustered (ioredis) datastore rather than counters of our own: waiting
 * callers are queued in-process and woken by pub/sub the moment a slot frees (no polling loop,
 * no thundering herd), the accounting is done by Bottleneck's atomic Lua scripts, and a job
 * `expiration` returns the slot of a process that crashed mid-call. Each instance opens one
 * Bottleneck connection (a client and a subscriber) on first use, so a process that never
 * limits anything pays nothing.
 */
export class SharedLimiters {
  private connection: Bottleneck.IORedisConnection | undefined;

  constructor(private readonly options: SharedLimitersOptions) {}

  /**
   * One limiter per key under `id`. The settings are part of the Redis state's name: Bottleneck
   * keeps the settings of whoever created the state first, so a changed setting gets fresh state
   * instead of silently inheriting the old limit (the old state expires when idle).
   */
  group(id: string, limits: SharedLimits): Bottleneck.Group {
    const { logger, heartbeatMs, prefix } = this.options;
    const group = new Bottleneck.Group({
      id: `${prefix}${id}:${limits.maxConcurrent ?? '-'}:${limits.minTime ?? 0}`,
      datastore: 'ioredis',
      connection: this.connect(),
      timeout: IDLE_MS,
      ...limits,
      ...(heartbeatMs ? ({ heartbeatInterval: heartbeatMs } as object) : {}),
    });
    group.on('created', (limiter: Bottleneck, key: string) => {
      limiter.on('error', (err: unknown) => logger.error({ limiter: id, key, err: errorMessage(err) }, 'shared limiter error'));
    });
    return group;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.disconnect(false).catch(() => {});
  }

  private connect(): Bottleneck.IORedisConnection {
    if (this.connection) return this.connection;
    // lazyConnect off: Bottleneck waits for 'ready' and would never issue the first command itself.
    const client = this.options.redis.duplicate({ lazyConnect: false });
    const connection = new Bottleneck.IORedisConnection({ client, Redis });
    recognizeOwnErrors(connection);
    connection.on('error', (err) => this.options.logger.error({ err: errorMessage(err) }, 'shared limiters: Redis error'));
    this.connection = connection;
    return connection;
  }
}

/**
 * Redis 7 puts "ERR " before an error a script replies without a code of its own, and Bottleneck
 * 2.19.5 compares its scripts' sentinels with `===`: it never re-registers a client Redis dropped
 * (one not seen for its 10 s client timeout, e.g. through a Redis pause) nor re-creates settings
 * that expired, and the limiter then fails every call until the process restarts
 * (SGrondin/bottleneck#212 and #205; the fix, PR #215, was never merged). Taking the prefix off
 * lets Bottleneck's own recovery run.
 */
function recognizeOwnErrors(connection: Bottleneck.IORedisConnection): void {
  type ScriptCallback = (err: unknown, replies: unknown) => void;
  const internals = connection as unknown as { __scriptArgs__(name: string, id: string, args: unknown[], cb: ScriptCallback): unknown[] };
  const scriptArgs = internals.__scriptArgs__.bind(connection);
  internals.__scriptArgs__ = (name, id, args, cb) =>
    scriptArgs(name, id, args, (err, replies) => {
      if (err instanceof Error && /^ERR (UNKNOWN_CLIENT|SETTINGS_KEY_NOT_FOUND|OVERWEIGHT:)/.test(err.message)) err.message = err.message.slice(4);
      cb(err, replies);
    });
}
