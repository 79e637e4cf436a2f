import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BOOKING_SYNC_SCHEDULER_ID, syncBookingsNow } from '../../src/jobs/booking-sync.worker.js';
import { createLogger } from '../../src/logger.js';
import { sourcesOf } from '../../src/sources/sources-of.js';
import { BookingSync } from '../../src/sources/sync.js';
import { FakeIcalServer, type FakeStay } from '../fakes/ical-server.js';
import { catalogWithFeeds, day, withTestSync } from '../helpers/feeds.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

/**
 * Issue 17: a feed is distrusted. One that fails keeps its bookings and is retried with backoff
 * (staff hear after an hour, once); one that suddenly empties, or drops most of its stays at
 * once, is believed only after saying so three syncs in a row. A glitch never cancels guests.
 */

let fake: FakeIcalServer | undefined;
const runtimes: TestRuntime[] = [];

afterEach(async () => {
  for (const rt of runtimes.splice(0).reverse()) await rt.close();
  await fake?.close();
  fake = undefined;
});

const MIN = 60_000;
const STAYS: FakeStay[] = [
  { code: 'HMGLITCH01', checkIn: day(1), checkOut: day(3) },
  { code: 'HMGLITCH02', checkIn: day(4), checkOut: day(6) },
  { code: 'HMGLITCH03', checkIn: day(7), checkOut: day(9) },
  { checkIn: day(9), checkOut: day(90), blocked: true },
];
const REFS = ['HMGLITCH01', 'HMGLITCH02', 'HMGLITCH03'];

async function start(opts: { prefix?: string; workers?: boolean; everyMs?: number } = {}) {
  fake ??= await FakeIcalServer.start();
  const url = fake.url('airbnb');
  const rt = await startTestRuntime({
    catalog: catalogWithFeeds({ r1: [url] }),
    configure: withTestSync(opts.everyMs !== undefined ? { everyMs: opts.everyMs } : {}),
    ...(opts.prefix ? { prefix: opts.prefix } : {}),
    ...(opts.workers ? { workers: true } : {}),
  });
  runtimes.push(rt);
  return rt;
}

async function withFeed(stays: FakeStay[] = STAYS) {
  fake = await FakeIcalServer.start();
  fake.feed('airbnb', 'airbnb', stays);
}

const statuses = async (rt: TestRuntime) => Promise.all(REFS.map(async (ref) => (await rt.runtime.bookings.get(ref))?.status));
const feedAlerts = async (rt: TestRuntime) => (await rt.alerts()).filter((a) => a.kind === 'booking_feed').reverse();

describe('a feed that answers what looks like a glitch', () => {
  it('empty twice, then in full again: nothing is cancelled; staff are told once, and again when it is back', async () => {
    await withFeed();
    const rt = await start();
    await rt.runtime.bookingSync.run();
    expect(await statuses(rt)).toEqual(['active', 'active', 'active']);

    fake!.failNext('airbnb', { kind: 'empty' }, { kind: 'empty' });
    for (const count of [1, 2]) {
      const report = await rt.runtime.bookingSync.run();
      expect(report.sources[0]).toMatchObject({ outcome: 'distrusted', distrust: { count, of: 3 } });
      expect(report.sources[0]!.cancelled.map((c) => c.ref)).toEqual(REFS);
      expect(await statuses(rt)).toEqual(['active', 'active', 'active']);
    }
    const back = await rt.runtime.bookingSync.run();
    expect(back.sources[0]).toMatchObject({ outcome: 'synced', cancelled: [], unchanged: 3 });
    expect(back.sources[0]).not.toHaveProperty('distrust');
    expect(await statuses(rt)).toEqual(['active', 'active', 'active']);
    const alerts = await feedAlerts(rt);
    expect(alerts.map((a) => a.detail)).toEqual([
      expect.stringMatching(/looks wrong: it lists no upcoming stay, yet 3 bookings from it are upcoming \(HMGLITCH01, HMGLITCH02, HMGLITCH03\)/),
      expect.stringMatching(/lists its stays again: nothing was cancelled/),
    ]);
    expect(alerts.every((a) => a.ref === undefined && a.convKey === '')).toBe(true);
  });

  it('said three syncs in a row, it is believed: the stays are cancelled', async () => {
    await withFeed();
    const rt = await start();
    await rt.runtime.bookingSync.run();
    fake!.failAlways('airbnb', { kind: 'empty' });
    await rt.runtime.bookingSync.run();
    await rt.runtime.bookingSync.run();
    expect(await statuses(rt)).toEqual(['active', 'active', 'active']);
    const third = await rt.runtime.bookingSync.run();
    expect(third.sources[0]).toMatchObject({ outcome: 'synced', distrust: { count: 3, of: 3 } });
    expect(await statuses(rt)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await feedAlerts(rt)).map((a) => a.detail)).toEqual([expect.stringMatching(/looks wrong/), expect.stringMatching(/believed now: cancelling HMGLITCH01, HMGLITCH02, HMGLITCH03/)]);
  });

  it('most stays gone at once (2 of 3) is distrusted; one of three is news and believed at once', async () => {
    await withFeed();
    const rt = await start();
    await rt.runtime.bookingSync.run();
    fake!.setStays('airbnb', [STAYS[0]!, STAYS[3]!]);
    expect((await rt.runtime.bookingSync.run()).sources[0]).toMatchObject({
      outcome: 'distrusted',
      distrust: { reason: 'it dropped 2 of its 3 upcoming bookings at once', count: 1 },
    });
    expect(await statuses(rt)).toEqual(['active', 'active', 'active']);
    fake!.setStays('airbnb', [STAYS[0]!, STAYS[1]!, STAYS[3]!]);
    const one = await rt.runtime.bookingSync.run();
    expect(one.sources[0]).toMatchObject({ outcome: 'synced', cancelled: [expect.objectContaining({ ref: 'HMGLITCH03' })] });
    expect(await statuses(rt)).toEqual(['active', 'active', 'cancelled']);
  });
});

describe('a feed that cannot be read', () => {
  it('malformed, failing or hanging: its bookings stay as they are, it backs off, staff hear after an hour of it, once, and when it is back; its URL is never logged', async () => {
    await withFeed();
    const lines: string[] = [];
    const logs = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const rt = await start();
    let clock = Date.now();
    const sync = new BookingSync({
      sources: sourcesOf(rt.catalog, { fetchTimeoutMs: 300 }),
      service: rt.runtime.bookingService,
      store: rt.runtime.bookings,
      catalog: rt.catalog,
      redis: rt.redis,
      keys: rt.keys,
      alert: (detail) => rt.runtime.alerts.raise({ kind: 'booking_feed', ref: undefined, convKey: '', detail, at: clock }),
      logger: createLogger('debug', logs),
      now: () => clock,
      random: () => 0.5,
    });
    await sync.run();
    const before = await rt.runtime.bookings.list();
    expect(before).toHaveLength(3);

    fake!.failNext('airbnb', { kind: 'malformed' });
    expect((await sync.run()).sources[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^not a valid iCalendar file/) });
    // Backing off (1 min after the first failure): the next sync does not ask.
    clock += 30_000;
    const hits = fake!.hits('airbnb');
    expect((await sync.run()).sources[0]).toMatchObject({ outcome: 'waiting' });
    expect(fake!.hits('airbnb')).toBe(hits);

    clock += 2 * MIN;
    fake!.failNext('airbnb', { kind: 'status', status: 500 });
    expect((await sync.run()).sources[0]).toMatchObject({ outcome: 'failed', error: 'HTTP 500' });
    clock += 60 * MIN;
    fake!.failNext('airbnb', { kind: 'hang', after: 'headers' });
    expect((await sync.run()).sources[0]).toMatchObject({ outcome: 'failed', error: 'no complete answer within 0.3 s' });
    clock += 60 * MIN;
    fake!.failNext('airbnb', { kind: 'hang' });
    expect((await sync.run()).sources[0]).toMatchObject({ outcome: 'failed' });
    expect(await rt.runtime.bookings.list()).toEqual(before);
    const failing = await feedAlerts(rt);
    expect(failing).toHaveLength(1);
    expect(failing[0]!.detail).toMatch(/has not been readable for 63 min \(3 tries; last: no complete answer within 0\.3 s\)/);

    clock += 60 * MIN;
    expect((await sync.run({ force: true })).sources[0]).toMatchObject({ outcome: 'synced', unchanged: 3 });
    expect(await rt.runtime.bookings.list()).toEqual(before);
    expect((await feedAlerts(rt)).map((a) => a.detail)).toEqual([expect.stringMatching(/not been readable/), expect.stringMatching(/can be read again/)]);

    const url = fake!.url('airbnb');
    const secret = new URL(url).searchParams.get('s')!;
    const text = lines.join('') + JSON.stringify(await rt.alerts());
    expect(text).toContain('127.0.0.1');
    expect(text).toMatch(/booking source could not be read/);
    expect(text).not.toContain(secret);
  });
});

describe('two processes', () => {
  it('syncing at once write each booking once; their workers share one schedule', { timeout: 30_000 }, async () => {
    await withFeed();
    const a = await start({ everyMs: 3_600_000 });
    const b = await start({ prefix: a.prefix, everyMs: 3_600_000 });
    const writes: string[] = [];
    for (const rt of [a, b]) {
      const store = rt.runtime.bookings;
      const upsertIf = store.upsertIf.bind(store);
      store.upsertIf = async (input, origin, mayWrite) => {
        writes.push(input.ref);
        return upsertIf(input, origin, mayWrite);
      };
    }

    const reports = await Promise.all([a.runtime.bookingSync.run(), b.runtime.bookingSync.run(), a.runtime.bookingSync.run()]);
    const created = reports.flatMap((r) => r.sources.flatMap((s) => s.created.map((c) => c.ref)));
    expect(created.sort()).toEqual(REFS);
    expect(reports.filter((r) => r.busy)).toHaveLength(2);
    expect(writes.sort()).toEqual(REFS);

    // Through BullMQ: each process's workers start the schedule (a first run at once) and a run is
    // asked of each: still one sync's worth of writes.
    fake!.put('airbnb', { code: 'HMGLITCH04', checkIn: day(20), checkOut: day(21) });
    a.startWorkers();
    b.startWorkers();
    await Promise.all([syncBookingsNow(a.runtime.bookingSyncQueue), syncBookingsNow(b.runtime.bookingSyncQueue)]);
    await waitFor(
      async () => {
        const c = await a.runtime.bookingSyncQueue.getJobCounts('completed', 'waiting', 'active');
        return c.completed! >= 3 && c.waiting === 0 && c.active === 0;
      },
      15_000,
      'the scheduled and the asked-for sync jobs',
    );
    expect(writes.filter((r) => r === 'HMGLITCH04')).toHaveLength(1);
    expect((await a.runtime.bookings.list()).map((x) => x.ref).sort()).toEqual([...REFS, 'HMGLITCH04']);
    const schedulers = await a.runtime.bookingSyncQueue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every])).toEqual([[BOOKING_SYNC_SCHEDULER_ID, 3_600_000]]);
  });
});
