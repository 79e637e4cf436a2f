import type { Redis } from 'ioredis';
import { z } from 'zod';
import { BUTTONS } from '../../flows/events.js';
import type { RedisKeys } from '../../redis-keys.js';

const sentSchema = z.object({
  convKey: z.string().min(1),
  pin: z.boolean(),
  /** A quick-reply template's message as plain text, sent instead if WhatsApp does not deliver the template. */
  fallback: z
    .object({
      text: z.string(),
      buttons: z.array(z.object({ id: z.enum(BUTTONS), label: z.string() })).optional(),
    })
    .optional(),
  /** A proactive invitation for this booking (no conversation yet): a failure reaches staff directly. */
  invite: z.string().optional(),
});
export type SentMessage = z.infer<typeof sentSchema>;

/**
 * MessageSid → conversation, so a status callback ("undelivered", hours later, to any process)
 * can reach the right conversation and say whether the PIN was in it.
 */
export class SentMessages {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    /** Failures normally arrive within minutes; Twilio gives up on a queued message after 4 h. */
    private readonly ttlSeconds = 3 * 24 * 60 * 60,
  ) {}

  async remember(messageSid: string, sent: SentMessage): Promise<void> {
    await this.redis.set(this.keys.waMessage(messageSid), JSON.stringify(sent), 'EX', this.ttlSeconds);
  }

  /** True for the first caller only: a repeated status callback must not send the fallback twice. */
  async claimFallback(messageSid: string): Promise<boolean> {
    return (await this.redis.set(`${this.keys.waMessage(messageSid)}:fallback`, '1', 'EX', this.ttlSeconds, 'NX')) === 'OK';
  }

  /**
   * True for the first caller only: "failed" then "undelivered" for one invitation alerts staff
   * once. `claim` false gives the claim back (the alert could not be raised).
   */
  async claimInviteAlert(messageSid: string, claim: boolean): Promise<boolean> {
    const key = `${this.keys.waMessage(messageSid)}:alerted`;
    if (!claim) return (await this.redis.del(key)) === 1;
    return (await this.redis.set(key, '1', 'EX', this.ttlSeconds, 'NX')) === 'OK';
  }

  async lookup(messageSid: string): Promise<SentMessage | undefined> {
    const raw = await this.redis.get(this.keys.waMessage(messageSid));
    if (raw === null) return undefined;
    try {
      const parsed = sentSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
