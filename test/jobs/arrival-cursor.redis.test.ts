import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../src/bookings/booking.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { runArrivalSweep, type ArrivalSweepDeps } from '../../src/jobs/arrivals.js';
import type { LockRecord, LockRecords } from '../../src/locks/provider.js';
import { stayWindow } from '../../src/locks/stay-window.js';
import { demoCatalog } from '../helpers/properties.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';
import { bookingToday } from '../helpers/checkin.js';

/**
 * The locks' records arrive late (a gateway offline for an hour uploads them when it is back) and
 * a read can stop at its page limit: neither may lose the guest's first opening.
 */
const FRONT_DOOR = 1001;
const CODE = '482913';
const catalog = demoCatalog();
const booking: Booking = { ...bookingToday('LATE1'), status: 'active', updatedAt: new Date().toISOString() };
const stay = stayWindow(booking, catalog.property('harbour')!, { earlyMinutes: 0, lateMinutes: 0 });

let r: TestRedis | undefined;
afterEach(async () => {
  await r?.cleanup();
  r = undefined;
});

function deps(now: number, records: (lockId: number, since: number, until: number) => Promise<LockRecords>, told: FlowEvent[]): ArrivalSweepDeps {
  r ??= testRedis();
  return {
    upcoming: async () => [booking],
    catalog,
    stayingChat: async () => ({ convKey: 'console:late', codes: [CODE] }),
    records,
    notify: async (_convKey, event) => void told.push(event),
    alerts: { raise: async () => {} },
    redis: r.redis,
    keys: r.keys,
    welcome: false,
    everyMs: 5 * 60_000,
    logger: pino({ level: 'silent' }),
    now: () => now,
  };
}

const opening = (id: string, at: number): LockRecord => ({ id, lockId: FRONT_DOOR, at, kind: 'opened', code: CODE });

describe('lock records that reach the cloud late', () => {
  it('an opening uploaded an hour after it happened is still read by the next sweep', async () => {
    const told: FlowEvent[] = [];
    // All that the cloud holds, and when each record reached it.
    const opened = stay.start + 30 * 60_000;
    const uploaded: Array<{ record: LockRecord; from: number }> = [{ record: opening('r1', opened), from: opened + 60 * 60_000 }];
    const cloud = (now: number) => async (_lockId: number, since: number, until: number) =>
      uploaded.filter((u) => u.from <= now && u.record.at >= since && u.record.at <= until).map((u) => u.record);
    // Sweeps every 5 minutes while the gateway is offline: nothing yet.
    for (let now = opened + 5 * 60_000; now < opened + 60 * 60_000; now += 5 * 60_000) await runArrivalSweep(deps(now, cloud(now), told));
    expect(told).toEqual([]);
    const now = opened + 62 * 60_000;
    expect((await runArrivalSweep(deps(now, cloud(now), told))).arrived).toEqual(['LATE1']);
    expect(told.map((e) => e.type)).toEqual(['guestArrived']);
  });
});

describe('a read that stopped at its page limit', () => {
  it('leaves the cursor where it was (the next sweep reads that window again), and a whole read moves it', async () => {
    const told: FlowEvent[] = [];
    const t0 = stay.start + 10 * 60_000;
    const asked: number[] = [];
    const partial = async (lockId: number, since: number) => {
      if (lockId === FRONT_DOOR) asked.push(since);
      return Object.assign([] as LockRecord[], { truncated: true });
    };
    await runArrivalSweep(deps(t0, async () => [], told));
    const cursor = await r!.redis.get(r!.keys.lockRecordCursor(FRONT_DOOR));
    expect(cursor).toBe(String(t0));

    await runArrivalSweep(deps(t0 + 5 * 60_000, partial, told));
    expect(await r!.redis.get(r!.keys.lockRecordCursor(FRONT_DOOR))).toBe(cursor);
    await runArrivalSweep(deps(t0 + 10 * 60_000, partial, told));
    // Both partial reads started from the same point.
    expect(asked).toHaveLength(2);
    expect(asked[0]).toBe(asked[1]);

    await runArrivalSweep(deps(t0 + 15 * 60_000, async () => [opening('r9', t0 + 12 * 60_000)], told));
    expect(await r!.redis.get(r!.keys.lockRecordCursor(FRONT_DOOR))).toBe(String(t0 + 15 * 60_000));
    expect(told.map((e) => e.type)).toEqual(['guestArrived']);
  });
});
