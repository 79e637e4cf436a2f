import type { Redis } from 'ioredis';
import type { FlowEvent } from '../flows/events.js';
import type { PublicId } from '../flows/public-id.js';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';
import type { AuditLog } from '../staff/audit.js';

/** The revoking flag outlives a cleanup that keeps failing: the next PIN job replaces the old code anyway (same name). */
const REVOKING_TTL_S = 15 * 60;
/** A chat staff took a booking from stays barred from it long after the stay (guest data retention clears it). */
const BARRED_TTL_S = 400 * 24 * 3600;

/**
 * Takes the booking from its owner in one step, so no chat can prove it in between with the old
 * code still shown: owner gone, that chat barred from it, the PIN flagged as being revoked.
 * KEYS: owner, barred, revoking. ARGV: revoking ttl, barred ttl. Returns the old owner or false.
 */
const TAKE = new LuaScript(`
local owner = redis.call('GET', KEYS[1])
if not owner then return false end
redis.call('DEL', KEYS[1])
redis.call('SADD', KEYS[2], owner)
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], '1', 'EX', ARGV[1])
return owner
`);

export interface ReassignDeps {
  redis: Redis;
  keys: RedisKeys;
  audit: AuditLog;
  /** Feeds an event to a conversation (the engine's notify). */
  notify: (convKey: string, event: FlowEvent) => Promise<void>;
  /** Queues the removal of the booking's codes from its locks (a cleanup job). */
  revokeCodes: (ref: string) => Promise<void>;
  /** Gives the booking's identity tries back (the rightful guest may have used them up on the stranger's account). */
  resetIdentity: (ref: string) => Promise<void>;
  publicId: PublicId;
  now?: () => number;
}

export type ReassignResult = { ok: true; from: string } | { ok: false; reason: 'not_claimed' };

/**
 * Staff take a booking away from the chat that claimed it (`/reassign`, `POST /admin/bookings/:ref/reassign`).
 * Its codes come off the locks and the next chat that proves the booking gets a new PIN. The old
 * chat is told only that the team has the booking; `offerTo` (the chat staff did it from, if it was
 * refused the booking) is checked again at once.
 */
export class BookingReassigner {
  private readonly now: () => number;
  constructor(private readonly deps: ReassignDeps) {
    this.now = deps.now ?? Date.now;
  }

  async reassign(ref: string, by: string, offerTo?: string): Promise<ReassignResult> {
    const { keys } = this.deps;
    const from = await TAKE.run(this.deps.redis, [keys.convByBooking(ref), keys.bookingBarred(ref), keys.pinRevoking(ref)], [REVOKING_TTL_S, BARRED_TTL_S]);
    if (typeof from !== 'string') return { ok: false, reason: 'not_claimed' };
    await this.deps.resetIdentity(ref);
    await this.deps.revokeCodes(ref);
    await this.deps.audit.record(ref, { action: 'reassigned', detail: `taken from ${this.deps.publicId(from)}`, by, at: this.now() });
    await this.deps.notify(from, { type: 'bookingReassigned', ref, by });
    if (offerTo && offerTo !== from) await this.deps.notify(offerTo, { type: 'bookingFreed', ref, by });
    return { ok: true, from };
  }
}
