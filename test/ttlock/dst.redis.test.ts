import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { bookingToday } from '../helpers/checkin.js';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

let fake: FakeTTLock;
let t: TestRuntime;

beforeAll(async () => {
  fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
  t = await startTestRuntime({ ttlock: { url: fake.url }, env: { PIN_EARLY_MINUTES: '60', PIN_LATE_MINUTES: '30' } });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

/** The last Sunday of a month next year (always in the future). */
function lastSunday(month: number): DateTime {
  const end = DateTime.fromObject({ year: DateTime.now().year + 1, month }, { zone: 'Europe/London' }).endOf('month').startOf('day');
  return end.minus({ days: end.weekday % 7 });
}

async function sentWindow(ref: string): Promise<Array<{ lockId: string; start: number; end: number }>> {
  await t.runtime.issuer.issue(ref);
  return fake
    .calls('/v3/keyboardPwd/add')
    .filter((c) => c.params.keyboardPwdName === `Guest ${ref}`)
    .map((c) => ({ lockId: c.params.lockId!, start: Number(c.params.startDate), end: Number(c.params.endDate) }));
}

describe('the validity sent to TTLock for a Europe/London stay across a clock change', () => {
  it('last Sunday of March (GMT → BST): 15:00 GMT − 1 h early to 11:00 BST + 30 min late', async () => {
    const sunday = lastSunday(3);
    expect(sunday.weekday).toBe(7);
    await t.runtime.bookings.upsert(
      bookingToday('DSTMAR', { checkIn: sunday.minus({ days: 1 }).toISODate()!, checkOut: sunday.plus({ days: 1 }).toISODate()! }),
    );
    const year = sunday.year;
    const start = Date.UTC(year, 2, sunday.day - 1, 14, 0); // Saturday 15:00 GMT = 15:00Z, minus 1 h
    const end = Date.UTC(year, 2, sunday.day + 1, 10, 30); // Monday 11:00 BST = 10:00Z, plus 30 min
    expect(await sentWindow('DSTMAR')).toEqual([
      { lockId: '1001', start, end },
      { lockId: '2001', start, end },
    ]);
    // 44 h on the wall clock, one of them skipped by the clocks, plus 1.5 h of buffers.
    expect(end - start).toBe((44 - 1 + 1.5) * 3_600_000);
  });

  it('last Sunday of October (BST → GMT): 15:00 BST − 1 h early to 11:00 GMT + 30 min late', async () => {
    const sunday = lastSunday(10);
    await t.runtime.bookings.upsert(
      bookingToday('DSTOCT', { checkIn: sunday.minus({ days: 1 }).toISODate()!, checkOut: sunday.plus({ days: 1 }).toISODate()! }),
    );
    const year = sunday.year;
    const start = Date.UTC(year, 9, sunday.day - 1, 13, 0); // Saturday 15:00 BST = 14:00Z, minus 1 h
    const end = Date.UTC(year, 9, sunday.day + 1, 11, 30); // Monday 11:00 GMT = 11:00Z, plus 30 min
    expect(await sentWindow('DSTOCT')).toEqual([
      { lockId: '1001', start, end },
      { lockId: '2001', start, end },
    ]);
    // 44 h on the wall clock, one of them repeated by the clocks, plus 1.5 h of buffers.
    expect(end - start).toBe((44 + 1 + 1.5) * 3_600_000);
  });
});
