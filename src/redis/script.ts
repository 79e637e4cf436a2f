import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

export type ScriptReply = string | number | null | ScriptReply[];

/** A Lua script sent by SHA (EVALSHA), loaded on first use or after a Redis restart. */
export class LuaScript {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /**
   * A script kept in its own `.lua` file beside the code that runs it (read once, at start): each
   * opens with a comment listing its KEYS, ARGV and replies. `npm run build` copies them to dist/.
   */
  static fromFile(url: URL): LuaScript {
    return new LuaScript(readFileSync(url, 'utf8'));
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<ScriptReply> {
    try {
      return (await redis.evalsha(this.sha, keys.length, ...keys, ...args)) as ScriptReply;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return (await redis.eval(this.source, keys.length, ...keys, ...args)) as ScriptReply;
    }
  }
}
