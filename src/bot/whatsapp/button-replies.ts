import type { Redis } from 'ioredis';
import { z } from 'zod';
import { BUTTONS, type ButtonId } from '../../flows/events.js';
import type { RedisKeys } from '../../redis-keys.js';

const storedSchema = z.array(z.enum(BUTTONS)).min(1).max(10);

/** "1", " 2. ", "3)" or the keycap emoji 1️⃣. */
const CHOICE = /^\s*(\d{1,2})\s*[.)]?\s*$/;

export function parseChoice(text: string): number | undefined {
  const m = CHOICE.exec(text.replace(/[\uFE0F\u20E3]/g, ''));
  return m ? Number(m[1]) : undefined;
}

/**
 * Which buttons a chat was last offered as "Reply 1 for ..., 2 for ...". Kept in Redis because
 * the reply may reach any web process; replaced (or cleared) by every later message, so a "1"
 * always means the list the guest saw last.
 */
export class ButtonReplies {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** Beyond WhatsApp's 24-hour window a reply is a fresh conversation anyway. */
    private readonly ttlSeconds = 2 * 24 * 60 * 60,
  ) {}

  async remember(chatId: string, ids: readonly ButtonId[] | undefined): Promise<void> {
    const key = this.keys.waButtons(chatId);
    if (!ids || ids.length === 0) await this.redis.del(key);
    else await this.redis.set(key, JSON.stringify(ids), 'EX', this.ttlSeconds);
  }

  /** The button a typed number stands for, if the chat's last numbered list has it. */
  async resolve(chatId: string, text: string): Promise<ButtonId | undefined> {
    const n = parseChoice(text);
    if (n === undefined || n < 1) return undefined;
    const raw = await this.redis.get(this.keys.waButtons(chatId));
    if (raw === null) return undefined;
    let stored: unknown;
    try {
      stored = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const parsed = storedSchema.safeParse(stored);
    return parsed.success ? parsed.data[n - 1] : undefined;
  }
}
