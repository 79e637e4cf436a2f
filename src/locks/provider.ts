/** One keypad code as a lock holds it. */
export interface LockCode {
  lockId: number;
  codeId: number;
  /** We name every code with its booking ref so a retried add can find what an earlier try created. */
  name: string;
  code: string;
  start: number;
  end: number;
}

export interface AddCodeRequest {
  lockId: number;
  code: string;
  name: string;
  start: number;
  end: number;
}

/**
 * A lock backend. Every method is safe to retry: `addCode` returns the existing code of the
 * same name instead of creating a second one, `removeCode` of a missing code succeeds.
 * Failures are LockError, whose `retryable` says whether trying again could help.
 */
export interface LockProvider {
  readonly name: string;
  /** `code` is what the lock holds under this name: it differs from the request when an older code of that name existed. */
  addCode(req: AddCodeRequest): Promise<{ codeId: number; code: string }>;
  removeCode(lockId: number, codeId: number): Promise<void>;
  listCodes(lockId: number): Promise<LockCode[]>;
  /** Releases connections the provider opened (called once, when the runtime closes). */
  close?(): Promise<void>;
}
