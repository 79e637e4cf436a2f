import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.js';

export interface GatewayQueueOptions {
  /** The app's client: the queue's own connections copy its options. */
  redis: Redis;
  /** Names the Redis state (Bottleneck keys are `b_<id>-<key>_*`): include the app's prefix. */
  id: string;
  /** A slot whose holder died is given back after this long; must exceed one HTTP call's timeout. */
  expirationMs: number;
  logger: Logger;
  /** How often idle waiters in other processes re-check for a free slot (Bottleneck default 5 s). */
  heartbeatMs?: number;
}

/**
 * One gateway operation at a time per key, across every process that shares the Redis.
 *
 * Why Bottleneck's clustered (ioredis) datastore rather than a Redis mutex of our own: waiting
 * callers are queued in-process and woken by pub/sub the moment the slot frees (no polling
 * loop, no thundering herd), the slot accounting is done by Bottleneck's atomic Lua scripts,
 * and a job `expiration` returns the slot of a process that crashed mid-call, the same
 * guarantee a mutex TTL would give. It is also the limiter the project already depends on.
 * Connections are opened on first use, so processes that never touch a lock pay nothing.
 */
export class GatewayQueue {
  private connection: Bottleneck.IORedisConnection | undefined;
  private group: Bottleneck.Group | undefined;

  constructor(private readonly options: GatewayQueueOptions) {}

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.limiters().key(key).schedule({ expiration: this.options.expirationMs }, fn);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.group = undefined;
    await connection?.disconnect(false).catch(() => {});
  }

  private limiters(): Bottleneck.Group {
    if (this.group) return this.group;
    const { redis, logger } = this.options;
    // lazyConnect off: Bottleneck waits for 'ready' and would never issue the first command itself.
    const client = redis.duplicate({ lazyConnect: false });
    const connection = new Bottleneck.IORedisConnection({ client, Redis });
    connection.on('error', (err) => logger.error({ err: errorMessage(err) }, 'gateway queue: Redis error'));
    const group = new Bottleneck.Group({
      id: this.options.id,
      datastore: 'ioredis',
      connection,
      maxConcurrent: 1,
      // Idle limiters (and their Redis keys) go away after 10 minutes.
      timeout: 10 * 60_000,
      ...(this.options.heartbeatMs ? ({ heartbeatInterval: this.options.heartbeatMs } as object) : {}),
    });
    group.on('created', (limiter: Bottleneck, key: string) => {
      limiter.on('error', (err: unknown) => logger.error({ key, err: errorMessage(err) }, 'gateway queue error'));
    });
    this.connection = connection;
    this.group = group;
    return group;
  }
}
