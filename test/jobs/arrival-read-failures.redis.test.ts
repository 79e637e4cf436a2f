import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../src/bookings/booking.js';
import { LockError } from '../../src/errors.js';
import { READ_FAILING_ALERT_MS, runArrivalSweep, type ArrivalSweepDeps } from '../../src/jobs/arrivals.js';
import type { LockRecords } from '../../src/locks/provider.js';
import { stayWindow } from '../../src/locks/stay-window.js';
import type { StaffAlert } from '../../src/oversight/alerts.js';
import { bookingToday } from '../helpers/checkin.js';
import { demoCatalog } from '../helpers/properties.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

/**
 * A lock whose records cannot be read hides arrivals and wrong codes: after an hour of failed
 * reads staff get one `lock_attention` alert naming the lock and the guests, once per outage
 * however many sweeps run.
 */
const FRONT_DOOR = 1001;
const ROOM_1 = 2001;
const catalog = demoCatalog();
const booking: Booking = { ...bookingToday('READ1'), status: 'active', updatedAt: new Date().toISOString() };
const stay = stayWindow(booking, catalog.property('harbour')!, { earlyMinutes: 0, lateMinutes: 0 });
const MIN = 60_000;

let r: TestRedis | undefined;
afterEach(async () => {
  await r?.cleanup();
  r = undefined;
});

/** The front door's reads fail while `state.failing` is true; the room's always work. */
function setup() {
  r = testRedis();
  const alerts: StaffAlert[] = [];
  const state = { failing: true, raiseFails: 0 };
  const read = async (lockId: number): Promise<LockRecords> => {
    if (lockId === FRONT_DOOR && state.failing) throw new LockError(`lock ${lockId}: TTLock errcode -4043: lock not in this account`, false, lockId);
    return [];
  };
  const sweep = (now: number) =>
    runArrivalSweep({
      upcoming: async () => [booking],
      catalog,
      stayingChat: async () => ({ convKey: 'console:read', codes: ['482913'] }),
      records: read,
      notify: async () => {},
      alerts: {
        raise: async (a) => {
          if (state.raiseFails > 0) {
            state.raiseFails--;
            throw new Error('staff chat away');
          }
          alerts.push(a);
        },
      },
      redis: r!.redis,
      keys: r!.keys,
      welcome: true,
      everyMs: 5 * MIN,
      logger: pino({ level: 'silent' }),
      now: () => now,
    } satisfies ArrivalSweepDeps);
  return { alerts, state, sweep };
}

describe('a lock whose records cannot be read', () => {
  it('one alert after an hour, naming the lock, the error and the guests; not again that outage, though two sweeps run at once', async () => {
    const { alerts, sweep } = setup();
    const t0 = stay.start - 30 * MIN;
    for (let now = t0; now < t0 + READ_FAILING_ALERT_MS; now += 10 * MIN) await sweep(now);
    await sweep(t0 + READ_FAILING_ALERT_MS - MIN);
    expect(alerts).toEqual([]);

    await Promise.all([sweep(t0 + READ_FAILING_ALERT_MS), sweep(t0 + READ_FAILING_ALERT_MS)]);
    await sweep(t0 + READ_FAILING_ALERT_MS + 5 * MIN);
    await sweep(t0 + 3 * READ_FAILING_ALERT_MS);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.kind).toBe('lock_attention');
    expect(alert.detail).toContain(`Lock ${FRONT_DOOR} (the front door of Harbour House)`);
    expect(alert.detail).toContain('could not be read for 1 h 00 min');
    expect(alert.detail).toContain('lock not in this account');
    expect(alert.detail).toContain('arrivals and wrong-code alerts for the guests of Harbour House (READ1 in Room 1)');
    expect(alert.detail).toContain('welcome messages');
    // The room's lock reads fine: nothing about it.
    expect(alert.detail).not.toContain(`Lock ${ROOM_1}`);
  });

  it('a read that works ends the outage: a new hour of failures alerts again', async () => {
    const { alerts, state, sweep } = setup();
    const t0 = stay.start - 30 * MIN;
    await sweep(t0);
    await sweep(t0 + READ_FAILING_ALERT_MS);
    expect(alerts).toHaveLength(1);

    state.failing = false;
    await sweep(t0 + READ_FAILING_ALERT_MS + 5 * MIN);
    expect(await r!.redis.exists(r!.keys.lockReadFailing(FRONT_DOOR))).toBe(0);
    state.failing = true;
    const t1 = t0 + READ_FAILING_ALERT_MS + 10 * MIN;
    await sweep(t1);
    // Counted from the new failure, not the first outage.
    await sweep(t1 + READ_FAILING_ALERT_MS - MIN);
    expect(alerts).toHaveLength(1);
    await sweep(t1 + READ_FAILING_ALERT_MS);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]!.detail).toContain('could not be read for 1 h 00 min');
  });

  it('an alert that could not be raised is raised by the next sweep', async () => {
    const { alerts, state, sweep } = setup();
    const t0 = stay.start - 30 * MIN;
    await sweep(t0);
    state.raiseFails = 1;
    await sweep(t0 + READ_FAILING_ALERT_MS);
    expect(alerts).toEqual([]);
    await sweep(t0 + READ_FAILING_ALERT_MS + 5 * MIN);
    await sweep(t0 + READ_FAILING_ALERT_MS + 10 * MIN);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toContain('could not be read for 1 h 05 min');
  });
});
