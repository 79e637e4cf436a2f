import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from '../redis-keys.js';

/** What the sync remembers about a source between runs. */
export const sourceStateSchema = z.object({
  /** Reads failed in a row. */
  failures: z.number().int().min(0).default(0),
  /** When the current run of failures began. */
  failingSince: z.number().optional(),
  /** Not tried again before this (backoff); a manual sync tries anyway. */
  nextTryAt: z.number().optional(),
  lastError: z.string().optional(),
  /** Staff were told it has been failing for a while (once per run of failures). */
  failingAlerted: z.boolean().optional(),
  /** The halt (SourceHaltedError) staff were told of: the same one is not told again. */
  haltedAlerted: z.string().optional(),
  /** Syncs in a row whose answer looked like a glitch (see distrustReason), and when the first was. */
  distrust: z.object({ count: z.number().int().min(1), since: z.number() }).optional(),
  lastReadAt: z.number().optional(),
});
export type SourceState = z.infer<typeof sourceStateSchema>;

/** A removed source's state goes by itself. */
const STATE_TTL_SECONDS = 30 * 24 * 3600;

export class SourceStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** A missing or unreadable state is a fresh one: the worst case is one alert or one backoff too few. */
  async get(sourceId: string): Promise<SourceState> {
    const raw = await this.redis.get(this.keys.sourceState(sourceId));
    let json: unknown;
    try {
      json = raw === null ? {} : JSON.parse(raw);
    } catch {
      json = {};
    }
    return sourceStateSchema.safeParse(json).data ?? { failures: 0 };
  }

  async put(sourceId: string, state: SourceState): Promise<void> {
    await this.redis.set(this.keys.sourceState(sourceId), JSON.stringify(state), 'EX', STATE_TTL_SECONDS);
  }
}

const MINUTE = 60_000;

/**
 * Growing gaps between tries of a failing source (1, 2, 4 … 60 min, ±20 % so many feeds of one
 * platform do not retry in step). With a sync every 10 minutes, the first few failures are retried
 * at every sync and a source down for hours is tried about hourly.
 */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(60 * MINUTE, MINUTE * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
