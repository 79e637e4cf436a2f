import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { errorMessage, isNotNow, isRetryable, LockError } from '../errors.js';
import type { AddCodeRequest, LockCode, LockProvider } from '../locks/provider.js';
import type { TTLockClient } from './client.js';
import { errcodeOf } from './errors.js';
import type { Passcode } from './schemas.js';

/**
 * Our codes are named "Guest <booking ref>" on the lock: readable in the TTLock app, and never
 * confused with a code staff made by hand and happened to name after a booking.
 */
export const CODE_NAME_PREFIX = 'Guest ';
/** What a code we did not create is called in `listCodes`: no booking ref starts with '~', so it is never adopted or removed. */
export const FOREIGN_NAME_MARK = '~';

export interface TTLockProviderDeps {
  client: TTLockClient;
  /** Runs gateway operations one at a time per key, across processes. */
  gateway: { run<T>(key: string, fn: () => Promise<T>): Promise<T>; close?(): Promise<void> };
  /** Locks that may share a gateway share a key. */
  gatewayKey: (lockId: number) => string;
  /** Quick retries of a transient failure inside one call, before the job's own (slower) retries. */
  retries: number;
  retryDelayMs: number;
  logger: Logger;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * LockProvider on real TTLock locks. Mirrors the simulated provider: `addCode` is idempotent by
 * name (a retried add whose first try succeeded finds that code instead of making a second),
 * `removeCode` of a missing code succeeds, failures are LockError saying whether to retry.
 */
export class TTLockProvider implements LockProvider {
  readonly name = 'ttlock';
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(private readonly deps: TTLockProviderDeps) {
    this.sleep = deps.sleep ?? ((ms) => sleep(ms));
  }

  async addCode(req: AddCodeRequest): Promise<{ codeId: number; code: string }> {
    const log = this.deps.logger.child({ lockId: req.lockId, ref: req.name });
    const existing = await this.findOwn(req.lockId, req.name, req.code);
    if (existing) {
      log.info({ codeId: existing.codeId }, 'passcode for this booking already on the lock; reusing it');
      return { codeId: existing.codeId, code: existing.code };
    }
    const wire = { lockId: req.lockId, code: req.code, name: `${CODE_NAME_PREFIX}${req.name}`, start: req.start, end: req.end };
    for (let attempt = 0; ; attempt++) {
      try {
        const codeId = await this.onGateway(req.lockId, () => this.deps.client.addPasscode(wire));
        log.info({ codeId }, 'passcode added');
        return { codeId, code: req.code };
      } catch (err) {
        if (errcodeOf(err) === -3007) {
          // "Same passcode exists": our own earlier add whose answer was lost, or someone else's code.
          const mine = await this.findOwn(req.lockId, req.name, req.code);
          if (mine) return { codeId: mine.codeId, code: mine.code };
          throw this.lockError(req.lockId, err);
        }
        if (!isRetryable(err) || attempt >= this.deps.retries) throw this.lockError(req.lockId, err);
        log.warn({ err: errorMessage(err), attempt: attempt + 1 }, 'adding the passcode failed; retrying');
        await this.backoff(attempt);
        // The failed call may have reached the lock anyway (timeout, dropped answer, 5xx).
        const mine = await this.findOwn(req.lockId, req.name, req.code);
        if (mine) {
          log.info({ codeId: mine.codeId }, 'the failed add had reached the lock; reusing its code');
          return { codeId: mine.codeId, code: mine.code };
        }
      }
    }
  }

  async removeCode(lockId: number, codeId: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.onGateway(lockId, () => this.deps.client.deletePasscode(lockId, codeId));
        this.deps.logger.info({ lockId, codeId }, 'passcode deleted');
        return;
      } catch (err) {
        // "Passcode does not exist": already gone (perhaps by our own earlier try whose answer was lost).
        if (errcodeOf(err) === -2009) return;
        if (!isRetryable(err) || attempt >= this.deps.retries) throw this.lockError(lockId, err);
        this.deps.logger.warn({ lockId, codeId, err: errorMessage(err), attempt: attempt + 1 }, 'deleting the passcode failed; retrying');
        await this.backoff(attempt);
      }
    }
  }

  async listCodes(lockId: number): Promise<LockCode[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        // A cloud read, not a gateway operation: it does not wait for the gateway's turn.
        const list = await this.deps.client.listPasscodes(lockId);
        return list.map((p) => toLockCode(lockId, p)).sort((a, b) => a.codeId - b.codeId);
      } catch (err) {
        if (!isRetryable(err) || attempt >= this.deps.retries) throw this.lockError(lockId, err);
        await this.backoff(attempt);
      }
    }
  }

  async close(): Promise<void> {
    await this.deps.gateway.close?.();
  }

  /** This booking's code on the lock, preferring one with the wanted digits. */
  private async findOwn(lockId: number, name: string, code: string): Promise<LockCode | undefined> {
    const mine = (await this.listCodes(lockId)).filter((c) => c.name === name);
    return mine.find((c) => c.code === code) ?? mine[0];
  }

  private onGateway<T>(lockId: number, fn: () => Promise<T>): Promise<T> {
    return this.deps.client.inTurn((write) => this.deps.gateway.run(this.deps.gatewayKey(lockId), write), fn);
  }

  private backoff(attempt: number): Promise<unknown> {
    const base = Math.min(30_000, this.deps.retryDelayMs * 2 ** attempt);
    // Jitter: two workers that collided on a busy gateway should not collide again.
    return this.sleep(Math.round(base * (0.5 + Math.random())));
  }

  private lockError(lockId: number, err: unknown): LockError {
    // notNow travels with it: the PIN job waits out an outage (until its horizon) instead of giving up.
    return new LockError(`lock ${lockId}: ${errorMessage(err)}`, isRetryable(err), lockId, { cause: err, notNow: isNotNow(err) });
  }
}

function toLockCode(lockId: number, p: Passcode): LockCode {
  const raw = p.keyboardPwdName ?? '';
  return {
    lockId,
    codeId: p.keyboardPwdId,
    name: raw.startsWith(CODE_NAME_PREFIX) ? raw.slice(CODE_NAME_PREFIX.length) : `${FOREIGN_NAME_MARK}${raw}`,
    code: p.keyboardPwd ?? '',
    start: p.startDate ?? 0,
    end: p.endDate ?? 0,
  };
}
