import Bottleneck from 'bottleneck';

export interface SendLimits {
  /** Requests to Twilio in flight at once from this process. */
  maxConcurrent: number;
  /** Gap between any two requests from this process (100 ms ≈ the 10 msg/s of a new WhatsApp sender). */
  minTimeMs: number;
  /** Gap between two messages to the same chat, so split parts and back-to-back replies arrive in order. */
  perChatMinTimeMs: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = { maxConcurrent: 10, minTimeMs: 100, perChatMinTimeMs: 400 };

/**
 * Paces requests to Twilio per chat and overall. Per process: N processes may together send
 * N times the rate, which Twilio queues rather than refuses (and a refused 429 is retried).
 */
export class SendLimiter {
  private readonly overall: Bottleneck;
  private readonly perChat: Bottleneck.Group;

  constructor(limits: SendLimits = DEFAULT_SEND_LIMITS) {
    this.overall = new Bottleneck({ maxConcurrent: limits.maxConcurrent, minTime: limits.minTimeMs });
    this.perChat = new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.perChatMinTimeMs });
  }

  schedule<T>(chatId: string, run: () => Promise<T>): Promise<T> {
    return this.perChat.key(chatId).schedule(() => this.overall.schedule(run));
  }
}
