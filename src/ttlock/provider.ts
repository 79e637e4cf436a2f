import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AppError, CodeRejectedError, errorMessage, isNotNow, isRetryable, LockError, LockFullError } from '../errors.js';
import { FOREIGN_NAME_MARK, type AddCodeRequest, type AddedCode, type ChangeWindowRequest, type LockCode, type LockProvider, type LockRecords } from '../locks/provider.js';
import type { TTLockClient } from './client.js';
import { errcodeOf, TTLockApiError } from './errors.js';
import { toLockRecord } from './lock-records.js';
import type { Passcode } from './schemas.js';

/**
 * Our codes are named "Guest <booking ref>" on the lock: readable in the TTLock app, and never
 * confused with a code staff made by hand and happened to name after a booking.
 */
export const CODE_NAME_PREFIX = 'Guest ';

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
 * LockProvider on real TTLock locks. Mirrors the simulated provider: an add whose first try
 * reached the lock (answer lost) finds that code instead of making a second, removals of a
 * missing code succeed, digits a lock refuses are a CodeRejectedError, every failure is a
 * LockError saying whether to retry and whether the write may have happened anyway.
 */
export class TTLockProvider implements LockProvider {
  readonly name = 'ttlock';
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(private readonly deps: TTLockProviderDeps) {
    this.sleep = deps.sleep ?? ((ms) => sleep(ms));
  }

  async addCode(req: AddCodeRequest): Promise<AddedCode> {
    const log = this.deps.logger.child({ lockId: req.lockId, ref: req.name });
    const wire = { lockId: req.lockId, code: req.code, name: `${CODE_NAME_PREFIX}${req.name}`, start: req.start, end: req.end };
    // Set once a try failed in a way that may have added the code all the same (timeout, lost answer, 5xx).
    let uncertain = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const codeId = await this.onGateway(req.lockId, () => this.deps.client.addPasscode(wire));
        log.info({ codeId }, 'passcode added');
        return { codeId, start: req.start, end: req.end };
      } catch (err) {
        const errcode = errcodeOf(err);
        if (errcode === -3007) {
          // "Same passcode exists": ours from an earlier try (then listed under our name), or someone else's.
          const mine = await this.findOwn(req);
          if (mine) return mine;
          throw new CodeRejectedError(`lock ${req.lockId}: ${errorMessage(err)}`, req.lockId, 'taken', { cause: err, mayHaveApplied: uncertain });
        }
        if (errcode === -2032) {
          throw new CodeRejectedError(`lock ${req.lockId}: ${errorMessage(err)}`, req.lockId, 'too_simple', { cause: err, mayHaveApplied: uncertain });
        }
        if (errcode === -3009) throw new LockFullError(`lock ${req.lockId}: ${errorMessage(err)}`, req.lockId, { cause: err, mayHaveApplied: uncertain });
        if (isAmbiguous(err)) uncertain = true;
        if (!isRetryable(err) || attempt >= this.deps.retries) throw this.lockError(req.lockId, err, uncertain);
        log.warn({ err: errorMessage(err), attempt: attempt + 1 }, 'adding the passcode failed; retrying');
        await this.backoff(attempt);
        if (uncertain) {
          // Look before adding again: by name, then by digits.
          const mine = await this.findOwn(req);
          if (mine) {
            log.info({ codeId: mine.codeId }, 'the failed add had reached the lock; reusing its code');
            return mine;
          }
        }
      }
    }
  }

  async changeWindow(req: ChangeWindowRequest): Promise<'changed' | 'missing'> {
    const log = this.deps.logger.child({ lockId: req.lockId, codeId: req.codeId });
    let uncertain = false;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.onGateway(req.lockId, () => this.deps.client.changePasscodeWindow({ lockId: req.lockId, keyboardPwdId: req.codeId, start: req.start, end: req.end }));
        log.info('passcode window changed');
        return 'changed';
      } catch (err) {
        // "Passcode does not exist" (a change never deletes, so not our own earlier try's doing).
        if (errcodeOf(err) === -2009) return 'missing';
        if (isAmbiguous(err)) uncertain = true;
        if (!isRetryable(err) || attempt >= this.deps.retries) throw this.lockError(req.lockId, err, uncertain);
        log.warn({ err: errorMessage(err), attempt: attempt + 1 }, 'changing the passcode failed; retrying');
        await this.backoff(attempt);
        if (uncertain) {
          // Sending the same change again is harmless; skipped if the list already shows it done.
          const listed = (await this.listCodes(req.lockId)).find((c) => c.codeId === req.codeId);
          if (listed && listed.start === req.start && listed.end === req.end) return 'changed';
        }
      }
    }
  }

  async removeCode(lockId: number, codeId: number): Promise<void> {
    await this.removeWith(lockId, { codeId }, () => this.deps.client.deletePasscode(lockId, codeId));
  }

  async removeCodeByDigits(lockId: number, code: string): Promise<void> {
    await this.removeWith(lockId, { byDigits: true }, () => this.deps.client.deletePasscodeByCode(lockId, code));
  }

  async listCodes(lockId: number): Promise<LockCode[]> {
    // A cloud read, not a gateway operation: it does not wait for the gateway's turn.
    return this.cloudRead(lockId, async () => {
      const list = await this.deps.client.listPasscodes(lockId);
      return list.map((p) => toLockCode(lockId, p)).sort((a, b) => a.codeId - b.codeId);
    });
  }

  async readRecords(lockId: number, since: number, until: number): Promise<LockRecords> {
    // A cloud read of what the gateway already uploaded: no gateway turn (facts sheet §9.5).
    return this.cloudRead(lockId, async () => {
      const entries = await this.deps.client.listLockRecords(lockId, since, until);
      const records = entries.map((e) => toLockRecord(lockId, e));
      return entries.truncated ? Object.assign(records, { truncated: true }) : records;
    });
  }

  /** A read with the quick retries of a passing cloud error; what stays wrong becomes a LockError. */
  private async cloudRead<T>(lockId: number, read: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        if (!isRetryable(err) || attempt >= this.deps.retries) throw this.lockError(lockId, err);
        await this.backoff(attempt);
      }
    }
  }

  async close(): Promise<void> {
    await this.deps.gateway.close?.();
  }

  private async removeWith(lockId: number, what: Record<string, unknown>, remove: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.onGateway(lockId, remove);
        this.deps.logger.info({ lockId, ...what }, 'passcode deleted');
        return;
      } catch (err) {
        // "Passcode does not exist": already gone (perhaps by our own earlier try whose answer was lost).
        if (errcodeOf(err) === -2009) return;
        if (!isRetryable(err) || attempt >= this.deps.retries) throw this.lockError(lockId, err, isAmbiguous(err));
        this.deps.logger.warn({ lockId, ...what, err: errorMessage(err), attempt: attempt + 1 }, 'deleting the passcode failed; retrying');
        await this.backoff(attempt);
      }
    }
  }

  /**
   * This booking's code with these digits, if the lock lists it. A listed code with these digits
   * under another name means the digits are taken (and ours is not there: a lock holds each PIN
   * once), so adding them again could only give -3007.
   */
  private async findOwn(req: AddCodeRequest): Promise<AddedCode | undefined> {
    const listed = await this.listCodes(req.lockId);
    const mine = listed.find((c) => c.name === req.name && c.code === req.code);
    if (mine) return { codeId: mine.codeId, start: mine.start, end: mine.end };
    if (listed.some((c) => c.code === req.code)) {
      throw new CodeRejectedError(`lock ${req.lockId}: another code there has these digits`, req.lockId, 'taken');
    }
    return undefined;
  }

  private onGateway<T>(lockId: number, fn: () => Promise<T>): Promise<T> {
    return this.deps.client.inTurn((write) => this.deps.gateway.run(this.deps.gatewayKey(lockId), write), fn);
  }

  private backoff(attempt: number): Promise<unknown> {
    const base = Math.min(30_000, this.deps.retryDelayMs * 2 ** attempt);
    // Jitter: two workers that collided on a busy gateway should not collide again.
    return this.sleep(Math.round(base * (0.5 + Math.random())));
  }

  private lockError(lockId: number, err: unknown, mayHaveApplied = false): LockError {
    // notNow travels with it: the PIN job waits out an outage (until its horizon) instead of giving up.
    return new LockError(`lock ${lockId}: ${errorMessage(err)}`, isRetryable(err), lockId, { cause: err, mayHaveApplied, notNow: isNotNow(err) });
  }
}

/** A failure after which we cannot tell whether the write reached the lock. */
function isAmbiguous(err: unknown): boolean {
  return err instanceof TTLockApiError ? err.ambiguous : !(err instanceof AppError);
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
