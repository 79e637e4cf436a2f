import type { Redis } from 'ioredis';
import { LuaScript } from './script.js';

/** XRANGE returns each entry's fields as a flat [name, value, name, value, ...] list. */
export function streamFields(flat: readonly string[]): Record<string, string> {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  return f;
}

/** What `redactStream` takes out, and where. */
export interface StreamRedaction {
  /** The fields whose values are redacted; the others are kept as they are. */
  fields: readonly string[];
  /** Only entries where one of these fields holds one of its listed values; every entry when absent. */
  where?: Readonly<Record<string, readonly string[]>>;
  /** Further text to take out as whole words, case-insensitively (the guest's names). */
  words?: readonly string[];
  /** Also take out text in double quotes, for formats that quote what the guest typed. */
  quoted?: boolean;
}

/** Rewrites the chosen entries with personal data taken out. Keys and arguments: in the .lua file. */
const REDACT_STREAM = LuaScript.fromFile(new URL('./lua/redact-stream.lua', import.meta.url));

export async function redactStream(redis: Redis, key: string, redaction: StreamRedaction): Promise<number> {
  return Number(await REDACT_STREAM.run(redis, [key], [JSON.stringify(redaction)]));
}
