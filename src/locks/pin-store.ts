import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';

export const pinRecordSchema = z.object({
  ref: z.string(),
  /** Empty only on a failed record whose job failed before it could choose digits (e.g. the lock could not be read). */
  code: z.string().default(''),
  status: z.enum(['pending', 'ready', 'failed']),
  start: z.coerce.number().default(0),
  end: z.coerce.number().default(0),
  reason: z.string().optional(),
  /** lockId → codeId of the code added there. */
  locks: z.record(z.string(), z.coerce.number()),
  updatedAt: z.coerce.number(),
  /**
   * The booking changed after a PIN was issued and this record replaced it: the guest must be
   * told again once it is ready (or failed). Cleared after the watchers were told.
   */
  renewing: z
    .string()
    .optional()
    .transform((v) => v === '1'),
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
    if (!h.status) return undefined;
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

  /**
   * Starts over for a changed booking (new window or locks): a pending record with `code`, no
   * lock codes, flagged as renewing. The caller has already taken the old codes off the locks.
   */
  async restart(ref: string, next: { code: string; start: number; end: number }): Promise<PinRecord> {
    const key = this.keys.pin(ref);
    await this.redis
      .multi()
      .del(key)
      .hset(key, 'code', next.code, 'status', 'pending', 'start', next.start, 'end', next.end, 'renewing', '1', 'updatedAt', this.now())
      .exec();
    const record = await this.get(ref);
    if (!record) throw new Error(`pin record for ${ref} vanished`);
    return record;
  }

  async clearRenewing(ref: string): Promise<void> {
    await this.redis.hdel(this.keys.pin(ref), 'renewing');
  }

  async markReady(ref: string): Promise<void> {
    await this.redis.hset(this.keys.pin(ref), 'status', 'ready', 'updatedAt', this.now());
  }

  async markFailed(ref: string, reason: string): Promise<void> {
    await this.redis.hset(this.keys.pin(ref), 'status', 'failed', 'reason', reason, 'updatedAt', this.now());
  }

  /** Forgets the PIN and who was waiting for it (end of stay, cancellation). */
  async delete(ref: string): Promise<void> {
    await this.redis.del(this.keys.pin(ref), this.keys.pinWatchers(ref));
  }
}
