import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys.js';
import { redactStream, streamFields } from '../redis/stream.js';

export interface AuditEntry {
  action: string;
  detail?: string;
  /** Who did it: "bot", "guest", or a staff member. */
  by: string;
  at: number;
}

/** A booking's history, capped; never holds PIN digits. */
export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async record(ref: string, entry: AuditEntry): Promise<void> {
    await this.redis.xadd(
      this.keys.audit(ref),
      'MAXLEN',
      '~',
      '1000',
      '*',
      'action',
      entry.action,
      'detail',
      entry.detail ?? '',
      'by',
      entry.by,
      'at',
      String(entry.at),
    );
  }

  async list(ref: string): Promise<AuditEntry[]> {
    const entries = await this.redis.xrange(this.keys.audit(ref), '-', '+');
    return entries.map(([, fields]) => {
      const f = streamFields(fields);
      return { action: f.action ?? '', ...(f.detail ? { detail: f.detail } : {}), by: f.by ?? '', at: Number(f.at) };
    });
  }

  /**
   * The trail outlives the guest data, minus what identifies the guest: details may name chats
   * (entries older than public chat ids did) or contact details. Returns how many entries changed.
   */
  async scrubGuest(ref: string): Promise<number> {
    return redactStream(this.redis, this.keys.audit(ref), { fields: ['detail'] });
  }
}
