import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';

/**
 * One code of a booking on one lock, as far as we know. A lock holds a given set of digits at
 * most once, so (lockId, code) names it. No `codeId`: an add was sent and its answer never came
 * back, so the code may be on the lock (perhaps one the lock's list does not show) or not.
 */
export interface HeldCode {
  lockId: number;
  code: string;
  start: number;
  end: number;
  codeId?: number;
}

/** What a booking's PIN is meant to be: these digits, this window, on these locks (front door and room). */
export interface PinTarget {
  code: string;
  start: number;
  end: number;
  locks: readonly number[];
}

/** Stored as `on:<lockId>:<digits>`. */
const heldValueSchema = z.object({ start: z.number(), end: z.number(), id: z.number().int().optional() });

export const pinRecordSchema = z.object({
  ref: z.string(),
  /** The digits the booking's PIN is meant to have. Empty only on a failed record whose job failed before it could choose them. */
  code: z.string().default(''),
  status: z.enum(['pending', 'ready', 'failed']),
  start: z.coerce.number().default(0),
  end: z.coerce.number().default(0),
  reason: z.string().optional(),
  /** The locks the PIN is meant to be on (the booking's front door and room). */
  targets: z.array(z.number()).default([]),
  /** Every code of the booking that is, or may be, on a lock: the current PIN's and any left from before. */
  held: z.array(
    z.object({ lockId: z.number(), code: z.string(), start: z.number(), end: z.number(), codeId: z.number().optional() }),
  ),
  /** Target lock → id of the PIN's code there, once it holds these digits for this window. */
  locks: z.record(z.string(), z.number()),
  /** Every lock a code of this booking may be on, kept until removal there succeeds. */
  used: z.array(z.number()),
  /**
   * The digits the guest was last given (set when a PIN becomes ready). A move keeps them when it
   * can, and a move that fails leaves their codes on the locks: they are what the guest has.
   */
  given: z.string().optional(),
  updatedAt: z.coerce.number(),
  /**
   * The booking changed after a PIN was issued and this record replaced it: the guest must be
   * told again once it is ready (or failed). Cleared after the watchers were told.
   */
  renewing: z
    .string()
    .optional()
    .transform((v) => v === '1'),
  /**
   * Staff took the booking from the chat that had this PIN (`/reassign`, when): nobody may be
   * shown it, and the PIN job takes its codes off before it makes another.
   */
  revoked: z
    .string()
    .optional()
    .transform((v) => v !== undefined),
});
export type PinRecord = z.infer<typeof pinRecordSchema>;

/** Codes of the record that are not its PIN on one of its locks: left from before a move, refused digits, lost adds. */
export function leftovers(record: PinRecord): HeldCode[] {
  return record.held.filter((h) => !isTarget(record, h));
}

export function isTarget(record: Pick<PinRecord, 'targets' | 'code'>, h: Pick<HeldCode, 'lockId' | 'code'>): boolean {
  return h.code === record.code && record.targets.includes(h.lockId);
}

/** Sets what the PIN is meant to be (status pending) and keeps every code already held. Keys and arguments: in the .lua file. */
const SET_TARGET = LuaScript.fromFile(new URL('./lua/set-target.lua', import.meta.url));

/**
 * The single source of truth for a booking's PIN (`pin:{ref}`): the digits, window and locks it
 * is meant to have, every code of the booking on the locks (`on:<lockId>:<digits>`), and its
 * status. Written by the PIN job and by cleanup (which forgets what it took off the locks).
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
    const held = new Map<string, HeldCode>();
    const legacy = { locks: new Map<number, number>(), used: new Set<number>() };
    for (const [field, value] of Object.entries(h)) {
      const on = /^on:(\d+):(\d+)$/.exec(field);
      if (on) {
        const v = heldValueSchema.parse(JSON.parse(value));
        const lockId = Number(on[1]);
        held.set(`${lockId}:${on[2]}`, { lockId, code: on[2]!, start: v.start, end: v.end, ...(v.id !== undefined ? { codeId: v.id } : {}) });
      } else if (field.startsWith('lock:')) legacy.locks.set(Number(field.slice(5)), Number(value));
      else if (field.startsWith('used:')) legacy.used.add(Number(field.slice(5)));
    }
    const code = h.code ?? '';
    const start = Number(h.start ?? 0);
    const end = Number(h.end ?? 0);
    // A record written before codes were tracked per lock: its codes all had the record's digits and window.
    if (code) {
      for (const lockId of new Set([...legacy.locks.keys(), ...legacy.used])) {
        const codeId = legacy.locks.get(lockId);
        if (!held.has(`${lockId}:${code}`)) held.set(`${lockId}:${code}`, { lockId, code, start, end, ...(codeId !== undefined ? { codeId } : {}) });
      }
    }
    const targets = h.targets ? h.targets.split(',').filter(Boolean).map(Number) : [...legacy.locks.keys()];
    const list = [...held.values()].sort((a, b) => a.lockId - b.lockId || a.code.localeCompare(b.code));
    const locks: Record<string, number> = {};
    for (const c of list) {
      if (c.code === code && c.start === start && c.end === end && c.codeId !== undefined && targets.includes(c.lockId)) locks[String(c.lockId)] = c.codeId;
    }
    return pinRecordSchema.parse({
      ...h,
      ref,
      targets,
      held: list,
      locks,
      used: [...new Set(list.map((c) => c.lockId))],
      given: h.given ?? (h.status === 'ready' && code ? code : undefined),
    });
  }

  /** Fixes what the PIN is meant to be, before any lock is touched for it; codes already held stay recorded. */
  async setTarget(ref: string, target: PinTarget, opts: { renewing: boolean }): Promise<void> {
    await SET_TARGET.run(
      this.redis,
      [this.keys.pin(ref)],
      [target.code, target.start, target.end, target.locks.join(','), opts.renewing ? '1' : '', this.now()],
    );
  }

  /**
   * Records a code of the booking on a lock. Written before an add is sent (no `codeId`: if the
   * answer is lost, the code may be there) and again once its id is known.
   */
  async hold(ref: string, code: HeldCode): Promise<void> {
    const value = JSON.stringify({ start: code.start, end: code.end, ...(code.codeId !== undefined ? { id: code.codeId } : {}) });
    await this.redis.hset(this.keys.pin(ref), `on:${code.lockId}:${code.code}`, value);
  }

  /** The code is off the lock (or was never put there): nothing left to remove. */
  async forget(ref: string, lockId: number, code: string): Promise<void> {
    const key = this.keys.pin(ref);
    await this.redis.hdel(key, `on:${lockId}:${code}`);
    // A record never rewritten since codes were tracked per lock still names the lock the old way.
    if ((await this.redis.hget(key, 'code')) === code) await this.redis.hdel(key, `lock:${lockId}`, `used:${lockId}`);
  }

  /**
   * The PIN now ends at `end` (a departed guest's, shortened in place: same digits, same codes).
   * Its status stays; a record deleted meanwhile is not brought back.
   */
  async setEnd(ref: string, end: number): Promise<void> {
    if (await this.exists(ref)) await this.redis.hset(this.keys.pin(ref), 'end', end, 'updatedAt', this.now());
  }

  async clearRenewing(ref: string): Promise<void> {
    await this.redis.hdel(this.keys.pin(ref), 'renewing');
  }

  /** The booking has a PIN record, whatever its state (one HEXISTS, no parse: the provision sweep asks this of every due booking). */
  async exists(ref: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.pin(ref), 'status')) === 1;
  }

  /** Staff took the booking from the chat that had this PIN (`/reassign`): its codes must come off before another is made. */
  async isRevoked(ref: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.pin(ref), 'revoked')) === 1;
  }

  /** The PIN is on every lock it is meant for: the guest may be given these digits. */
  async markReady(ref: string): Promise<void> {
    const key = this.keys.pin(ref);
    const code = await this.redis.hget(key, 'code');
    await this.redis.hset(key, 'status', 'ready', ...(code ? ['given', code] : []), 'updatedAt', this.now());
  }

  async markFailed(ref: string, reason: string): Promise<void> {
    await this.redis.hset(this.keys.pin(ref), 'status', 'failed', 'reason', reason, 'updatedAt', this.now());
  }

  /** Forgets the PIN and who was waiting for it (end of stay, cancellation). */
  async delete(ref: string): Promise<void> {
    await this.redis.del(this.keys.pin(ref), this.keys.pinWatchers(ref));
  }
}
