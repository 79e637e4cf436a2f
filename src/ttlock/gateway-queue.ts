import { setTimeout as sleep } from 'node:timers/promises';
import type Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SharedLimiters } from '../redis/shared-limiters.js';

export interface GatewayQueueOptions {
  /** The app's client: the queue's own connection copies its options. */
  redis: Redis;
  /** Names the Redis state: include the app's prefix. */
  id: string;
  /** A slot whose holder died is given back after this long; must exceed one HTTP call's timeout. */
  expirationMs: number;
  /**
   * Pause after each operation before the next one on the same key starts (TTLOCK_WRITE_GAP_MS):
   * some lock models answer -3037 "lock is busy" to a write that follows another at once.
   */
  gapMs?: number;
  logger: Logger;
  /** How often idle waiters in other processes re-check for a free slot (Bottleneck default 5 s). */
  heartbeatMs?: number;
}

/**
 * One gateway operation at a time per key, across every process that shares the Redis
 * (TTLock answers -3003 "gateway busy" to concurrent calls through one gateway).
 */
export class GatewayQueue {
  private readonly limiters: SharedLimiters;
  private group: Bottleneck.Group | undefined;

  constructor(private readonly options: GatewayQueueOptions) {
    const { redis, logger, heartbeatMs } = options;
    this.limiters = new SharedLimiters({ redis, prefix: '', logger, ...(heartbeatMs ? { heartbeatMs } : {}) });
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    this.group ??= this.limiters.group(this.options.id, { maxConcurrent: 1 });
    const gapMs = this.options.gapMs ?? 0;
    if (gapMs <= 0) return this.group.key(key).schedule({ expiration: this.options.expirationMs }, fn);
    // The gap is measured from the end of one operation to the start of the next (Bottleneck's
    // minTime counts from start to start, which a gateway round trip of seconds would swallow).
    // The caller has its answer at once; the slot alone is held through the pause, so waiters in
    // every process wait for it too, and a holder that dies mid-pause loses it at the expiration.
    return new Promise<T>((resolve, reject) => {
      this.group!.key(key)
        .schedule({ expiration: this.options.expirationMs + gapMs }, async () => {
          try {
            resolve(await fn());
          } catch (err) {
            reject(err);
          }
          await sleep(gapMs);
        })
        .catch(reject);
    });
  }

  async close(): Promise<void> {
    this.group = undefined;
    await this.limiters.close();
  }
}
