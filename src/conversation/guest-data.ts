import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { boundaryMillis, type Booking } from '../bookings/booking.js';
import { AppError } from '../errors.js';
import type { PublicId } from '../flows/public-id.js';
import { removeDeadlines, type TimerJobData } from '../jobs/queues.js';
import { stayWindow } from '../locks/stay-window.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import type { AuditLog } from '../oversight/audit.js';
import { forgetStaffThreads } from '../oversight/threads.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes one conversation (state, inbox, outbox, index entries, the booking's claim on it) if it is about this booking or none, was idle since `cutoff` ('' = no idle check) and nothing is in flight. Keys and arguments: in the .lua file. */
const FORGET_CONVERSATION = LuaScript.fromFile(new URL('./lua/forget-conversation.lua', import.meta.url));

export interface GuestDataDeps {
  redis: Redis;
  keys: RedisKeys;
  bookings: { get(ref: string): Promise<Booking | undefined>; forgetContact(ref: string): Promise<void> };
  catalog: PropertyCatalog;
  audit: Pick<AuditLog, 'scrubGuest'>;
  alerts: Pick<StaffAlerts, 'scrubGuest'>;
  /** The timers queue: PIN deadline jobs carry the chat key. */
  timers: Pick<Queue<TimerJobData>, 'getJob'>;
  /** How deadline job ids name a chat. */
  publicId: PublicId;
  /** How long after check-out a booking's guest data is kept. */
  retentionMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Deletes a guest's personal data once the retention period after check-out is over: every
 * conversation about the booking (name, phone, email, plate, and the chat id itself), the
 * booking's claim and watchers, the booking's own phone and email, what the staff group keeps
 * about those chats (topic map, topic name, queued posts) and their PIN deadline jobs. The
 * booking record, its audit trail and the staff alerts stay, with chat ids, contact details and
 * (in alerts) names taken out.
 */
export class GuestData {
  private readonly now: () => number;
  constructor(private readonly deps: GuestDataDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** When the booking's guest data is due for deletion (0: the booking is gone, so now). */
  async dueAt(ref: string): Promise<number> {
    const booking = await this.deps.bookings.get(ref);
    return booking ? this.checkOut(booking) + this.deps.retentionMs : 0;
  }

  /**
   * Throws a retryable error if a conversation was busy (a message being handled): everything
   * else is done, and a retry finishes the rest.
   */
  async forget(ref: string): Promise<void> {
    const { redis, keys } = this.deps;
    const [owner, watchers, barred, scan, booking] = await Promise.all([
      redis.get(keys.convByBooking(ref)),
      redis.smembers(keys.pinWatchers(ref)),
      redis.smembers(keys.bookingBarred(ref)),
      this.scan(ref),
      this.deps.bookings.get(ref),
    ]);
    const mine = new Set([...(owner ? [owner] : []), ...watchers, ...barred, ...scan.mine]);
    // Chats that never got as far as a booking hold a phone number too (WhatsApp); idle ones go with the same retention.
    const chats = [...mine, ...scan.idle];
    // What is kept elsewhere about these chats goes first: once a conversation is deleted, a retry
    // after a failure could no longer find its chat key.
    const names = [...(booking ? [booking.guestName] : []), ...(await this.namesIn(chats))];
    for (const convKey of chats) await forgetStaffThreads(redis, keys, convKey);
    const deadlines = await removeDeadlines(this.deps.timers, ref, mine, this.deps.publicId);
    const alerts = await this.deps.alerts.scrubGuest({ ref, convKeys: chats, names });
    const outcome = { deleted: 0, busy: 0 };
    for (const convKey of mine) this.count(outcome, await this.forgetConversation(convKey, ref, ''));
    const cutoff = String(this.now() - this.deps.retentionMs);
    for (const convKey of scan.idle) this.count(outcome, await this.forgetConversation(convKey, '', cutoff));
    await redis.del(keys.pinWatchers(ref), keys.convByBooking(ref), keys.bookingBarred(ref), keys.identityTries(ref));
    const redacted = await this.deps.audit.scrubGuest(ref);
    await this.deps.bookings.forgetContact(ref);
    this.deps.logger.info(
      { ref, conversations: outcome.deleted, deadlineJobs: deadlines, alertsRedacted: alerts, auditEntriesRedacted: redacted, busy: outcome.busy },
      'guest data deleted',
    );
    if (outcome.busy > 0) throw new AppError(`booking ${ref}: ${outcome.busy} conversation(s) are handling a message; deleting them later`, true);
  }

  /** The names the guests gave in these conversations (unreadable states give none). */
  private async namesIn(convKeys: readonly string[]): Promise<string[]> {
    const pipeline = this.deps.redis.pipeline();
    for (const convKey of convKeys) pipeline.hget(this.deps.keys.conv(convKey), 'state');
    const states = (await pipeline.exec()) ?? [];
    return states.map((r) => nameOf(r[1])).filter((n): n is string => n !== undefined);
  }

  private count(outcome: { deleted: number; busy: number }, result: string): void {
    if (result === 'deleted') outcome.deleted++;
    else if (result === 'busy') outcome.busy++;
  }

  private async forgetConversation(convKey: string, ref: string, cutoff: string): Promise<string> {
    const k = this.deps.keys;
    const result = await FORGET_CONVERSATION.run(
      this.deps.redis,
      [k.conv(convKey), k.convInbox(convKey), k.convOutbox(convKey), k.convMutex(convKey), k.convIndex(), k.convPending(), k.convByBooking(ref || '-'), k.convInboundCount(convKey)],
      [convKey, ref, cutoff],
    );
    return String(result);
  }

  /**
   * Conversations about `ref` that are not its owner or watchers (a guest who stopped before
   * giving an email), and conversations about no booking idle for the whole retention period.
   */
  private async scan(ref: string): Promise<{ mine: string[]; idle: string[] }> {
    const { redis, keys } = this.deps;
    const cutoff = this.now() - this.deps.retentionMs;
    const mine: string[] = [];
    const idle: string[] = [];
    const batch = 500;
    for (let start = 0; ; start += batch) {
      const page = await redis.zrange(keys.convIndex(), start, start + batch - 1, 'WITHSCORES');
      if (page.length === 0) break;
      const convKeys = page.filter((_, i) => i % 2 === 0);
      const scores = page.filter((_, i) => i % 2 === 1).map(Number);
      const pipeline = redis.pipeline();
      for (const convKey of convKeys) pipeline.hget(keys.conv(convKey), 'state');
      const states = (await pipeline.exec()) ?? [];
      convKeys.forEach((convKey, i) => {
        const about = refOf(states[i]?.[1]);
        if (about === ref) mine.push(convKey);
        else if (about === undefined && scores[i]! <= cutoff) idle.push(convKey);
      });
      if (convKeys.length < batch) break;
    }
    return { mine, idle };
  }

  /** Check-out as the guest was told it; a room we no longer know gets a day's grace for its timezone. */
  private checkOut(booking: Booking): number {
    const place = this.deps.catalog.room(booking.propertyId, booking.roomId);
    return place ? stayWindow(booking, place.property, { earlyMinutes: 0, lateMinutes: 0 }).end : boundaryMillis(booking.checkOut) + DAY_MS;
  }
}

/** The booking a stored state is about; null when it cannot be read (then it is left alone). */
function refOf(raw: unknown): string | undefined | null {
  if (typeof raw !== 'string') return null;
  try {
    const state = JSON.parse(raw) as { ref?: unknown };
    return typeof state.ref === 'string' ? state.ref : undefined;
  } catch {
    return null;
  }
}

/** The name a guest gave in a stored state, if any. */
function nameOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const name = (JSON.parse(raw) as { guest?: { name?: unknown } }).guest?.name;
    return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
  } catch {
    return undefined;
  }
}
