import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type ScriptReply = string | number | null | ScriptReply[];

/** A Lua script sent by SHA (EVALSHA), loaded on first use or after a Redis restart. */
export class LuaScript {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
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
