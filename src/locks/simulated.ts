import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { CodeRejectedError, LockError, LockFullError } from '../errors.js';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';
import { LOCK_CAPACITY, type AddCodeRequest, type AddedCode, type ChangeWindowRequest, type LockCode, type LockProvider, type LockRecord } from './provider.js';

/** A code as this provider keeps it in Redis (read back through zod like any other stored state). */
const storedCodeSchema = z.object({
  lockId: z.number(),
  codeId: z.number(),
  name: z.string(),
  code: z.string(),
  start: z.number(),
  end: z.number(),
});

const storedRecordSchema = z.object({
  id: z.string(),
  lockId: z.number(),
  at: z.number(),
  kind: z.enum(['opened', 'refused', 'other']),
  code: z.string().optional(),
});

/** A TTLock lock keeps its last 500 records; so does a simulated one. */
const RECORDS_KEPT = 500;

/**
 * What a test or a demo can make the next operation on a lock do. Classed as TTLock's would be:
 * busy (-3003), offline (-3002) and a lost answer (a timeout) are outages the PIN job waits out;
 * `unexpected` is an error nobody classified (PIN_JOB_ATTEMPTS tries); `permanent` fails at once.
 */
export const SIMULATED_FAILURES = ['busy', 'offline', 'permanent', 'lost-response', 'unexpected'] as const;
export type SimulatedFailure = (typeof SIMULATED_FAILURES)[number];

/** Add a code unless the lock has one with these digits. Keys and arguments: in the .lua file. */
const ADD_CODE = LuaScript.fromFile(new URL('./lua/add-code.lua', import.meta.url));

/** KEYS. Keys and arguments: in the .lua file. */
const CHANGE_WINDOW = LuaScript.fromFile(new URL('./lua/change-window.lua', import.meta.url));

/** KEYS. Keys and arguments: in the .lua file. */
const REMOVE_BY_DIGITS = LuaScript.fromFile(new URL('./lua/remove-by-digits.lua', import.meta.url));

export interface SimulatedLockOptions {
  minLatencyMs: number;
  maxLatencyMs: number;
  /** How many custom codes a lock holds (TTLock's: 250). */
  capacity?: number;
}


/**
 * Locks that live in Redis, so every process sees the same codes, with the latency of a real
 * gateway (2-5 s by default) and failures injected per lock through Redis (`injectFailures`).
 */
export class SimulatedLockProvider implements LockProvider {
  readonly name = 'simulated';

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly options: SimulatedLockOptions,
  ) {}

  /** Queue failures for the next operations on a lock (consumed one per operation, any process). */
  async injectFailures(lockId: number, failures: readonly SimulatedFailure[]): Promise<void> {
    if (failures.length > 0) await this.redis.rpush(this.keys.simLockFailures(lockId), ...failures);
  }

  async addCode(req: AddCodeRequest): Promise<AddedCode> {
    const failure = await this.gatewayRoundTrip(req.lockId);
    const k = this.lockKeys(req.lockId);
    const json = JSON.stringify({ lockId: req.lockId, name: req.name, code: req.code, start: req.start, end: req.end });
    const reply = (await ADD_CODE.run(this.redis, [k.codes, k.seq], [req.name, json, req.code, this.options.capacity ?? LOCK_CAPACITY])) as string[];
    if (reply[0] === 'duplicate') throw new CodeRejectedError(`lock ${req.lockId}: passcode already exists (-3007)`, req.lockId, 'taken');
    if (reply[0] === 'full') throw new LockFullError(`lock ${req.lockId}: no space left for custom passcodes (-3009)`, req.lockId);
    if (failure === 'lost-response') {
      throw new LockError(`lock ${req.lockId}: gateway timed out after the code was added`, true, req.lockId, { mayHaveApplied: true, notNow: true });
    }
    const code = storedCodeSchema.parse(JSON.parse(reply[1]!));
    return { codeId: code.codeId, start: code.start, end: code.end };
  }

  async changeWindow(req: ChangeWindowRequest): Promise<'changed' | 'missing'> {
    const failure = await this.gatewayRoundTrip(req.lockId);
    const changed = await CHANGE_WINDOW.run(this.redis, [this.lockKeys(req.lockId).codes], [req.codeId, req.start, req.end]);
    if (failure === 'lost-response') {
      throw new LockError(`lock ${req.lockId}: gateway timed out after the change`, true, req.lockId, { mayHaveApplied: true, notNow: true });
    }
    return changed === 1 ? 'changed' : 'missing';
  }

  async removeCode(lockId: number, codeId: number): Promise<void> {
    await this.gatewayRoundTrip(lockId);
    await this.redis.hdel(this.lockKeys(lockId).codes, String(codeId));
  }

  async removeCodeByDigits(lockId: number, code: string): Promise<void> {
    await this.gatewayRoundTrip(lockId);
    await REMOVE_BY_DIGITS.run(this.redis, [this.lockKeys(lockId).codes], [code]);
  }

  async listCodes(lockId: number): Promise<LockCode[]> {
    const values = await this.redis.hvals(this.lockKeys(lockId).codes);
    return values.map((v) => storedCodeSchema.parse(JSON.parse(v))).sort((a, b) => a.codeId - b.codeId);
  }

  /**
   * Someone types `code` on the lock's keypad at `at`: it opens when the lock holds a code with
   * these digits valid then, and is refused otherwise. Recorded in the lock's log, as TTLock's
   * gateway would upload it. Returns the record.
   */
  async simulateOpening(lockId: number, code: string, at = Date.now()): Promise<LockRecord> {
    const valid = (await this.listCodes(lockId)).some((c) => c.code === code && c.start <= at && at < c.end);
    const k = this.recordKeys(lockId);
    const id = String(await this.redis.incr(k.seq));
    const record: LockRecord = { id, lockId, at, kind: valid ? 'opened' : 'refused', code };
    await this.redis.zadd(k.log, at, JSON.stringify(record));
    await this.redis.zremrangebyrank(k.log, 0, -RECORDS_KEPT - 1);
    return record;
  }

  async readRecords(lockId: number, since: number, until: number): Promise<LockRecord[]> {
    // A read of the lock's log (the cloud's copy on TTLock): no gateway latency, no injected failure.
    const raws = await this.redis.zrangebyscore(this.recordKeys(lockId).log, since, until);
    return raws.map((raw) => storedRecordSchema.parse(JSON.parse(raw)) as LockRecord);
  }

  /** Waits like a gateway would and applies an injected failure, if any. */
  private async gatewayRoundTrip(lockId: number): Promise<SimulatedFailure | undefined> {
    const { minLatencyMs: min, maxLatencyMs: max } = this.options;
    await sleep(max > min ? randomInt(min, max + 1) : min);
    const failure = (await this.redis.lpop(this.keys.simLockFailures(lockId))) as SimulatedFailure | null;
    switch (failure) {
      case 'busy':
        throw new LockError(`lock ${lockId}: gateway busy (-3003)`, true, lockId, { notNow: true });
      case 'offline':
        throw new LockError(`lock ${lockId}: gateway offline (-3002)`, true, lockId, { notNow: true });
      case 'permanent':
        throw new LockError(`lock ${lockId}: lock memory is full (-3009)`, false, lockId);
      case 'unexpected':
        throw new Error(`lock ${lockId}: simulated unexpected error`);
      default:
        return failure ?? undefined;
    }
  }

  private recordKeys(lockId: number) {
    const base = this.keys.simLockRecords(lockId);
    return { log: base, seq: `${base}:seq` };
  }

  private lockKeys(lockId: number) {
    const base = this.keys.simLock(lockId);
    return { codes: base, seq: `${base}:seq` };
  }
}
