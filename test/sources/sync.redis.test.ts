import { afterEach, describe, expect, it } from 'vitest';
import { enqueuePinJob } from '../../src/jobs/queues.js';
import { FakeIcalServer } from '../fakes/ical-server.js';
import { catalogWithFeeds, day, sourceOf, withTestSync } from '../helpers/feeds.js';
import { startTestRuntime, waitFor, type TestRuntime, type TestRuntimeOptions } from '../helpers/runtime.js';

/**
 * Issue 17: bookings from the rooms' iCal feeds (Airbnb, Vrbo, Booking.com), through the booking
 * service, so door codes move and come off as for any other change.
 */

let fake: FakeIcalServer | undefined;
let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
});

const FRONT_DOOR = 1001;
const ROOM_1 = 2001;

async function start(feeds: { r1?: string[]; r2?: string[] }, opts: TestRuntimeOptions = {}): Promise<TestRuntime> {
  t = await startTestRuntime({ catalog: catalogWithFeeds(feeds), configure: withTestSync(), ...opts });
  return t;
}

const codesOf = async (rt: TestRuntime, lockId: number, ref: string) => (await rt.codes(lockId)).filter((c) => c.name.includes(ref));

describe('a sync of the rooms\' feeds', () => {
  it('creates a booking per stay, owned by its feed; blocks and Booking.com\'s closed nights make none; a second sync writes nothing', async () => {
    fake = await FakeIcalServer.start();
    const airbnb = fake.feed('airbnb-r1', 'airbnb', [
      { code: 'HMAAAA0001', checkIn: day(3), checkOut: day(6), last4: '4821' },
      { code: 'HMAAAA0002', checkIn: day(8), checkOut: day(9), last4: '1234' },
      { checkIn: day(9), checkOut: day(60), blocked: true },
    ]);
    const vrbo = fake.feed('vrbo-r2', 'vrbo', [
      { uid: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Anna', checkIn: day(2), checkOut: day(4) },
      { checkIn: day(4), checkOut: day(5), blocked: true },
    ]);
    const booking = fake.feed('booking-r1', 'booking', [{ checkIn: day(3), checkOut: day(6) }, { checkIn: day(10), checkOut: day(12) }]);
    const rt = await start({ r1: [airbnb, booking], r2: [vrbo] });

    const report = await rt.runtime.bookingSync.run();
    expect(report.busy).toBe(false);
    expect(report.sources.map((s) => [s.outcome, s.created.map((c) => c.ref), s.ignored])).toEqual([
      ['synced', ['HMAAAA0001', 'HMAAAA0002'], 1],
      ['synced', [], 2],
      ['synced', [expect.stringMatching(/^IC[0-9A-Z]{10}$/)], 1],
    ]);
    const vrboRef = report.sources[2]!.created[0]!.ref;

    expect(await rt.runtime.bookings.get('HMAAAA0001')).toMatchObject({
      ref: 'HMAAAA0001',
      propertyId: 'harbour',
      roomId: 'r1',
      checkIn: day(3),
      checkOut: day(6),
      guestName: 'Airbnb guest',
      guestNameUnknown: true,
      guestPhone: '•••• 4821',
      status: 'active',
      source: sourceOf(airbnb),
    });
    const anna = await rt.runtime.bookings.get(vrboRef);
    expect(anna).toMatchObject({ guestName: 'Anna', roomId: 'r2', checkIn: day(2), checkOut: day(4), source: sourceOf(vrbo) });
    expect(anna).not.toHaveProperty('guestNameUnknown');
    expect((await rt.runtime.bookings.list()).map((b) => b.ref).sort()).toEqual(['HMAAAA0001', 'HMAAAA0002', vrboRef].sort());

    const before = await rt.runtime.bookings.list();
    const again = await rt.runtime.bookingSync.run();
    expect(again.sources.map((s) => [s.created.length, s.changed.length, s.cancelled.length, s.unchanged])).toEqual([
      [0, 0, 0, 2],
      [0, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
    expect(await rt.runtime.bookings.list()).toEqual(before);
    expect(await rt.alerts()).toEqual([]);
  });

  it('new dates in the feed move the issued code through the usual path: same digits, new window on both locks', { timeout: 30_000 }, async () => {
    fake = await FakeIcalServer.start();
    const url = fake.feed('airbnb', 'airbnb', [{ code: 'HMMOVE0001', checkIn: day(0), checkOut: day(2), last4: '4821' }]);
    const rt = await start({ r1: [url] }, { workers: true });
    await rt.runtime.bookingSync.run();
    await enqueuePinJob(rt.runtime.queues.pin, 'HMMOVE0001');
    await waitFor(async () => (await rt.runtime.pins.get('HMMOVE0001'))?.status === 'ready', 15_000, 'the PIN');
    const issued = (await rt.runtime.pins.get('HMMOVE0001'))!;
    expect((await codesOf(rt, ROOM_1, 'HMMOVE0001')).map((c) => c.end)).toEqual([issued.end]);

    fake.put('airbnb', { code: 'HMMOVE0001', checkIn: day(0), checkOut: day(4), last4: '4821' });
    const report = await rt.runtime.bookingSync.run();
    expect(report.sources[0]!.changed).toEqual([
      expect.objectContaining({ ref: 'HMMOVE0001', checkOut: day(4), what: ['dates'], was: expect.objectContaining({ checkOut: day(2) }) }),
    ]);
    expect((await rt.runtime.bookings.get('HMMOVE0001'))?.checkOut).toBe(day(4));

    const moved = await waitFor(
      async () => {
        const pin = await rt.runtime.pins.get('HMMOVE0001');
        return pin && pin.status === 'ready' && pin.end > issued.end ? pin : undefined;
      },
      15_000,
      'the PIN to move',
    );
    expect(moved.code).toBe(issued.code);
    expect(moved.start).toBe(issued.start);
    for (const lock of [FRONT_DOOR, ROOM_1]) {
      await waitFor(async () => (await codesOf(rt, lock, 'HMMOVE0001')).every((c) => c.end === moved.end), 10_000, `lock ${lock} to have the new window`);
      expect((await codesOf(rt, lock, 'HMMOVE0001')).map((c) => ({ code: c.code, start: c.start, end: c.end }))).toEqual([
        { code: issued.code, start: moved.start, end: moved.end },
      ]);
    }
  });

  it('a stay gone from the feed is cancelled and its codes come off; one gone after its check-out is not', { timeout: 30_000 }, async () => {
    fake = await FakeIcalServer.start();
    const url = fake.feed('vrbo', 'vrbo', [
      { uid: 'stay-cancelled', name: 'Cy', checkIn: day(0), checkOut: day(2) },
      { uid: 'stay-kept', name: 'Kay', checkIn: day(5), checkOut: day(7) },
    ]);
    const rt = await start({ r1: [url] }, { workers: true });
    const created = (await rt.runtime.bookingSync.run()).sources[0]!.created.map((c) => c.ref);
    expect(created).toHaveLength(2);
    const [gone, kept] = created as [string, string];
    // A past stay of this feed (its booking written when it was upcoming), which the feed no longer lists.
    await rt.runtime.bookings.upsertIf(
      { ref: 'PASTSTAY1', guestName: 'Pat', propertyId: 'harbour', roomId: 'r1', checkIn: day(-4), checkOut: day(-1) },
      { source: sourceOf(url) },
      () => true,
    );
    await enqueuePinJob(rt.runtime.queues.pin, gone);
    await waitFor(async () => (await rt.runtime.pins.get(gone))?.status === 'ready', 15_000, 'the PIN');
    expect(await codesOf(rt, ROOM_1, gone)).toHaveLength(1);

    fake.remove('vrbo', 'stay-cancelled');
    const report = await rt.runtime.bookingSync.run();
    expect(report.sources[0]!.cancelled.map((c) => c.ref)).toEqual([gone]);
    expect((await rt.runtime.bookings.get(gone))?.status).toBe('cancelled');
    expect((await rt.runtime.bookings.get(kept))?.status).toBe('active');
    expect((await rt.runtime.bookings.get('PASTSTAY1'))?.status).toBe('active');

    await waitFor(async () => (await codesOf(rt, FRONT_DOOR, gone)).length === 0 && (await codesOf(rt, ROOM_1, gone)).length === 0, 15_000, 'the codes to come off');
    await waitFor(async () => (await rt.runtime.pins.get(gone)) === undefined, 10_000, 'the PIN record to go');
    // Cancelled by its feed, it stays the feed's: listed again, it comes back.
    fake.put('vrbo', { uid: 'stay-cancelled', name: 'Cy', checkIn: day(0), checkOut: day(2) });
    const back = await rt.runtime.bookingSync.run();
    expect(back.sources[0]!.changed).toEqual([expect.objectContaining({ ref: gone, what: ['revived'] })]);
    expect((await rt.runtime.bookings.get(gone))?.status).toBe('active');
  });

  it('a past stay in the feed is not written', async () => {
    fake = await FakeIcalServer.start();
    const url = fake.feed('airbnb', 'airbnb', [{ code: 'HMPAST0001', checkIn: day(-5), checkOut: day(-2) }]);
    const rt = await start({ r1: [url] });
    const report = await rt.runtime.bookingSync.run();
    expect(report.sources[0]).toMatchObject({ created: [], ended: 1 });
    expect(await rt.runtime.bookings.get('HMPAST0001')).toBeUndefined();
  });
});

describe('bookings a feed does not own', () => {
  it('a booking from the admin API in the same room, or under a ref the feed lists, is never touched', async () => {
    fake = await FakeIcalServer.start();
    const url = fake.feed('airbnb', 'airbnb', [
      { code: 'HMFEED0001', checkIn: day(3), checkOut: day(5) },
      { code: 'HMSAME0001', checkIn: day(10), checkOut: day(12) },
    ]);
    const rt = await start({ r1: [url] });
    const admin = { guestName: 'Jane Smith', propertyId: 'harbour', roomId: 'r1', guestPhone: '+447400123456' };
    await rt.runtime.bookingService.upsert({ ref: 'ADMIN1', checkIn: day(3), checkOut: day(5), ...admin });
    await rt.runtime.bookingService.upsert({ ref: 'HMSAME0001', checkIn: day(20), checkOut: day(22), ...admin });
    const before = { admin1: await rt.runtime.bookings.get('ADMIN1'), same: await rt.runtime.bookings.get('HMSAME0001') };

    const report = await rt.runtime.bookingSync.run();
    expect(report.sources[0]).toMatchObject({ created: [expect.objectContaining({ ref: 'HMFEED0001' })], foreign: ['HMSAME0001'], cancelled: [] });
    expect(await rt.runtime.bookings.get('ADMIN1')).toEqual(before.admin1);
    expect(await rt.runtime.bookings.get('HMSAME0001')).toEqual(before.same);

    // Saved by a person, a feed's booking is theirs: the feed no longer changes or cancels it.
    await rt.runtime.bookingService.upsert({ ref: 'HMFEED0001', checkIn: day(3), checkOut: day(5), ...admin });
    fake.setStays('airbnb', [
      { code: 'HMSAME0001', checkIn: day(10), checkOut: day(12) },
      { code: 'HMNEW00001', checkIn: day(30), checkOut: day(31) },
    ]);
    const after = await rt.runtime.bookingSync.run();
    expect(after.sources[0]).toMatchObject({ cancelled: [], changed: [] });
    expect(await rt.runtime.bookings.get('HMFEED0001')).toMatchObject({ status: 'active', guestName: 'Jane Smith' });
    expect(await rt.runtime.bookings.get('HMFEED0001')).not.toHaveProperty('source');
    expect(await rt.runtime.bookings.get('ADMIN1')).toEqual(before.admin1);
  });

  it('a booking cancelled through the admin API is not brought back by its feed', async () => {
    fake = await FakeIcalServer.start();
    const url = fake.feed('airbnb', 'airbnb', [{ code: 'HMSTAFF001', checkIn: day(3), checkOut: day(5) }]);
    const rt = await start({ r1: [url] });
    await rt.runtime.bookingSync.run();
    await rt.runtime.bookingService.cancel('HMSTAFF001');
    const report = await rt.runtime.bookingSync.run();
    expect(report.sources[0]!.foreign).toEqual(['HMSTAFF001']);
    expect((await rt.runtime.bookings.get('HMSTAFF001'))?.status).toBe('cancelled');
  });

  it('a feed whose link was reset takes over the bookings of the old link it lists again', async () => {
    fake = await FakeIcalServer.start();
    const url = fake.feed('airbnb', 'airbnb', [{ code: 'HMRESET001', checkIn: day(3), checkOut: day(5) }]);
    const rt = await start({ r1: [url] });
    await rt.runtime.bookings.upsertIf(
      { ref: 'HMRESET001', guestName: 'Airbnb guest', propertyId: 'harbour', roomId: 'r1', checkIn: day(3), checkOut: day(5) },
      { source: 'ical:0123456789ab', guestNameUnknown: true },
      () => true,
    );
    const report = await rt.runtime.bookingSync.run();
    expect(report.sources[0]!.changed).toEqual([expect.objectContaining({ ref: 'HMRESET001', what: ['guest', 'adopted'] })]);
    expect((await rt.runtime.bookings.get('HMRESET001'))?.source).toBe(sourceOf(url));
  });
});
