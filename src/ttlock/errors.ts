import { AppError } from '../errors.js';

export interface ErrcodeInfo {
  /** Trying again later could succeed (the gateway, lock or cloud was busy or unreachable). */
  retryable: boolean;
  message: string;
}

/**
 * Every errcode we know, and whether it is worth retrying. TTLock answers HTTP 200 with an
 * `errcode` for most failures, so this table is what separates "try again in a minute" from
 * "a person must fix something". Sources: the official errorCode page and the facts sheet
 * (shared/reference/ttlock-api.md); match on the number, never on `errmsg`.
 */
const TABLE: ReadonlyArray<readonly [number, boolean, string]> = [
  // Transient: the gateway, the lock or the cloud could not do it right now.
  [-3003, true, 'the gateway is busy'],
  [-3037, true, 'the lock is busy'],
  [-3002, true, 'the gateway is offline'],
  [-3036, true, 'the lock is offline'],
  [1, true, 'the operation failed (often the gateway could not reach the lock)'],
  [90000, true, 'TTLock internal server error'],
  [80000, true, "the request's date was more than 5 minutes from TTLock's clock (check this server's clock/NTP)"],
  [30006, true, 'TTLock API call rate limit exceeded'],
  [10003, true, 'the access token does not exist'],
  [10004, true, 'the access token is invalid or revoked'],

  // Permanent: retrying the same request cannot help.
  [-3, false, 'invalid parameter'],
  [-3006, false, 'invalid passcode length (this lock wants a different number of digits)'],
  [-2032, false, 'the passcode is too simple'],
  [-3007, false, 'the same passcode already exists on this lock'],
  [-3008, false, 'a passcode never used on the lock cannot be changed'],
  [-3009, false, 'the lock has no space left for custom passcodes: delete unused ones'],
  [-2009, false, 'the passcode does not exist'],
  [-1007, false, 'no passcode data for this lock'],
  [-2012, false, 'the lock is not connected to any gateway'],
  [-3034, false, 'the Wi-Fi lock has no network configured'],
  [-3035, false, 'the Wi-Fi lock is in power-saving mode'],
  [-4037, false, 'no such gateway'],
  [-4043, false, 'this lock does not support the function'],
  [-4056, false, 'the lock ran out of memory'],
  [-1003, false, 'the lock does not exist'],
  [-2025, false, 'the lock is frozen'],
  [-2018, false, 'permission denied: the TTLock account must be the admin of this lock'],
  [20002, false, 'the TTLock account is not an admin of this lock'],
  [10000, false, 'TTLOCK_CLIENT_ID is not a known TTLock client id'],
  [10001, false, 'TTLOCK_CLIENT_ID / TTLOCK_CLIENT_SECRET were rejected'],
  [
    10007,
    false,
    'TTLock rejected TTLOCK_USERNAME / TTLOCK_PASSWORD (it must be the TTLock app account that owns the locks, not the developer portal account)',
  ],
  [10011, false, 'the refresh token is invalid'],
  [30005, false, 'the password must be md5-hashed'],
  [30007, false, 'the monthly TTLock API quota is used up (it resets on the 1st, Beijing time)'],
  [30008, false, 'wrong TTLock region for this account (use https://cnapi.ttlock.com in mainland China, https://euapi.ttlock.com elsewhere)'],
  [80002, false, 'invalid JSON format'],
];

export const ERRCODES: ReadonlyMap<number, ErrcodeInfo> = new Map(TABLE.map(([code, retryable, message]) => [code, { retryable, message }]));

/** Unknown codes are permanent: a person should look before we hammer an API we do not understand. */
export function describeErrcode(errcode: number): ErrcodeInfo & { known: boolean } {
  const info = ERRCODES.get(errcode);
  return info ? { ...info, known: true } : { retryable: false, message: 'unknown TTLock error', known: false };
}

export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([10003, 10004]);

/**
 * A failed TTLock call. `errcode` is set when TTLock answered with one; `ambiguous` when we
 * cannot tell whether a write reached the lock (timeout, dropped connection, 5xx).
 */
export class TTLockApiError extends AppError {
  constructor(
    message: string,
    retryable: boolean,
    readonly endpoint: string,
    readonly errcode: number | undefined,
    readonly ambiguous = false,
    options?: { cause?: unknown },
  ) {
    super(message, retryable, options);
  }
}

export function errcodeOf(err: unknown): number | undefined {
  return err instanceof TTLockApiError ? err.errcode : undefined;
}
