import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';

export const pinRecordSchema = z.object({
  ref: z.string(),
  code: z.string(),
  status: z.enum(['pending', 'ready', 'failed']),
  start: z.coerce.number(),
  end: z.coerce.number(),
  reason: z.string().optional(),
  /** lockId → codeId of the code added there. */
  locks: z.record(z.string(), z.coerce.number()),
  updatedAt: z.coerce.number(),
});
export type PinRecord = z.infer<typeof pinRecordSchema>;

/**
 * Start (or resume) a booking's PIN: keep a pending/ready record as it is, so a retried job
 * reuses the same digits; replace a failed one. KEYS: pin hash. ARGV: code, start, end, now.
 */
const BEGIN = new LuaScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if status and status ~= 'failed' then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'code', ARGV[1], 'status', 'pending', 'start', ARGV[2], 'end', ARGV[3], 'updatedAt', ARGV[4])
return 1
`);

/**
 * The single source of truth for a booking's PIN (`pin:{ref}`): digits, window, per-lock code
 * ids and status. Only the PIN job writes it.
 */
export class PinStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly now: () => number = Date.now,
  ) {}

  async get(ref: string): Promise<PinRecord | undefined> {
    const h = await this.redis.hgetall(this.keys.pin(ref));
    if (!h.code) return undefined;
    const locks: Record<string, string> = {};
    for (const [field, value] of Object.entries(h)) if (field.startsWith('lock:')) locks[field.slice(5)] = value;
    return pinRecordSchema.parse({ ...h, ref, locks });
  }

  /** Returns the record to work on: the existing one unless it failed, else a fresh one with `code`. */
  async begin(ref: string, fresh: { code: string; start: number; end: number }): Promise<PinRecord> {
    await BEGIN.run(this.redis, [this.keys.pin(ref)], [fresh.code, fresh.start, fresh.end, this.now()]);
    const record = await this.get(ref);
    if (!record) throw new Error(`pin record for ${ref} vanished`);
    return record;
  }

  async setLockCode(ref: string, lockId: number, codeId: number): Promise<void> {
    await this.redis.hset(this.keys.pin(ref), `lock:${lockId}`, codeId, 'updatedAt', this.now());
  }

  async clearLockCode(ref: string, lockId: number): Promise<void> {
    await this.redis.hdel(this.keys.pin(ref), `lock:${lockId}`);
  }

  async markReady(ref: string): Promise<void> {
    await this.redis.hset(this.keys.pin(ref), 'status', 'ready', 'updatedAt', this.now());
  }

  async markFailed(ref: string, reason: string): Promise<void> {
    await this.redis.hset(this.keys.pin(ref), 'status', 'failed', 'reason', reason, 'updatedAt', this.now());
  }

  async delete(ref: string): Promise<void> {
    await this.redis.del(this.keys.pin(ref));
  }
}
