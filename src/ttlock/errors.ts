import { AppError, type AppErrorOptions } from '../errors.js';

/**
 * What a failure means for the PIN job:
 * - `not-now`: an outage or a busy device that clears by itself. Retried with growing gaps until
 *   the PIN job's horizon (check-in + PIN_RETRY_HORIZON_MINUTES, at least 30 min), because a
 *   gateway rebooting at 14:50 must not cost a 15:00 arrival their code.
 * - `retry`: trying again may help, but waiting hours will not (our clock, a token TTLock keeps
 *   refusing). Retried PIN_JOB_ATTEMPTS times.
 * - `permanent`: the same request fails the same way until a person changes something. Fails
 *   at once, and the alert says what to change.
 */
export type ErrcodeClass = 'not-now' | 'retry' | 'permanent';

export interface ErrcodeInfo {
  class: ErrcodeClass;
  /** Trying again could succeed (`class` is not `permanent`). */
  retryable: boolean;
  /** Worth waiting for (`class` is `not-now`). */
  notNow: boolean;
  /** The cause, in words staff understand. */
  message: string;
  /** What staff should do about it, when a person can. */
  action?: string;
}

interface Row {
  code: number;
  class: ErrcodeClass;
  message: string;
  action?: string;
  /** Why this class: what the code means in practice. */
  why: string;
  /**
   * Where that comes from: "errorCode page" is TTLock's official open-platform error table (EN
   * and CN, document-pages/cloud/errorCode and htmlPages/cloud/errorCode*.html); "facts §n" is
   * shared/reference/ttlock-api.md; HA is jbergler/hass-ttlock, the Home Assistant integration.
   */
  source: string;
}

const GIVE_BY_HAND = 'give the guest a code by hand (TTLock app or npm run locks -- add-test)';

/**
 * Every errcode we know: its class, why, and the source. TTLock answers HTTP 200 with an
 * `errcode` for most failures, so this table is what separates "wait and try again" from "a
 * person must fix something". Match on the number, never on `errmsg`.
 */
export const ERRCODE_TABLE: readonly Row[] = [
  // ---- not now: an outage or a busy device; it clears by itself.
  {
    code: -3003,
    class: 'not-now',
    message: 'the gateway is busy',
    why: 'a gateway runs one operation at a time and refuses a second; it is free again within seconds',
    source: 'errorCode page; facts §5, §8 item 4; HA #22 and commit 5c7cc46; homebridge-ttlock #2, #11',
  },
  {
    code: -3037,
    class: 'not-now',
    message: 'the lock is busy',
    why: '"The lock is busy. Please try again later." (EN) / 锁正忙,请稍后再试 (CN)',
    source: 'errorCode page; facts §5, §9.7',
  },
  {
    code: -3002,
    class: 'not-now',
    message: 'the gateway is offline',
    action: 'check that the gateway has power and Wi-Fi (npm run locks -- health)',
    why: 'a gateway rebooting, unplugged or off its Wi-Fi comes back by itself; TTLock queues nothing, so we retry "over minutes"',
    source: 'errorCode page; facts §5, §8 item 5',
  },
  {
    code: -3036,
    class: 'not-now',
    message: 'the lock is offline',
    action: "check the lock's battery and that its gateway is within Bluetooth range (npm run locks -- health)",
    why: 'a lock out of reach for a moment (batteries being changed, interference) is back when the gateway sees it again',
    source: 'errorCode page; facts §5, §8 item 5',
  },
  {
    code: -2012,
    class: 'not-now',
    message: 'no gateway near the lock can reach it right now',
    action: "check that the lock's gateway is online and within Bluetooth range (npm run locks -- health); a lock without a gateway needs one added in the TTLock app",
    why:
      'CN text 锁附近没有可用的网关 = "no usable gateway near the lock right now" (EN: "not connected to any Gateway"). ' +
      'TTLock keeps a gateway↔lock link 30 min after the gateway last saw the lock and restores it when it sees it again, ' +
      'so a gateway that rebooted or lost Wi-Fi gives -2012 for a while. A lock that never had a gateway gives it too: ' +
      'the 90 s staff alert and the horizon cover that case (facts §5 files it under configuration)',
    source: 'errorCode page EN+CN; facts §9.7, §9.4, §7, §8 item 5',
  },
  {
    code: -3034,
    class: 'not-now',
    message: 'the Wi-Fi lock is not on its network',
    action: "check the Wi-Fi lock's network in the TTLock app",
    why: '"Network not configed" / Wi-Fi锁未配置网络: a Wi-Fi lock says it while off its network (router down or changed), and is back when its Wi-Fi is',
    source: 'errorCode page EN+CN; facts §9.7',
  },
  {
    code: 1,
    class: 'not-now',
    message: 'the operation failed (often the gateway could not reach the lock)',
    why: 'TTLock\'s generic "failed"; seen when the gateway could not talk to the lock, which passes',
    source: 'errorCode page; facts §5; HA #252',
  },
  {
    code: 90000,
    class: 'not-now',
    message: 'TTLock internal server error',
    why: "TTLock's own outage",
    source: 'errorCode page; facts §5',
  },
  {
    code: 30006,
    class: 'not-now',
    message: 'TTLock API call rate limit exceeded',
    why: 'the limit and its window are not published; waiting is the only cure',
    source: 'errorCode page; facts §5, §6',
  },

  // ---- retry a few times: may pass at once, but waiting hours will not fix it.
  {
    code: 80000,
    class: 'retry',
    message: "the request's date was more than 5 minutes from TTLock's clock",
    action: "check this server's clock (NTP)",
    why: 'each try sends a fresh date, so a one-off delay passes; a wrong server clock stays wrong',
    source: 'errorCode page; facts §4',
  },
  {
    code: 10003,
    class: 'retry',
    message: 'the access token does not exist',
    why: 'the client renews the token and repeats the call once; a token refused after that needs a few tries, not hours',
    source: 'errorCode page; facts §2',
  },
  {
    code: 10004,
    class: 'retry',
    message: 'the access token is invalid or revoked',
    why: 'as 10003 (HA #54: 10004 after 90 days without refresh)',
    source: 'errorCode page; facts §2',
  },

  // ---- permanent: retrying the same request cannot help; a person must change something.
  {
    code: -3,
    class: 'permanent',
    message: 'invalid parameter',
    action: `look for the request in the log (a bad booking date or a bug), then ${GIVE_BY_HAND}`,
    why: 'the request itself is wrong (e.g. bad times); the same request is refused again',
    source: 'errorCode page; facts §5; ttlock/Android_TTLock_Demo_Deprecated#2',
  },
  {
    code: -3006,
    class: 'permanent',
    message: 'invalid passcode length for this lock',
    action: 'set PIN_LENGTH to a length the keypad takes (4-9 digits on most locks)',
    why: 'every code of this length fails the same way: new digits cannot fix it',
    source: 'errorCode page (EN says 6-9, CN and the add page 4-9); facts §3',
  },
  {
    code: -2032,
    class: 'permanent',
    message: 'the passcode is too simple',
    action: GIVE_BY_HAND,
    why: 'the lock refuses these digits (runs or repeats) whenever they are sent',
    source: 'errorCode page CN only; facts §3, §9.7',
  },
  {
    code: -3007,
    class: 'permanent',
    message: 'the same passcode already exists on this lock',
    action: GIVE_BY_HAND,
    why: 'the provider first checks that it is not our own earlier add; a code of someone else with these digits stays there',
    source: 'errorCode page; facts §5, §8 item 2; McConnell-Properties/ttlock-auto-codes logs; seamapi/public-tracker#79',
  },
  {
    code: -3008,
    class: 'permanent',
    message: 'a passcode never used on the lock cannot be changed',
    why: 'a rule of the lock, the same on every try',
    source: 'errorCode page; facts §9.1',
  },
  {
    code: -3009,
    class: 'permanent',
    message: 'the lock has no space left for custom passcodes',
    action: `delete expired or unused codes on that lock (npm run locks -- list <lock id>, then npm run locks -- delete <lock id> <code id>), then ${GIVE_BY_HAND}`,
    why: 'a lock holds 250 custom codes; nothing frees one until someone deletes codes',
    source: 'errorCode page EN+CN; facts §9.6',
  },
  {
    code: -2009,
    class: 'permanent',
    message: 'the passcode does not exist',
    why: 'on delete the provider takes it as already gone; elsewhere the code is simply not there',
    source: 'errorCode page (CN 密码不存在); facts §5, §9.7',
  },
  {
    code: -1007,
    class: 'permanent',
    message: 'no passcode data for this lock',
    action: `check the lock in the TTLock app, then ${GIVE_BY_HAND}`,
    why: 'the lock was not set up for passcodes in the cloud',
    source: 'errorCode page; facts §3, §5',
  },
  {
    code: -3035,
    class: 'permanent',
    message: 'the Wi-Fi lock is in power-saving mode',
    action: 'turn power saving off for this Wi-Fi lock in the TTLock app',
    why: 'it stays so until changed (codes would need asynchronous delivery, addType 4, which we do not use)',
    source: 'errorCode page; facts §5, §8 item 12',
  },
  {
    code: -4037,
    class: 'permanent',
    message: 'no such gateway',
    why: 'the gateway id is not in this account',
    source: 'errorCode page',
  },
  {
    code: -4043,
    class: 'permanent',
    message: 'this lock does not support the function',
    action: `this lock model cannot take codes this way: ${GIVE_BY_HAND}`,
    why: 'a property of the lock model',
    source: 'errorCode page; facts §5; HA #46, #193',
  },
  {
    code: -4056,
    class: 'permanent',
    message: 'the lock ran out of memory',
    action: `delete unused codes, cards or fingerprints on that lock in the TTLock app, then ${GIVE_BY_HAND}`,
    why: 'storage on the lock stays full until someone deletes entries',
    source: 'errorCode page EN+CN; facts §9.6',
  },
  {
    code: -1003,
    class: 'permanent',
    message: 'the lock does not exist',
    action: 'the lock id in properties.json is not a lock of this TTLock account: compare it with npm run locks -- account',
    why: 'a wrong lock id stays wrong',
    source: 'errorCode page; facts §5',
  },
  {
    code: -2025,
    class: 'permanent',
    message: 'the lock is frozen',
    action: `unfreeze the lock in the TTLock app, then ${GIVE_BY_HAND}`,
    why: 'it stays frozen until its admin unfreezes it',
    source: 'errorCode page; facts §5',
  },
  {
    code: -2018,
    class: 'permanent',
    message: 'permission denied on this lock',
    action: 'make the TTLock account in TTLOCK_USERNAME an admin of this lock (or transfer the lock to it)',
    why: 'the account is not the lock\'s admin; it needs the lock shared or transferred',
    source: 'errorCode page; facts §5, §8 item 9; Beds24 wiki',
  },
  {
    code: 20002,
    class: 'permanent',
    message: 'the TTLock account is not an admin of this lock',
    action: 'make the TTLock account in TTLOCK_USERNAME an admin of this lock (or transfer the lock to it)',
    why: 'as -2018',
    source: 'errorCode page; facts §5, §8 item 9',
  },
  {
    code: 10000,
    class: 'permanent',
    message: 'TTLOCK_CLIENT_ID is not a known TTLock client id',
    action: 'check TTLOCK_CLIENT_ID (the approved app on euopen.ttlock.com)',
    why: 'credentials are wrong until someone changes them',
    source: 'errorCode page; facts §2',
  },
  {
    code: 10001,
    class: 'permanent',
    message: 'TTLOCK_CLIENT_ID / TTLOCK_CLIENT_SECRET were rejected',
    action: 'check both, and that TTLock approved the app',
    why: 'as 10000',
    source: 'errorCode page; facts §2',
  },
  {
    code: 10007,
    class: 'permanent',
    message: 'TTLock rejected TTLOCK_USERNAME / TTLOCK_PASSWORD',
    action: 'set the TTLock app account that owns the locks, not the developer portal account',
    why: 'as 10000; the developer-portal login is the usual mistake',
    source: 'errorCode page; facts §2, §8 item 9',
  },
  {
    code: 10011,
    class: 'permanent',
    message: 'the refresh token is invalid',
    why: 'the token store falls back to the password grant; the refresh token itself stays invalid',
    source: 'errorCode page; facts §2',
  },
  {
    code: 30005,
    class: 'permanent',
    message: 'the password must be md5-hashed',
    why: 'a bug in how we log in, the same every time',
    source: 'errorCode page',
  },
  {
    code: 30007,
    class: 'permanent',
    message: 'the monthly TTLock API quota is used up',
    action: 'upgrade the developer account, or wait for the reset on the 1st (Beijing time)',
    why: 'nothing passes before the month ends: hours of retries cannot help',
    source: 'errorCode page; facts §6',
  },
  {
    code: 30008,
    class: 'permanent',
    message: 'wrong TTLock region for this account',
    action: 'set TTLOCK_API_BASE_URL to https://cnapi.ttlock.com in mainland China, https://euapi.ttlock.com elsewhere',
    why: 'the account lives on the other host',
    source: 'errorCode page; facts §1',
  },
  {
    code: 80002,
    class: 'permanent',
    message: 'invalid JSON format',
    why: 'a bug in the request, the same every time',
    source: 'errorCode page',
  },
];

function info(row: Row): ErrcodeInfo {
  return {
    class: row.class,
    retryable: row.class !== 'permanent',
    notNow: row.class === 'not-now',
    message: row.message,
    ...(row.action ? { action: row.action } : {}),
  };
}

export const ERRCODES: ReadonlyMap<number, ErrcodeInfo> = new Map(ERRCODE_TABLE.map((row) => [row.code, info(row)]));

/** Unknown codes are permanent: a person should look before we hammer an API we do not understand. */
export function describeErrcode(errcode: number): ErrcodeInfo & { known: boolean } {
  const known = ERRCODES.get(errcode);
  return known ? { ...known, known: true } : { class: 'permanent', retryable: false, notNow: false, message: 'unknown TTLock error', known: false };
}

/** "the lock has no space left … (-3009). To fix: delete …": what reaches logs and staff alerts. */
export function errcodeText(errcode: number, detail?: string): string {
  const d = describeErrcode(errcode);
  const cause = d.known ? d.message : `${d.message} ${errcode}${detail ? `: ${detail}` : ''}`;
  return `${cause} (${errcode})${d.action ? `. To fix: ${d.action}` : ''}`;
}

export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([10003, 10004]);

/**
 * A failed TTLock call. `errcode` is set when TTLock answered with one; `ambiguous` when we
 * cannot tell whether a write reached the lock (timeout, dropped connection, 5xx); `notNow`
 * (AppError) when it is an outage worth waiting for.
 */
export class TTLockApiError extends AppError {
  constructor(
    message: string,
    retryable: boolean,
    readonly endpoint: string,
    readonly errcode: number | undefined,
    readonly ambiguous = false,
    options?: AppErrorOptions,
  ) {
    super(message, retryable, options);
  }
}

export function errcodeOf(err: unknown): number | undefined {
  return err instanceof TTLockApiError ? err.errcode : undefined;
}
