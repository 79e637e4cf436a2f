import Bottleneck from 'bottleneck';
import type { SharedLimiters } from '../../redis/shared-limiters.js';

export interface SendLimits {
  /** Requests to Twilio in flight at once from this process. */
  maxConcurrent: number;
  /** Gap between any two messages from the sender number, every process together (100 ms = 10 a second); 0 = not paced. */
  minTimeMs: number;
  /** Gap between two messages to the same chat, so split parts and back-to-back replies arrive in order. */
  perChatMinTimeMs: number;
}

/** Twilio's WhatsApp rate is per sender number: limits of other processes using it count too. */
export interface SharedRate {
  limiters: SharedLimiters;
  sender: string;
}

/**
 * Paces requests to Twilio per chat and per sender number. The sender's rate is shared through
 * Redis when `shared` is given (the app), else kept in this process (unit tests). The per-chat
 * gap stays in process: one process at a time drains a chat (see TelegramSender).
 */
export class SendLimiter {
  private readonly overall: Bottleneck;
  private readonly perChat: Bottleneck.Group;

  constructor(limits: SendLimits, shared?: SharedRate) {
    this.overall = new Bottleneck({ maxConcurrent: limits.maxConcurrent });
    if (limits.minTimeMs > 0) {
      this.overall.chain(
        shared ? shared.limiters.group('send:whatsapp', { minTime: limits.minTimeMs }).key(shared.sender) : new Bottleneck({ minTime: limits.minTimeMs }),
      );
    }
    this.perChat = new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.perChatMinTimeMs });
  }

  /**
   * `urgent` (a PIN) keeps its chat's order and gap but does not wait behind other chats for the
   * sender's rate; it still takes a slot of it, so the next queued message waits one gap longer.
   */
  schedule<T>(chatId: string, run: () => Promise<T>, urgent = false): Promise<T> {
    return this.perChat.key(chatId).schedule(() => {
      if (!urgent) return this.overall.schedule(run);
      this.overall.schedule(() => Promise.resolve()).catch(() => {});
      return run();
    });
  }
}
