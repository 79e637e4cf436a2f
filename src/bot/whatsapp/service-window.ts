import type { Redis } from 'ioredis';
import type { PublicId } from '../../flows/public-id.js';
import { conversationKey } from '../../flows/state.js';
import type { RedisKeys } from '../../redis-keys.js';

/** WhatsApp's customer service window: free-form messages only within 24 h of the guest's last one. */
const WINDOW_MS = 24 * 3600_000;
/** Closed a little early: a message queued at 23:59 may reach Twilio after the window shut. */
const MARGIN_MS = 10 * 60_000;

/**
 * Whether a WhatsApp chat wrote within the last 24 hours, so a message it did not ask for may go
 * as plain text (otherwise only as an approved template). One key per chat that expires when the
 * window closes, kept by the chat's public id, not the number.
 */
export class ServiceWindow {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly publicId: PublicId,
    private readonly now: () => number = Date.now,
  ) {}

  private key(phone: string): string {
    return this.keys.waWindow(this.publicId(conversationKey('whatsapp', phone)));
  }

  /** The guest wrote at `at` (a spooled message is replayed later than it came). */
  async opened(phone: string, at = this.now()): Promise<void> {
    const left = at + WINDOW_MS - MARGIN_MS - this.now();
    if (left > 0) await this.redis.set(this.key(phone), String(at), 'PX', left);
  }

  async isOpen(phone: string): Promise<boolean> {
    return (await this.redis.exists(this.key(phone))) === 1;
  }
}
