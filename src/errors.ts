export interface AppErrorOptions {
  cause?: unknown;
  /** See `AppError.notNow`. Ignored unless the error is retryable. */
  notNow?: boolean;
}

/** Every error we raise on purpose says whether trying again could help, and whether it is worth waiting for. */
export class AppError extends Error {
  /**
   * "Not now": an outage or a busy device that clears by itself (a gateway rebooting or offline,
   * a lock busy or out of reach, a Wi-Fi blip, TTLock down, a timeout). Worth retrying with
   * growing gaps for as long as the booking can wait (the PIN job's horizon), not just a few
   * times: a short outage must not cost a guest their code. A retryable error that is not "not
   * now" (an unexpected answer, a clock or token problem) is retried a bounded number of times.
   */
  readonly notNow: boolean;

  constructor(
    message: string,
    readonly retryable: boolean,
    options?: AppErrorOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.notNow = retryable && options?.notNow === true;
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
    options?: AppErrorOptions & { mayHaveApplied?: boolean },
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
    options?: AppErrorOptions & { mayHaveApplied?: boolean },
  ) {
    super(message, false, lockId, options);
  }
}

/**
 * The lock has no room for another custom code (TTLock -3009: 250 at most). Retrying cannot help
 * until codes are deleted; expired codes of ours can be, others' only by staff.
 */
export class LockFullError extends LockError {
  constructor(message: string, lockId: number, options?: AppErrorOptions & { mayHaveApplied?: boolean }) {
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

/** True for a failure that means "not now" (see `AppError.notNow`); unknown errors are not. */
export function isNotNow(err: unknown): boolean {
  return err instanceof AppError && err.notNow;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
