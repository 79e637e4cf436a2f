import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { boundaryMillis, type Booking } from '../bookings/booking.js';
import { AppError } from '../errors.js';
import { stayWindow } from '../locks/stay-window.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes one conversation (state, inbox, outbox, index entries, the booking's claim on it) if it
 * is about this booking or none, was idle since `cutoff` ('' = no idle check) and nothing is in
 * flight: a chat busy right now is tried again later rather than cut off mid-message.
 * KEYS: conv, inbox, outbox, lock, convIndex, convPending, byBooking. ARGV: convKey, ref ('' = none), cutoff.
 * Returns 'deleted', 'kept' (about another booking, or active since) or 'busy'.
 */
const FORGET_CONVERSATION = new LuaScript(`
local raw = redis.call('HGET', KEYS[1], 'state')
if raw then
  local ok, state = pcall(cjson.decode, raw)
  if ok and type(state) == 'table' and type(state.ref) == 'string' and state.ref ~= ARGV[2] then return 'kept' end
end
if ARGV[3] ~= '' then
  local score = redis.call('ZSCORE', KEYS[5], ARGV[1])
  if score and tonumber(score) > tonumber(ARGV[3]) then return 'kept' end
end
if redis.call('EXISTS', KEYS[4]) == 1 or redis.call('LLEN', KEYS[2]) > 0 or redis.call('LLEN', KEYS[3]) > 0 then return 'busy' end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('SREM', KEYS[6], ARGV[1])
if redis.call('GET', KEYS[7]) == ARGV[1] then redis.call('DEL', KEYS[7]) end
return 'deleted'
`);

/**
 * The audit trail outlives the guest data, minus what identifies the guest: its details name
 * chats (a WhatsApp chat is the guest's phone number, a Telegram one their user id). Entries
 * keep their ids and order. KEYS: audit stream. Returns how many entries changed.
 */
const REDACT_AUDIT = new LuaScript(`
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
local function redact(v)
  v = string.gsub(v, '(whatsapp:)[^%s,;]+', '%1[removed]')
  v = string.gsub(v, '(telegram:)[^%s,;]+', '%1[removed]')
  v = string.gsub(v, '[%w%.%%%+%-_]+@[%w%-]+%.[%w%.%-]+', '[removed]')
  v = string.gsub(v, '%+%d[%d %-]*%d', '[removed]')
  v = string.gsub(v, '%d%d%d%d%d%d%d+', '[removed]')
  return v
end
local rewritten = {}
local changed = 0
for _, e in ipairs(entries) do
  local fields = e[2]
  local out = {}
  for i = 1, #fields, 2 do
    local v = fields[i + 1]
    if fields[i] == 'detail' then
      local r = redact(v)
      if r ~= v then changed = changed + 1 end
      v = r
    end
    out[#out + 1] = fields[i]
    out[#out + 1] = v
  end
  rewritten[#rewritten + 1] = { e[1], out }
end
if changed == 0 then return 0 end
redis.call('DEL', KEYS[1])
for _, e in ipairs(rewritten) do redis.call('XADD', KEYS[1], e[1], unpack(e[2])) end
return changed
`);

export interface GuestDataDeps {
  redis: Redis;
  keys: RedisKeys;
  bookings: { get(ref: string): Promise<Booking | undefined>; forgetContact(ref: string): Promise<void> };
  catalog: PropertyCatalog;
  /** How long after check-out a booking's guest data is kept. */
  retentionMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Deletes a guest's personal data once the retention period after check-out is over: every
 * conversation about the booking (name, phone, email, plate, and the chat id itself), the
 * booking's claim and watchers, and the booking's own phone and email. The booking record and
 * its audit trail stay, with chat ids and contact details taken out of the trail.
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
    const [owner, watchers, scan] = await Promise.all([redis.get(keys.convByBooking(ref)), redis.smembers(keys.pinWatchers(ref)), this.scan(ref)]);
    const mine = new Set([...(owner ? [owner] : []), ...watchers, ...scan.mine]);
    const outcome = { deleted: 0, busy: 0 };
    for (const convKey of mine) this.count(outcome, await this.forgetConversation(convKey, ref, ''));
    // Chats that never got as far as a booking hold a phone number too (WhatsApp); idle ones go with the same retention.
    const cutoff = String(this.now() - this.deps.retentionMs);
    for (const convKey of scan.idle) this.count(outcome, await this.forgetConversation(convKey, '', cutoff));
    await redis.del(keys.pinWatchers(ref), keys.convByBooking(ref));
    const redacted = await REDACT_AUDIT.run(redis, [keys.audit(ref)], []);
    await this.deps.bookings.forgetContact(ref);
    this.deps.logger.info({ ref, conversations: outcome.deleted, auditEntriesRedacted: redacted, busy: outcome.busy }, 'guest data deleted');
    if (outcome.busy > 0) throw new AppError(`booking ${ref}: ${outcome.busy} conversation(s) are handling a message; deleting them later`, true);
  }

  private count(outcome: { deleted: number; busy: number }, result: string): void {
    if (result === 'deleted') outcome.deleted++;
    else if (result === 'busy') outcome.busy++;
  }

  private async forgetConversation(convKey: string, ref: string, cutoff: string): Promise<string> {
    const k = this.deps.keys;
    const result = await FORGET_CONVERSATION.run(
      this.deps.redis,
      [k.conv(convKey), k.convInbox(convKey), k.convOutbox(convKey), k.convLock(convKey), k.convIndex(), k.convPending(), k.convByBooking(ref || '-')],
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
