import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../../redis-keys.js';
import { LuaScript } from '../../redis/script.js';

export type PostClass = 'mirror' | 'urgent';

/** One post into the group, if the window allows it. Keys and arguments: in the .lua file. */
const TAKE = LuaScript.fromFile(new URL('./lua/group-rate-take.lua', import.meta.url));

export interface GroupRateLimits {
  windowMs: number;
  postsPerWindow: number;
  mirrorPostsPerWindow: number;
  minGapMs: number;
  mirrorGapMs: number;
}

/**
 * Telegram's limit on one group (about 20 messages a minute, all topics together) as a sliding
 * window in Redis, shared by every process. Mirror posts may use only part of it, so an alert
 * or an answer to a staff command never waits behind the mirror.
 */
export class GroupRate {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly limits: GroupRateLimits,
  ) {}

  async take(cls: PostClass): Promise<number> {
    const l = this.limits;
    const mirror = cls === 'mirror';
    const wait = await TAKE.run(
      this.redis,
      [this.keys.staffRate(), this.keys.staffPause(), this.keys.staffRateMirror()],
      [l.windowMs, mirror ? l.mirrorPostsPerWindow : l.postsPerWindow, l.minGapMs, mirror ? l.mirrorGapMs : 0, mirror ? '1' : '0', randomUUID()],
    );
    return Number(wait);
  }

  /** Telegram answered 429: every process holds back for as long as it asked. */
  async pause(ms: number): Promise<void> {
    await this.redis.set(this.keys.staffPause(), '1', 'PX', Math.max(1, Math.ceil(ms)));
  }
}
