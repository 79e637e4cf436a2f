import type { Redis } from 'ioredis';
import type { PublicId } from '../../flows/public-id.js';
import { conversationKey } from '../../flows/state.js';
import type { RedisKeys } from '../../redis-keys.js';

/** Whole messages meaning "do not message me first any more" (WhatsApp's business policy asks us to honour opt-outs). */
const STOP = new Set(['stop', 'stopall', 'unsubscribe', 'opt out', 'optout']);
/** Whole messages taking that back. */
const RESTART = new Set(['start', 'unstop', 'opt in', 'optin']);

export function optOutWord(text: string): 'stop' | 'start' | undefined {
  const word = text.trim().toLowerCase().replace(/[.!]+$/, '');
  return STOP.has(word) ? 'stop' : RESTART.has(word) ? 'start' : undefined;
}

/**
 * Guests who wrote STOP: never messaged first again (no proactive invitation). Replies to what a
 * guest writes are not affected: they asked. Kept by the chat's public id, not the number.
 */
export class OptOuts {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly publicId: PublicId,
  ) {}

  private key(phone: string): string {
    return this.keys.waOptOut(this.publicId(conversationKey('whatsapp', phone)));
  }

  async has(phone: string): Promise<boolean> {
    return (await this.redis.exists(this.key(phone))) === 1;
  }

  async set(phone: string, optedOut: boolean): Promise<void> {
    if (optedOut) await this.redis.set(this.key(phone), String(Date.now()));
    else await this.redis.del(this.key(phone));
  }
}
