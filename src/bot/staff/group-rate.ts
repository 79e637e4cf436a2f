import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../../redis-keys.js';
import { LuaScript } from '../../redis/script.js';

export type PostClass = 'mirror' | 'urgent';

/**
 * One post into the group, if the window allows it: 0 when taken, else how many ms to wait.
 * Redis's clock, so processes on hosts whose clocks differ still share one window.
 * KEYS: posts zset, pause, last mirror post. ARGV: window, limit, gap, class gap, is mirror, id.
 */
const TAKE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local freed = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  return math.max(1, tonumber(freed[2]) + window - now)
end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then
  local since = now - tonumber(last[2])
  if since < tonumber(ARGV[3]) then return tonumber(ARGV[3]) - since end
end
if ARGV[5] == '1' then
  local since = now - tonumber(redis.call('GET', KEYS[3]) or '0')
  if since < tonumber(ARGV[4]) then return tonumber(ARGV[4]) - since end
  redis.call('SET', KEYS[3], now, 'PX', window)
end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[6])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`);

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
