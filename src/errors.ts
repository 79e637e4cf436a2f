/** Every error we raise on purpose says whether trying again could help. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A lock refused or failed an operation. */
export class LockError extends AppError {
  /**
   * The operation (or an earlier try of it in the same call) may have reached the lock although
   * it failed: a timeout or a lost answer. A failed add may then have left a code on the lock.
   */
  readonly mayHaveApplied: boolean;
  constructor(
    message: string,
    retryable: boolean,
    readonly lockId: number,
    options?: { cause?: unknown; mayHaveApplied?: boolean },
  ) {
    super(message, retryable, options);
    this.mayHaveApplied = options?.mayHaveApplied ?? false;
  }
}

/**
 * A lock refused a code for its digits: another code there has them (TTLock -3007), or the lock
 * finds them too simple (-2032). Retrying the same digits cannot help; other digits would.
 */
export class CodeRejectedError extends LockError {
  constructor(
    message: string,
    lockId: number,
    readonly why: 'taken' | 'too_simple',
    options?: { cause?: unknown; mayHaveApplied?: boolean },
  ) {
    super(message, false, lockId, options);
  }
}

/** A message could not be handed to a channel. */
export class DeliveryError extends AppError {
  constructor(
    message: string,
    retryable: boolean,
    /** The platform says this guest blocked us (Telegram 403): no retry, staff must call. */
    readonly guestBlocked = false,
    options?: { cause?: unknown },
  ) {
    super(message, retryable, options);
  }
}

/** Unknown errors (bugs, network blips we did not classify) are retried a bounded number of times. */
export function isRetryable(err: unknown): boolean {
  return err instanceof AppError ? err.retryable : true;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
