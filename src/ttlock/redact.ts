/**
 * Fields of TTLock requests and responses that must never reach a log: credentials, tokens,
 * passcodes (guests' PINs and the lock's super passcode) and the lock's key material.
 */
const SECRET_FIELDS = new Set(
  [
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'clientSecret',
    'client_secret',
    'password',
    'keyboardPwd',
    'newKeyboardPwd',
    'noKeyPwd',
    'deletePwd',
    'adminPwd',
    'lockKey',
    'lockData',
    'aesKeyStr',
    'unlockKey',
  ].map((f) => f.toLowerCase()),
);

const MAX_DEPTH = 6;

/** A copy of a raw body with every secret field replaced, safe to log. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redactBody(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELDS.has(k.toLowerCase()) ? '[redacted]' : redactBody(v, depth + 1);
    return out;
  }
  if (typeof value === 'string') return value.length > 500 ? `${value.slice(0, 500)}…` : value;
  return value;
}
