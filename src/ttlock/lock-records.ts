import type { LockRecord } from '../locks/provider.js';
import type { LockRecordEntry } from './schemas.js';

/** recordTypeFromLock (the lock's scheme): a passcode opened the door. */
const LOCK_PASSCODE_OPENED = 4;
/** recordType (the cloud's scheme): passcode unlock. */
const CLOUD_PASSCODE_UNLOCK = 4;
/** recordTypeFromLock: refused as an unknown passcode (7), expired or not valid yet (11), door double-locked (38). */
const LOCK_PASSCODE_REFUSED: ReadonlySet<number> = new Set([7, 11, 38]);

/**
 * What a lockRecord/list entry means to the bot (facts sheet §9.5): the two numbering schemes
 * differ ("7" is a wrong passcode in the lock's and an IC card in the cloud's), so an opening
 * needs `success` 1 with a passcode type in the scheme it is given in, and a refusal `success` 0
 * with a lock-scheme refusal or, when the lock's type is missing, the cloud's passcode type.
 */
export function toLockRecord(lockId: number, e: LockRecordEntry): LockRecord {
  const code = e.keyboardPwd ? { code: e.keyboardPwd } : {};
  const base = { id: String(e.recordId), lockId, at: e.lockDate };
  const fromLock = e.recordTypeFromLock;
  const passcode = fromLock !== undefined ? fromLock === LOCK_PASSCODE_OPENED || LOCK_PASSCODE_REFUSED.has(fromLock) : e.recordType === CLOUD_PASSCODE_UNLOCK;
  if (!passcode) return { ...base, kind: 'other' };
  if (e.success === 1 && (fromLock === undefined || fromLock === LOCK_PASSCODE_OPENED)) return { ...base, kind: 'opened', ...code };
  if (e.success === 0) return { ...base, kind: 'refused', ...code };
  return { ...base, kind: 'other' };
}
