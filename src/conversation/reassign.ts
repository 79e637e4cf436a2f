import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { FlowEvent } from '../flows/events.js';
import { parseConversationKey } from '../flows/state.js';
import type { PinStore } from '../locks/pin-store.js';
import type { RedisKeys } from '../redis-keys.js';
import { LuaScript } from '../redis/script.js';
import type { InboxItem } from './store.js';

/** A chat staff took a booking from stays barred from it long after the stay (guest data retention clears it). */
const BARRED_TTL_S = 400 * 24 * 3600;

/** Takes the booking from `expected` in one step, so that no chat can prove it in between and no step of that chat can be lost. Keys and arguments: in the .lua file. */
const TAKE = LuaScript.fromFile(new URL('./lua/reassign-take.lua', import.meta.url));

export interface ReassignDeps {
  redis: Redis;
  keys: RedisKeys;
  pins: Pick<PinStore, 'isRevoked'>;
  /** Runs the booking's PIN job (it removes the revoked codes first). */
  startPinJob: (ref: string) => Promise<void>;
  /**
   * Runs it again once a job running right now has ended (a cleanup job that waits for it): that
   * run may have finished its work before the booking was taken, and a second add is ignored while it runs.
   */
  startPinJobAfterRunning: (ref: string) => Promise<void>;
  /** Processes what waits in a chat's inbox now (the sweeper would, a little later). */
  drain: (convKey: string) => Promise<void>;
  /** Feeds an event to a conversation (the engine's notify). */
  notify: (convKey: string, event: FlowEvent) => Promise<void>;
  now?: () => number;
}

/** `from` is unset when the booking had already been taken (a repeated command) and its codes are still coming off. */
export type ReassignResult = { ok: true; from?: string } | { ok: false; reason: 'not_claimed' };

const MAX_TAKE_ATTEMPTS = 5;

/**
 * Staff take a booking away from the chat that claimed it (`/reassign`, `POST /admin/bookings/:ref/reassign`).
 * Its codes come off the locks and the next chat that proves the booking gets a new PIN. The old
 * chat is told only that the team has the booking (and it records who did it); `offerTo` (the chat
 * staff did it from, if it was refused the booking) is checked again at once.
 */
export class BookingReassigner {
  private readonly now: () => number;
  constructor(private readonly deps: ReassignDeps) {
    this.now = deps.now ?? Date.now;
  }

  async reassign(ref: string, by: string, offerTo?: string): Promise<ReassignResult> {
    const from = await this.take(ref, by);
    if (from === undefined && !(await this.deps.pins.isRevoked(ref))) return { ok: false, reason: 'not_claimed' };
    // Repeated after a failure here (the take itself is done): the rest is safe to do again.
    await this.deps.startPinJob(ref);
    await this.deps.startPinJobAfterRunning(ref);
    if (from) await this.deps.drain(from);
    if (offerTo && offerTo !== from) await this.deps.notify(offerTo, { type: 'bookingFreed', ref, by });
    return from ? { ok: true, from } : { ok: true };
  }

  private async take(ref: string, by: string): Promise<string | undefined> {
    const { keys, redis } = this.deps;
    for (let attempt = 0; attempt < MAX_TAKE_ATTEMPTS; attempt++) {
      const owner = await redis.get(keys.convByBooking(ref));
      const where = owner ? parseConversationKey(owner) : undefined;
      if (!owner || !where) return undefined;
      const item: InboxItem = { id: randomUUID(), ...where, receivedAt: this.now(), event: { type: 'bookingReassigned', ref, by } };
      const taken = await TAKE.run(
        redis,
        [
          keys.convByBooking(ref),
          keys.bookingBarred(ref),
          keys.pinWatchers(ref),
          keys.pin(ref),
          keys.identityTries(ref),
          keys.staffAlertOnce(`identity-locked:${ref}`),
          keys.convInbox(owner),
          keys.convPending(),
        ],
        [owner, BARRED_TTL_S, this.now(), JSON.stringify(item)],
      );
      if (taken === 1) return owner;
    }
    throw new Error(`booking ${ref}: its owner changed ${MAX_TAKE_ATTEMPTS} times while it was being reassigned`);
  }
}
