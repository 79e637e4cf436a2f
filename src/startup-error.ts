import { ConfigError } from './config-error.js';
import { errorMessage } from './errors.js';
import { RedisUnavailableError } from './redis-connect.js';

/**
 * What an entry point prints when it cannot start, so that every command reads the same:
 * each configuration problem on its own line, the how-to-start hint when Redis does not answer,
 * and anything else as one `prefix: message` line. Never a stack trace.
 */
export function describeStartupError(err: unknown, prefix: string): string[] {
  if (err instanceof ConfigError) return err.problems.map((line) => `config: ${line}`);
  if (err instanceof RedisUnavailableError) return [err.message];
  return [`${prefix}: ${errorMessage(err)}`];
}
