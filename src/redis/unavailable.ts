/**
 * Socket-level failures ioredis passes on when the connection is down or being re-established.
 * Anything else (a script error, a bug) is not an outage and must not be taken for one.
 */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'NR_CLOSED']);

/** Replies of a Redis that is up but cannot take writes right now; each clears by itself. */
const NOT_NOW_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|OOM)\b/;

/**
 * True when Redis could not take a command: the 2 s command timeout (Redis paused, swapping or
 * unreachable), a closed or refused connection, ioredis giving up its reconnect retries, or a
 * reply that means "not now". What a caller may do with the work instead (keep it elsewhere,
 * retry later) is safe only for these: a command that timed out may still run once Redis
 * answers, so the work must be idempotent (deduplicated) anyway.
 */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.message === 'Command timed out') return true;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  if (err.message.startsWith('Connection is closed')) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return NOT_NOW_REPLIES.test(err.message);
}
