import type { Logger } from 'pino';
import { errorMessage } from '../../errors.js';
import type { BotApi } from '../telegram-api/bot-api.js';

/** `topics`: a forum supergroup, one topic per conversation. `replies`: a plain group, posts threaded by reply. */
export type ChatMode = 'topics' | 'replies';

/** After getChat failed: look again this soon. */
const RETRY_AFTER_ERROR_MS = 30_000;

/**
 * Whether the staff chat has topics, as getChat says (`is_forum`), remembered for a while. A
 * createForumTopic refused because topics are off also switches to replies, until the next look.
 */
export class StaffChatMode {
  private known: { mode: ChatMode; until: number } | undefined;

  constructor(
    private readonly api: BotApi,
    private readonly chatId: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<ChatMode> {
    if (this.known && this.known.until > this.now()) return this.known.mode;
    try {
      const chat = (await this.api.call('getChat', { chat_id: this.chatId })) as { is_forum?: boolean; type?: string };
      const mode: ChatMode = chat.is_forum === true ? 'topics' : 'replies';
      if (mode === 'replies' && this.known?.mode !== 'replies') {
        this.logger.warn('the staff chat has no topics: conversations are posted in the chat itself, threaded by reply (enable Topics for one topic per guest)');
      }
      this.known = { mode, until: this.now() + this.ttlMs };
    } catch (err) {
      // Topics is what the staff group should be; a failed post says soon enough if not.
      this.logger.warn({ err: errorMessage(err) }, 'getChat on the staff chat failed; assuming topics');
      this.known = { mode: this.known?.mode ?? 'topics', until: this.now() + RETRY_AFTER_ERROR_MS };
    }
    return this.known.mode;
  }

  useReplies(why: string): void {
    this.logger.warn({ why }, 'cannot create topics in the staff chat: posting there threaded by reply (give the bot "Manage topics" in a group with Topics on)');
    this.known = { mode: 'replies', until: this.now() + this.ttlMs };
  }
}
