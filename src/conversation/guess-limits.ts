import type { Redis } from 'ioredis';
import type { GuessLimitSettings } from '../flows/context.js';
import type { PublicId } from '../flows/public-id.js';
import type { RedisKeys } from '../redis-keys.js';

/** A counter the commit script increments, starting its window when it is first counted. */
export interface Counter {
  key: string;
  ttlSeconds: number;
}

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

/**
 * Guessing limits kept outside the conversation, so RESTART, a new chat or another process does
 * not reset them: unknown refs per chat per hour, failed look-ups per minute across every chat,
 * failed identity tries per booking per day. The flow decides with what `lookup`/`identity` read;
 * the engine's commit counts (atomically with the save, see COMMIT_STEP).
 */
export class GuessLimits {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    readonly settings: GuessLimitSettings,
    /** Names the chat in its "held" alert's once-key (see the flow's `hold`). */
    private readonly publicId: PublicId,
    private readonly now: () => number = Date.now,
  ) {}

  /** Before a typed ref is looked up: this chat's recent misses, and whether look-ups are paused. */
  async lookup(convKey: string): Promise<{ chatMisses: number; paused?: 'chat' | 'global' }> {
    const [chat, global] = await this.redis.mget(this.keys.refMisses(convKey), this.keys.lookupFailures(this.minute()));
    const chatMisses = Number(chat ?? 0);
    if (chatMisses >= this.settings.refMissesPerHour) return { chatMisses, paused: 'chat' };
    if (Number(global ?? 0) >= this.settings.refFailuresPerMinute) return { chatMisses, paused: 'global' };
    return { chatMisses };
  }

  /** What the flow needs to decide on a proof for `ref` from `convKey`. */
  async identity(ref: string, convKey: string): Promise<{ tries: number; barred: boolean }> {
    const [tries, barred] = await Promise.all([this.redis.get(this.keys.identityTries(ref)), this.redis.sismember(this.keys.bookingBarred(ref), convKey)]);
    return { tries: Number(tries ?? 0), barred: barred === 1 };
  }

  /** What one unknown ref counts against. */
  missCounters(convKey: string): Counter[] {
    return [
      { key: this.keys.refMisses(convKey), ttlSeconds: HOUR_S },
      // Kept a little past its minute so a slow reader still sees it.
      { key: this.keys.lookupFailures(this.minute()), ttlSeconds: 120 },
    ];
  }

  identityCounter(ref: string): Counter & { max: number } {
    return { key: this.keys.identityTries(ref), ttlSeconds: DAY_S, max: this.settings.identityTries };
  }

  /**
   * Staff `/unlock`: the chat may look up refs again, its booking may be proven again, look-ups
   * resume for everyone; staff hear again if the same limits are met again.
   */
  async unlock(convKey: string, ref: string | undefined): Promise<void> {
    const k = this.keys;
    const keys = [k.refMisses(convKey), k.lookupFailures(this.minute()), k.lookupFailures(this.minute() - 1), k.staffAlertOnce('lookups-paused-global')];
    if (ref) keys.push(k.identityTries(ref), k.staffAlertOnce(`identity-locked:${ref}`), k.staffAlertOnce(`identity-held:${ref}:${this.publicId(convKey)}`));
    await this.redis.del(...keys);
  }

  private minute(): number {
    return Math.floor(this.now() / 60_000);
  }
}
