import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { RedisMutex } from '../../redis/mutex.js';
import { AppError } from '../../errors.js';

/** Where a conversation's posts go, in Redis both ways. */
export interface ThreadKeys {
  /** conversation → thread (forum topic id, or header post id without topics) */
  thread(convKey: string): string;
  /** thread or post id → conversation */
  conv(id: number): string;
  /** held while one process creates the thread */
  lock(convKey: string): string;
}

export interface ThreadRegistryOptions {
  /** How long to wait for another process creating the same thread. */
  waitMs: number;
  pollMs?: number;
  /** Reverse entries for individual posts expire (without topics every post is one); threads do not. */
  postTtlSeconds?: number;
}

/** Another process is still creating this conversation's thread; try again shortly. */
export class ThreadBusyError extends AppError {
  constructor() {
    // No conversation key in the message: it may be a phone number, and messages end up in logs.
    super('staff group: another process is still creating this conversation\'s thread', true);
  }
}

/**
 * The staff group thread of each conversation: a forum topic (or, in a group without topics,
 * the conversation's header post), created once across every process and every restart. The
 * creator holds a Redis lock (SET NX); the others wait for the id it stores.
 */
export class ThreadRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly mutex: RedisMutex,
    private readonly keys: ThreadKeys,
    private readonly opts: ThreadRegistryOptions,
  ) {}

  async find(convKey: string): Promise<number | undefined> {
    const id = await this.redis.get(this.keys.thread(convKey));
    return id === null ? undefined : Number(id);
  }

  async conversationOf(id: number): Promise<string | undefined> {
    return (await this.redis.get(this.keys.conv(id))) ?? undefined;
  }

  /** A post of the conversation outside its thread root, so a reply to it addresses the conversation. */
  async remember(id: number, convKey: string): Promise<void> {
    const ttl = this.opts.postTtlSeconds;
    if (ttl) await this.redis.set(this.keys.conv(id), convKey, 'EX', ttl);
    else await this.redis.set(this.keys.conv(id), convKey);
  }

  /** The conversation's thread, created by `create` if there is none yet (by exactly one process). */
  async ensure(convKey: string, create: () => Promise<number>): Promise<number> {
    const deadline = Date.now() + this.opts.waitMs;
    for (;;) {
      const existing = await this.find(convKey);
      if (existing !== undefined) return existing;
      const lock = await this.mutex.tryAcquire(this.keys.lock(convKey));
      if (lock) {
        try {
          // The previous holder may have finished between our look and our lock.
          const raced = await this.find(convKey);
          if (raced !== undefined) return raced;
          const id = await create();
          await this.redis.multi().set(this.keys.thread(convKey), String(id)).set(this.keys.conv(id), convKey).exec();
          return id;
        } finally {
          await lock.release();
        }
      }
      if (Date.now() > deadline) throw new ThreadBusyError();
      await sleep(this.opts.pollMs ?? 50);
    }
  }

  /** The thread is gone (a topic deleted by hand): the next post creates a new one. */
  async forget(convKey: string, id: number): Promise<void> {
    if ((await this.find(convKey)) !== id) return;
    await this.redis.del(this.keys.thread(convKey), this.keys.conv(id));
  }
}
