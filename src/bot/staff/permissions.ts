import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { errorMessage } from '../../errors.js';
import type { RedisKeys } from '../../redis-keys.js';
import type { BotApi } from '../telegram-api/bot-api.js';

/** Who asks: a person in the group, or an admin posting as the group itself (only admins can). */
export type Asker = { kind: 'member'; userId: number } | { kind: 'anonymousAdmin' };

/**
 * `notAdmin`: Telegram says they are not an administrator of the staff group.
 * `unchecked`: Telegram could not be asked; refused all the same (a door code is not handed out on a guess).
 */
export type Permission = 'allowed' | 'notAdmin' | 'unchecked';

export interface StaffPermissionsDeps {
  api: Pick<BotApi, 'call'>;
  chatId: string;
  redis: Redis;
  keys: RedisKeys;
  /** STAFF_APPROVER_IDS: allowed without being administrators (and without asking Telegram). */
  approverIds: readonly string[];
  /** Telegram's word is trusted this long: a demoted admin keeps the right at most this much longer. */
  adminTtlSeconds: number;
  /** A "no" is kept for less, so someone just promoted is not turned away for long. */
  notAdminTtlSeconds: number;
  /** The check runs before Telegram gets its answer to the update: it must not hold that for long. */
  timeoutMs: number;
  logger: Logger;
}

/** The part of getChatMember's ChatMember we read; a status we do not know is simply not an admin. */
const chatMemberSchema = z.looseObject({ status: z.string() });
const ADMIN_STATUSES = new Set(['creator', 'administrator']);

/**
 * Who may use the staff commands that hand out, take away or show door codes: the ids in
 * STAFF_APPROVER_IDS, an anonymous admin, and whoever getChatMember says administers the staff
 * group. Telegram's answer is kept in Redis, so every process asks once per person per few minutes.
 */
export class StaffPermissions {
  private readonly approvers: ReadonlySet<string>;

  constructor(private readonly deps: StaffPermissionsDeps) {
    this.approvers = new Set(deps.approverIds);
  }

  async mayUseDoorCodes(asker: Asker): Promise<Permission> {
    if (asker.kind === 'anonymousAdmin') return 'allowed';
    const userId = asker.userId;
    if (this.approvers.has(String(userId))) return 'allowed';
    const key = this.deps.keys.staffAdmin(userId);
    const cached = await this.deps.redis.get(key);
    if (cached !== null) return cached === '1' ? 'allowed' : 'notAdmin';

    let status: string;
    try {
      const member = await this.deps.api.call('getChatMember', { chat_id: this.deps.chatId, user_id: userId }, { timeoutMs: this.deps.timeoutMs });
      status = chatMemberSchema.parse(member).status;
    } catch (err) {
      // Nothing cached: the next try asks again.
      this.deps.logger.warn({ userId, err: errorMessage(err) }, 'staff group: getChatMember failed; door-code command refused');
      return 'unchecked';
    }
    const admin = ADMIN_STATUSES.has(status);
    await this.deps.redis.set(key, admin ? '1' : '0', 'EX', admin ? this.deps.adminTtlSeconds : this.deps.notAdminTtlSeconds);
    return admin ? 'allowed' : 'notAdmin';
  }
}
