import { parseConversationKey } from '../../flows/state.js';
import type { AlertSink, StaffAlert } from '../../oversight/alerts.js';
import { GENERAL, type StaffQueue } from './staff-queue.js';

/**
 * Alerts into the conversation's topic, ahead of any mirrored lines waiting there; an alert
 * about no conversation (e.g. a failed code cleanup) goes to the General topic.
 */
export class TelegramAlertSink implements AlertSink {
  constructor(
    private readonly queue: StaffQueue,
    private readonly wake: () => void,
  ) {}

  async alert(alert: StaffAlert): Promise<void> {
    const target = parseConversationKey(alert.convKey) ? alert.convKey : GENERAL;
    await this.queue.push(target, { kind: 'alert', alert: alert.kind, ...(alert.ref ? { ref: alert.ref } : {}), detail: alert.detail, at: alert.at });
    this.wake();
  }
}
