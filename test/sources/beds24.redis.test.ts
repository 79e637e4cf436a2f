import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueuePinJob } from '../../src/jobs/queues.js';
import { Beds24Source } from '../../src/sources/beds24/source.js';
import { formatReport, type SyncReport } from '../../src/sources/report.js';
import { FakeBeds24Server } from '../fakes/beds24-server.js';
import { FakeIcalServer } from '../fakes/ical-server.js';
import { B24, b24Booking, catalogWithBeds24, withBeds24 } from '../helpers/beds24.js';
import { day, sourceOf } from '../helpers/feeds.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

/**
 * Issue 17 (1b): Beds24 API v2 as a booking source, against a fake Beds24 that speaks its wire
 * format: a shared token, modified-since pages, cancellations by status, blocks, unmapped rooms.
 */

let fake: FakeBeds24Server | undefined;
let ical: FakeIcalServer | undefined;
let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
  await ical?.close();
  ical = undefined;
});

const FRONT_DOOR = 1001;
const ROOM_1 = 2001;
const BEDS24 = 'beds24:account';

async function start(opts: { feeds?: { r1?: string[]; r2?: string[] }; workers?: boolean } = {}): Promise<{ rt: TestRuntime; b24: FakeBeds24Server }> {
  fake ??= await FakeBeds24Server.start();
  t = await startTestRuntime({ catalog: catalogWithBeds24(opts.feeds), configure: withBeds24(fake), workers: opts.workers ?? false });
  return { rt: t, b24: fake };
}

const beds24Of = (report: SyncReport) => report.sources.find((s) => s.source === 'Beds24')!;
const ref = (id: number) => String(id);
const codesOf = async (rt: TestRuntime, lockId: number, r: string) => (await rt.codes(lockId)).filter((c) => c.name.includes(r));

/** A second process's source: the same Redis keys, its own HTTP client and in-process state. */
function secondSource(rt: TestRuntime, b24: FakeBeds24Server, now?: () => number): Beds24Source {
  return new Beds24Source({
    refreshToken: b24.refreshToken,
    baseUrl: b24.baseUrl,
    timeoutMs: 2_000,
    catalog: rt.catalog,
    redis: rt.redis,
    keys: rt.keys,
    logger: pino({ level: 'silent' }),
    overlapMs: 0,
    ...(now ? { now } : {}),
  });
}

describe('the Beds24 access token', () => {
  it('is fetched once and shared through Redis by every source instance; a 401 gets one fresh token and the read goes on', async () => {
    const { rt, b24 } = await start();
    b24.put(b24Booking(2, 4));
    expect(beds24Of(await rt.runtime.bookingSync.run())).toMatchObject({ outcome: 'synced', created: [expect.anything()] });
    expect(b24.tokenRequests()).toBe(1);
    expect(await rt.redis.pttl(rt.keys.beds24Token())).toBeGreaterThan(0);

    // Another process's source uses the stored token: no second refresh.
    await secondSource(rt, b24).read();
    expect(b24.tokenRequests()).toBe(1);
    const [first, second] = b24.bookingRequests();
    expect(second!.token).toBe(first!.token);

    // Beds24 stops taking it (expired early, revoked): one refresh, the same request again, and the sync succeeds.
    b24.expireTokens();
    const before = b24.bookingRequests().length;
    expect(beds24Of(await rt.runtime.bookingSync.run()).outcome).toBe('synced');
    expect(b24.tokenRequests()).toBe(2);
    // The read again with the fresh token, then the booking here it did not list, by id.
    expect(b24.bookingRequests().slice(before).map((r) => r.status)).toEqual([401, 200, 200]);
  });

  it('is refreshed before it expires, not after a request failed', async () => {
    const { rt, b24 } = await start();
    let now = Date.now();
    const source = secondSource(rt, b24, () => now);
    await source.read();
    expect(b24.tokenRequests()).toBe(1);
    now += 23 * 3600_000; // an hour left of 24: still used
    await source.read();
    expect(b24.tokenRequests()).toBe(1);
    now += 3600_000 - 10 * 60_000; // ten minutes left: renewed first
    await source.read();
    expect(b24.tokenRequests()).toBe(2);
    expect(b24.bookingRequests().every((r) => r.status === 200)).toBe(true);
  });

  it('a refused refresh token: staff hear at once and once, Beds24 is not asked again, and its bookings stay', async () => {
    const { rt, b24 } = await start();
    const booking = b24Booking(2, 4);
    b24.put(booking);
    await rt.runtime.bookingSync.run();
    const before = await rt.runtime.bookings.get(ref(booking.id));
    expect(before?.status).toBe('active');

    b24.refuseRefreshToken();
    b24.expireTokens();
    const report = beds24Of(await rt.runtime.bookingSync.run({ force: true }));
    expect(report.outcome).toBe('failed');
    expect(report.error).toMatch(/refuses the refresh token/);
    const refused = (await rt.alerts()).filter((a) => a.detail.includes('refuses the refresh token'));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.detail).toMatch(/Booking source Beds24 stopped/);

    const asked = b24.requests.length;
    expect(beds24Of(await rt.runtime.bookingSync.run({ force: true })).outcome).toBe('failed');
    expect(b24.requests.length).toBe(asked);
    expect((await rt.alerts()).filter((a) => a.detail.includes('refuses the refresh token'))).toHaveLength(1);
    expect(await rt.runtime.bookings.get(ref(booking.id))).toEqual(before);
  });
});

describe('reading what changed', () => {
  it('reads everything first, page by page, then only what was modified since; the cursor moves only once a read was applied', async () => {
    const { rt, b24 } = await start();
    b24.pageSize = 2;
    const stays = [b24Booking(1, 3), b24Booking(3, 5), b24Booking(5, 7), b24Booking(7, 9, { roomId: B24.r2 }), b24Booking(9, 11)];
    b24.put(...stays);

    const first = beds24Of(await rt.runtime.bookingSync.run());
    expect(first.created.map((c) => c.ref).sort()).toEqual(stays.map((s) => ref(s.id)).sort());
    expect(b24.bookingRequests().map((r) => [r.query.get('page'), r.query.has('modifiedFrom')])).toEqual([
      [null, false],
      ['2', false],
      ['3', false],
    ]);
    // Cancelled ones are asked for (Beds24 leaves them out by default), and stays under way too.
    expect(b24.bookingRequests()[0]!.query.getAll('status')).toContain('cancelled');
    expect(b24.bookingRequests()[0]!.query.get('departureFrom')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await rt.runtime.bookings.get(ref(stays[3]!.id))).toMatchObject({ roomId: 'r2', source: BEDS24, guestPhone: '+447400123456', guestEmail: 'anna@example.com' });
    const cursor = await rt.redis.get(rt.keys.beds24Cursor());
    expect(cursor).not.toBeNull();

    // One booking moves: only it is listed and changed; the others, not listed, are not cancelled.
    b24.update(stays[0]!.id, { departure: day(4) });
    const second = beds24Of(await rt.runtime.bookingSync.run());
    const since = b24.bookingRequests().at(-1)!.query.get('modifiedFrom');
    expect(since).toBe(`${new Date(JSON.parse(cursor!).at).toISOString().slice(0, 19)}`);
    expect(second).toMatchObject({ created: [], cancelled: [], changed: [expect.objectContaining({ ref: ref(stays[0]!.id), what: ['dates'] })] });
    expect((await rt.runtime.bookings.list()).filter((b) => b.status === 'active')).toHaveLength(5);
    const cursorAfterSecond = await rt.redis.get(rt.keys.beds24Cursor());
    expect(cursorAfterSecond).not.toBe(cursor);

    // Two change, over two pages, and the second page fails: nothing of the read is applied and the cursor stays.
    b24.pageSize = 1;
    b24.update(stays[1]!.id, { departure: day(6) });
    b24.update(stays[2]!.id, { firstName: 'Berta' });
    b24.failBookings(500, 2);
    const failed = beds24Of(await rt.runtime.bookingSync.run());
    expect(failed.outcome).toBe('failed');
    expect((await rt.runtime.bookings.get(ref(stays[1]!.id)))?.checkOut).toBe(day(5));
    expect(await rt.redis.get(rt.keys.beds24Cursor())).toBe(cursorAfterSecond);

    // The next try reads the same changes again and applies them.
    const retried = beds24Of(await rt.runtime.bookingSync.run({ force: true }));
    expect(retried.changed.map((c) => c.ref).sort()).toEqual([ref(stays[1]!.id), ref(stays[2]!.id)].sort());
    expect((await rt.runtime.bookings.get(ref(stays[2]!.id)))?.guestName).toBe('Berta Schmidt');
    expect(await rt.redis.get(rt.keys.beds24Cursor())).not.toBe(cursorAfterSecond);
  });

  it('low credits (either header names) stop the paging and pause every process until the window resets; what was read is applied', async () => {
    const { rt, b24 } = await start();
    b24.pageSize = 1;
    b24.headerStyle = 'spec';
    b24.credits = 12;
    const stays = [b24Booking(1, 3), b24Booking(3, 5), b24Booking(5, 7)];
    b24.put(...stays);
    const report = beds24Of(await rt.runtime.bookingSync.run());
    expect(report.outcome).toBe('synced');
    expect(report.created.map((c) => c.ref)).toEqual([ref(stays[0]!.id), ref(stays[1]!.id)]);
    expect(b24.bookingRequests()).toHaveLength(2);
    expect(await rt.redis.pttl(rt.keys.beds24Pause())).toBeGreaterThan(0);
    // Only the cursor waits for the last page.
    expect(await rt.redis.get(rt.keys.beds24Cursor())).toBeNull();

    const again = beds24Of(await rt.runtime.bookingSync.run({ force: true }));
    expect(again.error).toMatch(/waiting for Beds24's credit limit/);
    expect(b24.bookingRequests()).toHaveLength(2);
  });

  it('a read cut short goes on where it stopped (one page back, the same window) once the credits reset, and only then moves the cursor', async () => {
    const { rt, b24 } = await start();
    b24.pageSize = 1;
    const stays = [b24Booking(1, 3), b24Booking(3, 5), b24Booking(5, 7), b24Booking(7, 9), b24Booking(9, 11)];
    b24.put(...stays);
    b24.credits = 12; // two pages, then the reserve
    await rt.runtime.bookingSync.run();
    const first = b24.bookingRequests().map((r) => r.query);
    expect(first.map((q) => q.get('page'))).toEqual([null, '2']);

    // The window resets; the next sync reads on from page 2 (one page of overlap) with the first read's window.
    await rt.redis.del(rt.keys.beds24Pause());
    b24.credits = 12;
    const resumedAt = Date.now();
    await rt.runtime.bookingSync.run({ force: true });
    const second = b24.bookingRequests().slice(2).map((r) => r.query);
    expect(second.map((q) => q.get('page'))).toEqual(['2', '3']);
    expect(second.every((q) => q.get('departureFrom') === first[0]!.get('departureFrom') && !q.has('modifiedFrom'))).toBe(true);
    expect(await rt.redis.get(rt.keys.beds24Cursor())).toBeNull();

    await rt.redis.del(rt.keys.beds24Pause());
    b24.credits = 100;
    const last = beds24Of(await rt.runtime.bookingSync.run({ force: true }));
    expect(last.outcome).toBe('synced');
    const third = b24.bookingRequests().slice(4).map((r) => r.query);
    expect(third.map((q) => q.get('page'))).toEqual(['3', '4', '5', null]);
    // Then the bookings here this part did not list, by id (one moved out of the mapped properties would show there).
    expect(third[3]!.getAll('id').sort()).toEqual([ref(stays[0]!.id), ref(stays[1]!.id)].sort());
    expect(third[3]!.has('propertyId')).toBe(false);
    expect((await rt.runtime.bookings.list()).map((b) => b.ref).sort()).toEqual(stays.map((s) => ref(s.id)).sort());
    // The cursor is when the whole read began, not when its last part was read.
    const cursor = JSON.parse((await rt.redis.get(rt.keys.beds24Cursor()))!) as { at: number };
    expect(cursor.at).toBeLessThan(resumedAt);
    expect(await rt.redis.get(rt.keys.beds24Progress())).toBeNull();
  });
});

describe('what Beds24 says about a booking', () => {
  it('cancelled: the booking is cancelled through the booking service and its codes come off both locks', { timeout: 30_000 }, async () => {
    const { rt, b24 } = await start({ workers: true });
    const gone = b24Booking(0, 2);
    const kept = b24Booking(4, 6);
    b24.put(gone, kept);
    await rt.runtime.bookingSync.run();
    await enqueuePinJob(rt.runtime.queues.pin, ref(gone.id));
    await waitFor(async () => (await rt.runtime.pins.get(ref(gone.id)))?.status === 'ready', 15_000, 'the PIN');
    expect(await codesOf(rt, ROOM_1, ref(gone.id))).toHaveLength(1);

    b24.update(gone.id, { status: 'cancelled' });
    const report = beds24Of(await rt.runtime.bookingSync.run());
    expect(report.cancelled.map((c) => c.ref)).toEqual([ref(gone.id)]);
    expect((await rt.runtime.bookings.get(ref(gone.id)))?.status).toBe('cancelled');
    expect((await rt.runtime.bookings.get(ref(kept.id)))?.status).toBe('active');
    await waitFor(async () => (await codesOf(rt, FRONT_DOOR, ref(gone.id))).length === 0 && (await codesOf(rt, ROOM_1, ref(gone.id))).length === 0, 15_000, 'the codes to come off');
  });

  it('a block makes no booking; a booking in a room nobody mapped makes none, and staff hear of it once, by its Beds24 id', async () => {
    const { rt, b24 } = await start();
    const block = b24Booking(3, 10, { status: 'black', firstName: undefined, lastName: undefined });
    const unmapped = b24Booking(3, 5, { roomId: B24.unmapped });
    b24.put(block, unmapped);
    const report = beds24Of(await rt.runtime.bookingSync.run());
    expect(report).toMatchObject({ created: [], ignored: 1, unreadable: [ref(unmapped.id)] });
    expect(await rt.runtime.bookings.list()).toEqual([]);

    // Read again (its mapping unchanged, Beds24 lists it again after a change): still one alert.
    b24.update(unmapped.id, { firstName: 'Berta' });
    await rt.runtime.bookingSync.run();
    const alerts = (await rt.alerts()).filter((a) => a.detail.includes(`Beds24 booking ${unmapped.id}`));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toMatch(new RegExp(`room ${B24.unmapped}`));
    expect(await rt.runtime.bookings.list()).toEqual([]);
  });

  it('a booking moved in Beds24 to an unmapped room, or out of the mapped properties: staff hear its code still opens the old room, naming it', async () => {
    const { rt, b24 } = await start();
    const toRoom = b24Booking(3, 5);
    const toProperty = b24Booking(6, 8, { roomId: B24.r2 });
    const stays = b24Booking(9, 11);
    b24.put(toRoom, toProperty, stays);
    await rt.runtime.bookingSync.run();
    expect((await rt.runtime.bookings.list()).filter((b) => b.status === 'active')).toHaveLength(3);

    b24.update(toRoom.id, { roomId: B24.unmapped });
    // Another property of the account, not mapped here: a read of the mapped properties no longer lists it.
    b24.update(toProperty.id, { propertyId: 999, roomId: 9991 });
    const report = beds24Of(await rt.runtime.bookingSync.run());
    expect(report.unreadable.sort()).toEqual([ref(toRoom.id), ref(toProperty.id)].sort());
    const told = (await rt.alerts()).map((a) => a.detail);
    const about = (id: number) => told.filter((d) => d.includes(`Beds24 booking ${id} `));
    expect(about(toRoom.id)).toEqual([expect.stringMatching(new RegExp(`room ${B24.unmapped}.*Booking ${toRoom.id} here still holds a code for Room 1 \\(Harbour House\\) until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}; move or cancel it`))]);
    expect(about(toProperty.id)).toEqual([expect.stringMatching(new RegExp(`property 999, room 9991.*Booking ${toProperty.id} here still holds a code for Room 2 \\(Harbour House\\).*move or cancel it`))]);
    expect(told.some((d) => d.includes('No booking was made for it'))).toBe(false);
    // Left as they are: nothing said the guest is not coming.
    for (const b of [toRoom, toProperty]) expect(await rt.runtime.bookings.get(ref(b.id))).toMatchObject({ status: 'active' });
    // Asked for by id, across properties.
    const byId = b24.bookingRequests().at(-1)!.query;
    expect(byId.getAll('id').sort()).toEqual([ref(toProperty.id), ref(stays.id)].sort());
    expect(byId.has('propertyId')).toBe(false);

    // Cancelled there, in the other property: cancelled here too.
    b24.update(toProperty.id, { status: 'cancelled' });
    await rt.runtime.bookingSync.run();
    expect((await rt.runtime.bookings.get(ref(toProperty.id)))?.status).toBe('cancelled');
  });

  it('a booking that turns into a block or a request is kept (nothing said the guest is not coming), and staff hear of it once', async () => {
    const { rt, b24 } = await start();
    const stay = b24Booking(3, 5);
    b24.put(stay);
    await rt.runtime.bookingSync.run();
    b24.update(stay.id, { status: 'black' });
    await rt.runtime.bookingSync.run();
    await rt.runtime.bookingSync.run();
    expect((await rt.runtime.bookings.get(ref(stay.id)))?.status).toBe('active');
    const told = (await rt.alerts()).filter((a) => a.detail.includes(`booking ${stay.id}`));
    expect(told.map((a) => a.detail)).toEqual([expect.stringMatching(/as "black", not as a stay/)]);
  });
});

describe('the refs a guest may type', () => {
  it('the Beds24 booking id and the channel reference both find the booking, and a guest typing the reference is checked in on the booking itself', async () => {
    const { rt, b24 } = await start();
    const booking = b24Booking(0, 2, { apiReference: 'HMREF12345' });
    b24.put(booking);
    await rt.runtime.bookingSync.run();
    const id = ref(booking.id);
    expect((await rt.runtime.bookings.find(id))?.ref).toBe(id);
    expect((await rt.runtime.bookings.find('hm-ref 12345'))?.ref).toBe(id);

    const replies = await rt.say('guest-a', 'HMREF12345');
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(/full name on the booking/)]);
    expect((await rt.runtime.store.load('console:guest-a'))?.state).toMatchObject({ ref: id, step: 'name' });

    // A new channel reference replaces the old one; a cancelled booking is still found (the guest hears it is cancelled).
    b24.update(booking.id, { apiReference: 'HMNEW54321' });
    await rt.runtime.bookingSync.run();
    expect(await rt.runtime.bookings.find('HMREF12345')).toBeUndefined();
    expect((await rt.runtime.bookings.find('HMNEW54321'))?.ref).toBe(id);
    b24.update(booking.id, { status: 'cancelled' });
    await rt.runtime.bookingSync.run();
    expect(await rt.runtime.bookings.find('HMNEW54321')).toMatchObject({ ref: id, status: 'cancelled' });
    // Saved by a person, the booking has only its own ref.
    await rt.runtime.bookingService.upsert({ ref: id, guestName: 'Anna Schmidt', propertyId: 'harbour', roomId: 'r1', checkIn: day(0), checkOut: day(2) });
    expect(await rt.runtime.bookings.find('HMNEW54321')).toBeUndefined();
  });
});

describe('bookings of other sources', () => {
  it('a Beds24 booking is untouched by an iCal sync, and an iCal or admin booking by Beds24, even under the same refs', async () => {
    ical = await FakeIcalServer.start();
    const feed = ical.feed('airbnb-r2', 'airbnb', [{ code: 'HMSAME0001', checkIn: day(10), checkOut: day(12), last4: '4821' }]);
    const { rt, b24 } = await start({ feeds: { r2: [feed] } });
    // The same Airbnb stay reaches Beds24 too, under its code; and a person typed in a booking under a Beds24 id.
    const mirrored = b24Booking(10, 12, { roomId: B24.r2, apiReference: 'HMSAME0001' });
    const typedIn = b24Booking(20, 22);
    await rt.runtime.bookingService.upsert({ ref: ref(typedIn.id), guestName: 'Jane Smith', propertyId: 'harbour', roomId: 'r1', checkIn: day(30), checkOut: day(32) });
    b24.put(mirrored, typedIn);

    const first = await rt.runtime.bookingSync.run();
    expect(beds24Of(first)).toMatchObject({ created: [expect.objectContaining({ ref: ref(mirrored.id) })], foreign: [ref(typedIn.id)] });
    const icalBooking = await rt.runtime.bookings.get('HMSAME0001');
    expect(icalBooking?.source).toBe(sourceOf(feed));
    const admin = await rt.runtime.bookings.get(ref(typedIn.id));
    expect(admin).not.toHaveProperty('source');
    // Its own ref wins: the code finds the iCal booking, the Beds24 id the Beds24 one.
    expect((await rt.runtime.bookings.find('HMSAME0001'))?.ref).toBe('HMSAME0001');
    const beds24Booking = await rt.runtime.bookings.get(ref(mirrored.id));

    // The feed drops its stay: iCal cancels its own booking only.
    ical.setStays('airbnb-r2', [{ code: 'HMOTHER001', checkIn: day(14), checkOut: day(15) }]);
    const icalOnly = await rt.runtime.bookingSync.run();
    expect(icalOnly.sources.find((s) => s.source !== 'Beds24')!.cancelled.map((c) => c.ref)).toEqual(['HMSAME0001']);
    expect(await rt.runtime.bookings.get(ref(mirrored.id))).toEqual(beds24Booking);

    // Beds24 cancels both: only its own booking goes.
    b24.update(mirrored.id, { status: 'cancelled' });
    b24.update(typedIn.id, { status: 'cancelled' });
    const cancelled = beds24Of(await rt.runtime.bookingSync.run());
    expect(cancelled.cancelled.map((c) => c.ref)).toEqual([ref(mirrored.id)]);
    expect(await rt.runtime.bookings.get(ref(typedIn.id))).toEqual(admin);
    expect((await rt.runtime.bookings.get('HMOTHER001'))?.status).toBe('active');
  });
});

describe('a dry run', () => {
  it('says what it would create and cancel, and writes nothing: no booking, no cursor, no alert', async () => {
    const { rt, b24 } = await start();
    const stay = b24Booking(2, 4);
    b24.put(stay, b24Booking(3, 5, { roomId: B24.unmapped }));
    const dry = await rt.runtime.bookingSync.run({ dryRun: true });
    expect(beds24Of(dry)).toMatchObject({ outcome: 'dry-run', created: [expect.objectContaining({ ref: ref(stay.id) })] });
    expect(formatReport(dry).join('\n')).toMatch(new RegExp(`would create ${stay.id} harbour/r1`));
    expect(await rt.runtime.bookings.list()).toEqual([]);
    expect(await rt.redis.get(rt.keys.beds24Cursor())).toBeNull();
    expect(await rt.alerts()).toEqual([]);

    await rt.runtime.bookingSync.run();
    const cursor = await rt.redis.get(rt.keys.beds24Cursor());
    b24.update(stay.id, { status: 'cancelled' });
    const dryCancel = await rt.runtime.bookingSync.run({ dryRun: true });
    expect(formatReport(dryCancel).join('\n')).toMatch(new RegExp(`would cancel ${stay.id}`));
    expect((await rt.runtime.bookings.get(ref(stay.id)))?.status).toBe('active');
    expect(await rt.redis.get(rt.keys.beds24Cursor())).toBe(cursor);
  });
});
