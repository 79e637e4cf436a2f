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
  /**
   * Every lock this booking's codes may be on, kept until removal there succeeds: a booking
   * moved to another room must still have its old room's code taken off, whatever failed since.
   */
  used: z.array(z.coerce.number()).default([]),
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

/** Lua: drop every field of KEYS[1] but the `used:*` ones (the locks that may still hold a code). */
const KEEP_USED_ONLY = `
local fields = redis.call('HKEYS', KEYS[1])
for _, f in ipairs(fields) do
  if string.sub(f, 1, 5) ~= 'used:' then redis.call('HDEL', KEYS[1], f) end
end
`;

/**
 * Start (or resume) a booking's PIN: keep a pending/ready record as it is, so a retried job
 * reuses the same digits; replace a failed one. Either way the locks about to be used are
 * recorded first. KEYS: pin hash. ARGV: code, start, end, now, lockId...
 */
const BEGIN = new LuaScript(`
for i = 5, #ARGV do redis.call('HSET', KEYS[1], 'used:' .. ARGV[i], '1') end
local status = redis.call('HGET', KEYS[1], 'status')
if status and status ~= 'failed' then return 0 end
${KEEP_USED_ONLY}
redis.call('HSET', KEYS[1], 'code', ARGV[1], 'status', 'pending', 'start', ARGV[2], 'end', ARGV[3], 'updatedAt', ARGV[4])
return 1
`);

/** A fresh pending record flagged renewing; the locks used so far stay listed. KEYS: pin hash. ARGV: code, start, end, now, lockId... */
const RESTART = new LuaScript(`
${KEEP_USED_ONLY}
for i = 5, #ARGV do redis.call('HSET', KEYS[1], 'used:' .. ARGV[i], '1') end
redis.call('HSET', KEYS[1], 'code', ARGV[1], 'status', 'pending', 'start', ARGV[2], 'end', ARGV[3], 'renewing', '1', 'updatedAt', ARGV[4])
return 1
`);

/**
 * The single source of truth for a booking's PIN (`pin:{ref}`): digits, window, per-lock code
 * ids and status. Written by the PIN job and by cleanup (which removes what it took off the locks).
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
    const used: string[] = [];
    for (const [field, value] of Object.entries(h)) {
      if (field.startsWith('lock:')) locks[field.slice(5)] = value;
      else if (field.startsWith('used:')) used.push(field.slice(5));
    }
    return pinRecordSchema.parse({ ...h, ref, locks, used });
  }

  /** Returns the record to work on: the existing one unless it failed, else a fresh one with `code`. `locks`: the locks it goes on. */
  async begin(ref: string, fresh: { code: string; start: number; end: number }, locks: readonly number[]): Promise<PinRecord> {
    await BEGIN.run(this.redis, [this.keys.pin(ref)], [fresh.code, fresh.start, fresh.end, this.now(), ...locks]);
    const record = await this.get(ref);
    if (!record) throw new Error(`pin record for ${ref} vanished`);
    return record;
  }

  async setLockCode(ref: string, lockId: number, codeId: number): Promise<void> {
    await this.redis.hset(this.keys.pin(ref), `lock:${lockId}`, codeId, 'updatedAt', this.now());
  }

  /** The booking's code is off this lock (or never got there): nothing left to remove on it. */
  async clearLockCode(ref: string, lockId: number): Promise<void> {
    await this.redis.hdel(this.keys.pin(ref), `lock:${lockId}`, `used:${lockId}`);
  }

  /**
   * Flags the record as being moved before any old code comes off: if the move fails half-way,
   * the failure is still announced as a renewal, so a guest who had the old PIN is told.
   */
  async markRenewing(ref: string): Promise<void> {
    await this.redis.hset(this.keys.pin(ref), 'status', 'pending', 'renewing', '1', 'updatedAt', this.now());
  }

  /**
   * Starts over for a changed booking (new window or locks): a pending record with `code`, no
   * lock codes, flagged as renewing. The caller has already taken the old codes off the locks.
   */
  async restart(ref: string, next: { code: string; start: number; end: number }, locks: readonly number[]): Promise<PinRecord> {
    await RESTART.run(this.redis, [this.keys.pin(ref)], [next.code, next.start, next.end, this.now(), ...locks]);
    const record = await this.get(ref);
    if (!record) throw new Error(`pin record for ${ref} vanished`);
    return record;
  }

  async clearRenewing(ref: string): Promise<void> {
    await this.redis.hdel(this.keys.pin(ref), 'renewing');
  }

  /** Staff took the booking from the chat that had this PIN (`/reassign`): its codes must come off before another is made. */
  async isRevoked(ref: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.pin(ref), 'revoked')) === 1;
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
