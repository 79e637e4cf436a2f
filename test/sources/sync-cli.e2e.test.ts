import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingStore } from '../../src/bookings/store.js';
import { FakeBeds24Server } from '../fakes/beds24-server.js';
import { FakeIcalServer } from '../fakes/ical-server.js';
import { B24, b24Booking } from '../helpers/beds24.js';
import { day, propertiesWithFeeds, sourceOf } from '../helpers/feeds.js';
import { demoPropertiesJson } from '../helpers/properties.js';
import { deleteByPrefix, testRedis } from '../helpers/redis.js';
import { runCommand, type CommandRun } from '../support/process.js';

const t = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'bookings-sync-'));
let fake: FakeIcalServer;
let propertiesFile: string;
let url: string;

beforeAll(async () => {
  fake = await FakeIcalServer.start();
  url = fake.feed('airbnb', 'airbnb', [
    { code: 'HMCLI00001', checkIn: day(3), checkOut: day(5), last4: '4821' },
    { checkIn: day(5), checkOut: day(40), blocked: true },
  ]);
  propertiesFile = join(dir, 'properties.json');
  writeFileSync(propertiesFile, JSON.stringify(propertiesWithFeeds({ r1: [url] })));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
  await t.cleanup();
});

/** `npm run bookings:sync` as a process, with a minimal env. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  const script = ['--import', 'tsx', 'src/sources/sync-cli.ts', ...args];
  return runCommand(process.execPath, script, { env: { REDIS_URL: t.url, REDIS_PREFIX: t.prefix, PROPERTIES_FILE: propertiesFile, ...env }, timeoutMs: 20_000 });
}

const keysUnderPrefix = () => t.redis.keys(`${t.prefix}*`);

// Each case starts up to six CLI processes (tsx start-up is seconds on a busy 2-core machine).
describe('npm run bookings:sync', { timeout: 120_000 }, () => {
  it('--dry-run prints what it would create and writes nothing, not even the feed\'s state; the URL\'s secret is not printed', async () => {
    const run = await runCli(['--dry-run']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dry run: nothing is written');
    expect(run.stdout).toMatch(/127\.0\.0\.1:\d+ #[0-9a-f]{6} \(harbour\/r1\): 1 upcoming stays, 0 past, 1 blocked or other entries/);
    expect(run.stdout).toContain(`would create HMCLI00001 harbour/r1 ${day(3)} → ${day(5)}`);
    expect(run.stdout).not.toContain(new URL(url).searchParams.get('s')!);
    expect(run.stdout).not.toContain('4821');
    expect(await keysUnderPrefix()).toEqual([]);
  });

  it('without it, syncs: created, then a change and a cancel on the next run', async () => {
    const first = await runCli([]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`created HMCLI00001 harbour/r1 ${day(3)} → ${day(5)}`);
    const store = new BookingStore(t.redis, t.keys);
    expect(await store.get('HMCLI00001')).toMatchObject({ status: 'active', source: sourceOf(url), guestPhone: '•••• 4821' });

    fake.put('airbnb', { code: 'HMCLI00001', checkIn: day(3), checkOut: day(6), last4: '4821' });
    fake.put('airbnb', { code: 'HMCLI00002', checkIn: day(10), checkOut: day(12) });
    const dry = await runCli(['--dry-run']);
    expect(dry.stdout).toContain(`would change HMCLI00001 harbour/r1 ${day(3)} → ${day(6)} (dates; was ${day(3)} → ${day(5)})`);
    expect(dry.stdout).toContain(`would create HMCLI00002`);
    expect((await store.get('HMCLI00001'))?.checkOut).toBe(day(5));

    expect((await runCli([])).stdout).toContain('changed HMCLI00001');
    expect((await store.get('HMCLI00001'))?.checkOut).toBe(day(6));
    fake.remove('airbnb', 'HMCLI00002');
    const cancel = await runCli(['--dry-run']);
    expect(cancel.stdout).toContain(`would cancel HMCLI00002 harbour/r1 ${day(10)} → ${day(12)}`);
    const real = await runCli([]);
    expect(real.stdout).toContain('cancelled HMCLI00002');
    expect(real.stdout).toContain(`unchanged HMCLI00001 harbour/r1 ${day(3)} → ${day(6)}`);
    expect((await store.get('HMCLI00002'))?.status).toBe('cancelled');
  });

  it('a feed that cannot be read: said, and exit code 1', async () => {
    fake.failNext('airbnb', { kind: 'status', status: 503 });
    const run = await runCli([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/could not be read: HTTP 503 \(its bookings stay as they are\)/);
  });

  it('no feeds, a bad argument, a bad properties file: one line each', async () => {
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify(demoPropertiesJson()));
    expect((await runCli([], { PROPERTIES_FILE: plain })).stdout).toContain('no booking feeds in properties.json');
    const bad = await runCli(['--now']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('usage: npm run bookings:sync -- [--dry-run]');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify(propertiesWithFeeds({ r1: ['ftp://example.com/x.ics?s=SECRET1', url], r2: [url] })));
    const config = await runCli([], { PROPERTIES_FILE: broken });
    expect(config.code).toBe(1);
    expect(config.stderr).toContain('properties.0.rooms.0.ical.0: must be an https URL (the calendar export link)');
    expect(config.stderr).toContain('properties.0.rooms.1.ical.0: this feed is already given for another room (or twice here)');
    expect(config.stderr).not.toContain('SECRET1');
    expect(config.stderr).not.toMatch(/\n\s+at /);
  });

  it('--dry-run includes Beds24: what it would create and cancel, no booking and no cursor written, the refresh token never printed', async () => {
    const b24 = await FakeBeds24Server.start();
    const prefix = `${t.prefix}beds24:`;
    try {
      const stay = b24Booking(2, 4);
      b24.put(stay, b24Booking(1, 3, { status: 'cancelled' }), b24Booking(5, 9, { status: 'black' }));
      const mapped = join(dir, 'beds24.json');
      const json = demoPropertiesJson();
      json.properties = json.properties.map((p) => ({ ...p, beds24PropertyId: B24.property, rooms: p.rooms.map((r) => ({ ...r, beds24RoomId: r.id === 'r1' ? B24.r1 : B24.r2 })) }));
      writeFileSync(mapped, JSON.stringify(json));
      const run = await runCli(['--dry-run'], { PROPERTIES_FILE: mapped, REDIS_PREFIX: prefix, BEDS24_REFRESH_TOKEN: b24.refreshToken, BEDS24_API_BASE_URL: b24.baseUrl });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Beds24: 1 upcoming stays, 0 past, 1 blocked or other entries');
      expect(run.stdout).toContain(`would create ${stay.id} harbour/r1 ${day(2)} → ${day(4)}`);
      expect(`${run.stdout}${run.stderr}`).not.toContain(b24.refreshToken);
      // Only the shared access token is kept (a new one costs credits): no booking, no cursor.
      expect((await t.redis.keys(`${prefix}*`)).map((k) => k.slice(prefix.length))).toEqual(['beds24:token']);
    } finally {
      await deleteByPrefix(t.redis, prefix);
      await b24.close();
    }
  });
});
