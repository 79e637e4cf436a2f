/**
 * Starts the name of a code someone else put on the lock (staff, another system): no booking ref
 * starts with it, so such a code is never adopted, reused or removed.
 */
export const FOREIGN_NAME_MARK = '~';

/** One keypad code as a lock holds it. */
export interface LockCode {
  lockId: number;
  codeId: number;
  /** We name every code with its booking ref so a retried add can find what an earlier try created; others' start with FOREIGN_NAME_MARK. */
  name: string;
  code: string;
  start: number;
  end: number;
}

/** When a code opens the door: epoch ms, whole minutes. */
export interface CodeWindow {
  start: number;
  end: number;
}

/** Custom codes a TTLock lock holds (-3009 past that); expired ones keep their slot until deleted. */
export const LOCK_CAPACITY = 250;

export function isForeign(code: Pick<LockCode, 'name'>): boolean {
  return code.name.startsWith(FOREIGN_NAME_MARK);
}

export interface AddCodeRequest extends CodeWindow {
  lockId: number;
  code: string;
  name: string;
}

/** The code the lock holds after an add: its id, and its window (an earlier try's code is returned as it is). */
export interface AddedCode extends CodeWindow {
  codeId: number;
}

export interface ChangeWindowRequest extends CodeWindow {
  lockId: number;
  codeId: number;
}

/**
 * One entry of a lock's log, as much of it as the bot reads: who opened the door with which code,
 * and codes typed that the lock refused. Read from the cloud (TTLock) or the simulation, never
 * through a gateway.
 */
export interface LockRecord {
  /** Unique per lock (TTLock's recordId): the same entry read twice is recognised. */
  id: string;
  lockId: number;
  /** When it happened, by the lock's clock, epoch ms. */
  at: number;
  /** `opened`: a keypad code opened the door; `refused`: a typed code was unknown, expired or not valid yet; `other`: anything else (app, card, key, locking). */
  kind: 'opened' | 'refused' | 'other';
  /** The digits typed, on keypad entries. */
  code?: string;
}

/** A lock's records, and whether the read stopped at its page limit with more left (then some are missing). */
export type LockRecords = LockRecord[] & { truncated?: boolean };

/**
 * A lock backend. Every method is safe to retry. Failures are LockError, whose `retryable` says
 * whether trying again could help and `mayHaveApplied` whether a failed write may have reached
 * the lock anyway; `CodeRejectedError` when the lock refuses the digits themselves.
 */
export interface LockProvider {
  readonly name: string;
  /**
   * Puts a code on the lock. A code with this name and these digits already there (an earlier
   * try whose answer was lost) is returned instead of a second one. Throws CodeRejectedError when
   * the lock refuses the digits (another code has them, too simple): the caller picks others.
   */
  addCode(req: AddCodeRequest): Promise<AddedCode>;
  /**
   * Moves a code's window in place: same digits, same id, so the old window keeps working until
   * the lock has the new one. `missing` when the lock has no such code (then nothing changed).
   */
  changeWindow(req: ChangeWindowRequest): Promise<'changed' | 'missing'>;
  /** Removes a code by its id; a code that is not there counts as removed. */
  removeCode(lockId: number, codeId: number): Promise<void>;
  /**
   * Removes a code by its digits, for one whose id we never learned or that `listCodes` does not
   * show (an add whose answer was lost). A code that is not there counts as removed.
   */
  removeCodeByDigits(lockId: number, code: string): Promise<void>;
  /** The codes the lock (or its cloud) lists. May miss a code the lock holds: see removeCodeByDigits. */
  listCodes(lockId: number): Promise<LockCode[]>;
  /**
   * The lock's log entries that happened from `since` to `until` (epoch ms, by the lock's clock),
   * oldest first. A read of what the lock already reported, not a round trip to it: no gateway
   * turn. Entries reach it late (a gateway uploads them within minutes), so callers overlap.
   */
  readRecords(lockId: number, since: number, until: number): Promise<LockRecords>;
  /** Releases connections the provider opened (called once, when the services close). */
  close?(): Promise<void>;
}
