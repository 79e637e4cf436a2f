import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AlertKind } from '../flows/effects.js';
import type { RedisKeys } from '../redis-keys.js';
import { redactStream, streamFields } from '../redis/stream.js';

export interface StaffAlert {
  kind: AlertKind;
  ref: string | undefined;
  convKey: string;
  detail: string;
  at: number;
}

/** Somewhere staff will see an alert (the Telegram staff group, a terminal, ...). */
export interface AlertSink {
  alert(alert: StaffAlert): Promise<void>;
}

/**
 * Every alert is kept in a capped Redis stream (so an operator can list what happened even if
 * no staff channel is configured), logged at warn, then handed to each configured sink.
 */
export class StaffAlerts {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
    private readonly sinks: readonly AlertSink[] = [],
    private readonly onAlert?: (kind: AlertKind) => void,
  ) {}

  async raise(alert: StaffAlert): Promise<void> {
    await this.redis.xadd(
      this.keys.staffAlerts(),
      'MAXLEN',
      '~',
      '10000',
      '*',
      'kind',
      alert.kind,
      'ref',
      alert.ref ?? '',
      'conv',
      alert.convKey,
      'detail',
      alert.detail,
      'at',
      String(alert.at),
    );
    // Kind, booking and chat only: the detail quotes what guests typed (names, numbers).
    this.logger.warn({ alert: alert.kind, ref: alert.ref, ...(alert.convKey ? { conv: alert.convKey } : {}) }, 'staff alert');
    this.onAlert?.(alert.kind);
    for (const sink of this.sinks) await sink.alert(alert);
  }

  async recent(count = 50): Promise<StaffAlert[]> {
    const entries = await this.redis.xrevrange(this.keys.staffAlerts(), '+', '-', 'COUNT', count);
    return entries.map(([, fields]) => {
      const f = streamFields(fields);
      return { kind: f.kind as AlertKind, ref: f.ref || undefined, convKey: f.conv ?? '', detail: f.detail ?? '', at: Number(f.at) };
    });
  }

  /**
   * Takes a guest out of the alerts kept about their booking or their chats (at the end of the
   * retention period): the chat key (a WhatsApp one is the phone number), contact details, their
   * names, and quoted text: details quote what the guest typed (the name they gave, the reference
   * they tried), so a name corrected since goes too, at the cost of other quoted words such as
   * the step. Kind, booking and time stay. Returns how many alerts changed.
   */
  async scrubGuest(about: { ref: string; convKeys: readonly string[]; names: readonly string[] }): Promise<number> {
    return redactStream(this.redis, this.keys.staffAlerts(), {
      fields: ['conv', 'detail'],
      where: { ref: [about.ref], conv: about.convKeys },
      words: about.names,
      quoted: true,
    });
  }
}
