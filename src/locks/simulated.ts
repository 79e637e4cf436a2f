import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { LockError } from '../errors.js';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';
import type { AddCodeRequest, LockCode, LockProvider } from './provider.js';

/**
 * What a test or a demo can make the next operation on a lock do. Classed as TTLock's would be:
 * busy (-3003), offline (-3002) and a lost answer (a timeout) are outages the PIN job waits out;
 * `unexpected` is an error nobody classified (PIN_JOB_ATTEMPTS tries); `permanent` fails at once.
 */
export const SIMULATED_FAILURES = ['busy', 'offline', 'permanent', 'lost-response', 'unexpected'] as const;
export type SimulatedFailure = (typeof SIMULATED_FAILURES)[number];

/**
 * Add a code unless one of that name exists (then return its id, as a TTLock list lookup would).
 * KEYS: codes hash, names hash, seq. ARGV: name, code json, code digits.
 */
const ADD_CODE = new LuaScript(`
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then
  return {'exists', existing, cjson.decode(redis.call('HGET', KEYS[1], existing)).code}
end
for _, json in ipairs(redis.call('HVALS', KEYS[1])) do
  if cjson.decode(json).code == ARGV[3] then return {'duplicate'} end
end
local id = redis.call('INCR', KEYS[3])
local code = cjson.decode(ARGV[2])
code.codeId = id
redis.call('HSET', KEYS[1], id, cjson.encode(code))
redis.call('HSET', KEYS[2], ARGV[1], id)
return {'added', tostring(id), ARGV[3]}
`);

/** KEYS: codes hash, names hash. ARGV: codeId. */
const REMOVE_CODE = new LuaScript(`
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], cjson.decode(json).name)
return 1
`);

export interface SimulatedLockOptions {
  minLatencyMs: number;
  maxLatencyMs: number;
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

  async addCode(req: AddCodeRequest): Promise<{ codeId: number; code: string }> {
    const failure = await this.gatewayRoundTrip(req.lockId);
    const k = this.lockKeys(req.lockId);
    const json = JSON.stringify({ lockId: req.lockId, name: req.name, code: req.code, start: req.start, end: req.end });
    const reply = (await ADD_CODE.run(this.redis, [k.codes, k.names, k.seq], [req.name, json, req.code])) as string[];
    if (reply[0] === 'duplicate') throw new LockError(`lock ${req.lockId}: passcode already exists (-3007)`, false, req.lockId);
    if (failure === 'lost-response') throw new LockError(`lock ${req.lockId}: gateway timed out after the code was added`, true, req.lockId, { notNow: true });
    return { codeId: Number(reply[1]), code: String(reply[2]) };
  }

  async removeCode(lockId: number, codeId: number): Promise<void> {
    await this.gatewayRoundTrip(lockId);
    const k = this.lockKeys(lockId);
    await REMOVE_CODE.run(this.redis, [k.codes, k.names], [codeId]);
  }

  async listCodes(lockId: number): Promise<LockCode[]> {
    const values = await this.redis.hvals(this.lockKeys(lockId).codes);
    return values.map((v) => JSON.parse(v) as LockCode).sort((a, b) => a.codeId - b.codeId);
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

  private lockKeys(lockId: number) {
    const base = this.keys.simLock(lockId);
    return { codes: base, names: `${base}:names`, seq: `${base}:seq` };
  }
}
