import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { checkoutJobId } from '../../src/jobs/queues.js';
import { PROVISION_SWEEP, provisionDueAt } from '../../src/jobs/provision.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { answer, bookingToday, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

const REF = 'EARLY1';
const LATER = 'LATER1';
const CHAT = 'guest';
const FRONT_DOOR = 1001;
const ROOM = 2001;
const HOUR = 3600_000;

let fake: FakeTTLock | undefined;
let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
});

/** A booking arriving in three days: not due with 24 hours ahead. */
function inThreeDays(ref: string) {
  const day = DateTime.now().setZone('Europe/London').startOf('day').plus({ days: 3 });
  return bookingToday(ref, { roomId: 'r2', checkIn: day.toISODate()!, checkOut: day.plus({ days: 1 }).toISODate()! });
}

async function start(env: Record<string, string> = { PIN_PROVISION_AHEAD_HOURS: '24' }, locks = DEMO_LOCKS) {
  fake = await new FakeTTLock({ locks }).start();
  t = await startTestRuntime({ workers: true, bookings: [bookingToday(REF), inThreeDays(LATER)], ttlock: { url: fake.url }, env });
  return { fake, t };
}

const onLock = (f: FakeTTLock, lockId: number, name: string) => f.codes(lockId).filter((c) => c.keyboardPwdName === `Guest ${name}`);

async function provisioned(f: FakeTTLock, rt: TestRuntime): Promise<string> {
  await waitFor(async () => (await rt.runtime.pins.get(REF))?.status === 'ready', 20_000, 'the code made ahead of arrival');
  const front = onLock(f, FRONT_DOOR, REF);
  const room = onLock(f, ROOM, REF);
  expect(front).toHaveLength(1);
  expect(room.map((c) => c.keyboardPwd)).toEqual([front[0]!.keyboardPwd]);
  return front[0]!.keyboardPwd;
}

describe('codes made ahead of arrival (PIN_PROVISION_AHEAD_HOURS)', () => {
  it('the code is on both locks before the guest writes; the chat that proves the booking gets it without another lock operation', async () => {
    const { fake, t } = await start();
    const code = await provisioned(fake, t);
    // Nobody has been told anything: no chat exists yet. Unclaimed, it still comes off after check-out.
    expect(t.log).toEqual([]);
    const checkout = await waitFor(() => t.runtime.cleanupQueue.getJob(checkoutJobId(REF)), 10_000, 'the removal after check-out');
    expect(await checkout.getState()).toBe('delayed');
    const opsBefore = fake.requests.filter((r) => r.path !== '/v3/lock/listKeyboardPwd' && r.path !== '/oauth2/token').length;

    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await waitFor(() => t.sent(CHAT).some((m) => pinIn(m) !== undefined), 10_000, 'the PIN');
    expect(t.sent(CHAT).map(pinIn).filter(Boolean)).toEqual([code]);
    // Proof and confirm touched no lock: the PIN job found the code ready.
    expect(fake.requests.filter((r) => r.path !== '/v3/lock/listKeyboardPwd' && r.path !== '/oauth2/token')).toHaveLength(opsBefore);
    // The booking three days away is not due yet.
    expect(await t.runtime.pins.get(LATER)).toBeUndefined();
    expect(fake.codes(2002)).toEqual([]);
    expect(await t.alerts()).toEqual([]);
  });

  it('a chat that has not proven the booking is not given the code made ahead', async () => {
    const { fake, t } = await start();
    await provisioned(fake, t);
    await answer(t, CHAT, [REF, 'Someone Else', '+447400999888', 'other@example.com']);
    await t.quiet(CHAT);
    expect(t.sent(CHAT).some((m) => pinIn(m) !== undefined)).toBe(false);
    expect((await t.alerts()).map((a) => a.kind)).toContain('identity_mismatch');
  });

  it('a booking cancelled before arrival loses its code; one whose stay changes has it changed in place', async () => {
    const { fake, t } = await start();
    const code = await provisioned(fake, t);
    const later = DateTime.now().setZone('Europe/London').startOf('day').plus({ days: 3 }).toISODate()!;
    await t.runtime.bookingService.upsert(bookingToday(REF, { checkOut: later }));
    await waitFor(() => onLock(fake, ROOM, REF)[0]?.endDate === DateTime.fromISO(`${later}T11:00`, { zone: 'Europe/London' }).toMillis(), 20_000, 'the new check-out on the room lock');
    await waitFor(() => onLock(fake, FRONT_DOOR, REF)[0]?.endDate === onLock(fake, ROOM, REF)[0]?.endDate, 20_000, 'the new check-out on the front door');
    expect(fake.calls('/v3/keyboardPwd/change')).toHaveLength(2);
    expect(fake.calls('/v3/keyboardPwd/add')).toHaveLength(2);
    expect([...onLock(fake, FRONT_DOOR, REF), ...onLock(fake, ROOM, REF)].map((c) => c.keyboardPwd)).toEqual([code, code]);

    await t.runtime.bookingService.cancel(REF);
    await waitFor(() => onLock(fake, FRONT_DOOR, REF).length + onLock(fake, ROOM, REF).length === 0, 20_000, 'the codes to come off');
    await waitFor(async () => (await t.runtime.pins.get(REF)) === undefined, 10_000, 'the PIN record to go');
    expect(await t.alerts()).toEqual([]);
  });

  it('off by default: no code is made before a chat proves the booking', async () => {
    const { fake, t } = await start({});
    await new Promise((r) => setTimeout(r, 1_500));
    expect(fake.calls('/v3/keyboardPwd/add')).toEqual([]);
    expect(await t.runtime.pins.get(REF)).toBeUndefined();
    expect(await t.runtime.provisionQueue.getJobSchedulersCount()).toBe(0);
  });

  it('a full lock: expired guest codes of ours make room; foreign codes are left and staff told', async () => {
    const small = DEMO_LOCKS.map((l) => (l.lockId === ROOM ? { ...l, capacity: 3 } : l));
    fake = await new FakeTTLock({ locks: small }).start();
    const past = Date.now() - 3 * 24 * HOUR;
    fake.seedCode(ROOM, { keyboardPwd: '111222', keyboardPwdName: 'Guest OLD1', startDate: past, endDate: past + HOUR });
    fake.seedCode(ROOM, { keyboardPwd: '333444', keyboardPwdName: 'Cleaner' });
    fake.seedCode(ROOM, { keyboardPwd: '555666', keyboardPwdName: 'Owner', endDate: past + HOUR });
    t = await startTestRuntime({ workers: true, bookings: [bookingToday(REF)], ttlock: { url: fake.url }, env: { PIN_PROVISION_AHEAD_HOURS: '24' } });
    await provisioned(fake, t);
    // The expired guest code went; staff's codes (even an expired one) stayed.
    expect(fake.codes(ROOM).map((c) => c.keyboardPwdName).sort()).toEqual(['Cleaner', `Guest ${REF}`, 'Owner']);
    expect(await t.alerts()).toEqual([]);

    // Full again, with staff's codes and a guest's current one: nothing may go, and staff hear why.
    await t.runtime.bookings.upsert(bookingToday('FULL1', { guestName: 'Sam Lee' }));
    await PROVISION_SWEEP.runNow(t.runtime.provisionQueue);
    const alert = await waitFor(async () => (await t!.alerts()).find((a) => a.kind === 'pin_failed'), 20_000, 'the staff alert');
    expect(alert.ref).toBe('FULL1');
    expect(alert.detail).toContain(`lock ${ROOM}: the lock has no space left for custom passcodes (-3009)`);
    expect(alert.detail).toContain('npm run locks -- list');
    expect(alert.detail).toContain('None of its codes is an expired guest code');
  });
});

describe('provisionDueAt', () => {
  it('spreads bookings over the first half of the hours ahead, and keeps each booking in its slot', () => {
    const checkIn = Date.UTC(2026, 11, 24, 15);
    const dues = Array.from({ length: 200 }, (_, i) => provisionDueAt(`REF${i}`, checkIn, 24 * HOUR));
    expect(Math.min(...dues)).toBeGreaterThanOrEqual(checkIn - 24 * HOUR);
    expect(Math.max(...dues)).toBeLessThan(checkIn - 12 * HOUR);
    // Spread, not bunched: every two-hour slice of the twelve hours gets some.
    const slices = new Set(dues.map((d) => Math.floor((d - (checkIn - 24 * HOUR)) / (2 * HOUR))));
    expect(slices).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(provisionDueAt('REF7', checkIn, 24 * HOUR)).toBe(dues[7]);
  });
});
