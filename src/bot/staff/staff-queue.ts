import type { Redis } from 'ioredis';
import type { RedisKeys } from '../../redis-keys.js';
import { LuaScript } from '../../redis/script.js';
import { isUrgent, staffItemSchema, type StaffItem } from './staff-items.js';

/** The target of posts that belong to no conversation: the General topic, or the chat itself. */
export const GENERAL = '';

/** Far enough back that an urgent target sorts before every line waiting for its turn. */
const URGENT_HEAD_START_MS = 24 * 60 * 60 * 1000;

/** Append an item and make sure its target is scheduled. Keys and arguments: in the .lua file. */
const PUSH = LuaScript.fromFile(new URL('./lua/staff-queue-push.lua', import.meta.url));

/** Drop the items just posted; unschedule the target when nothing is left, else make it due now. Keys and arguments: in the .lua file. */
const DONE = LuaScript.fromFile(new URL('./lua/staff-queue-done.lua', import.meta.url));


/**
 * What waits to be posted in the staff group, per conversation, in Redis: durable across
 * restarts and shared by every process, so whichever process has a free slot posts it.
 */
export class StaffQueue {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly opts: { lingerMs: number; maxItems: number },
    private readonly now: () => number = Date.now,
  ) {}

  async push(target: string, item: StaffItem): Promise<void> {
    const urgent = isUrgent(item);
    const score = urgent ? this.now() - URGENT_HEAD_START_MS : this.now() + this.opts.lingerMs;
    await PUSH.run(this.redis, [this.keys.staffQueue(target), this.keys.staffDue()], [JSON.stringify(item), score, urgent ? '1' : '0', target, this.opts.maxItems]);
  }

  /** Targets whose posts are due, most urgent first. */
  due(limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.staffDue(), '-inf', this.now(), 'LIMIT', 0, limit);
  }

  /** Milliseconds until the next target is due (undefined: nothing queued). */
  async nextDueIn(): Promise<number | undefined> {
    const [, score] = await this.redis.zrange(this.keys.staffDue(), 0, 0, 'WITHSCORES');
    return score === undefined ? undefined : Math.max(0, Number(score) - this.now());
  }

  /** The first items, in order; one that cannot be read (written by another version) says so in its place. */
  async peek(target: string, max: number): Promise<StaffItem[]> {
    const raw = await this.redis.lrange(this.keys.staffQueue(target), 0, max - 1);
    return raw.map((r) => {
      try {
        const parsed = staffItemSchema.safeParse(JSON.parse(r));
        if (parsed.success) return parsed.data;
      } catch {
        // below
      }
      return { kind: 'reply', text: '(a queued line could not be read)', at: this.now() };
    });
  }

  /** The first `count` items were posted (or given up on). */
  async done(target: string, count: number): Promise<void> {
    await DONE.run(this.redis, [this.keys.staffQueue(target), this.keys.staffDue()], [count, target, this.now()]);
  }

  /** Try this target again later (a failed post). */
  async defer(target: string, delayMs: number): Promise<void> {
    await this.redis.zadd(this.keys.staffDue(), 'XX', this.now() + delayMs, target);
  }
}
