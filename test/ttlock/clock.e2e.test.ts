import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/ttlock/cli-args.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { runLocksCli } from '../helpers/locks-cli.js';
import { demoPropertiesJson } from '../helpers/properties.js';
import { testRedis } from '../helpers/redis.js';
import { DEMO_LOCKS, ttlockEnv } from '../helpers/ttlock.js';

const r = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'locks-clock-'));
let fake: FakeTTLock;

const canal = (gatewayGroup?: string) => ({
  id: 'canal',
  name: 'Canal Lofts',
  timezone: 'Europe/London',
  frontDoorLockId: 3001,
  contactPhone: '+442079460958',
  rooms: [{ id: 'a', name: 'Loft A', lockId: 4001 }],
  ...(gatewayGroup ? { gatewayGroup } : {}),
});

/** A properties file: the demo building alone, or with a second listing behind the same gateway. */
function propertiesFile(name: string, opts: { canal?: boolean; group?: string } = {}): string {
  const json = demoPropertiesJson() as { properties: Array<Record<string, unknown>> };
  if (opts.group) json.properties[0]!.gatewayGroup = opts.group;
  if (opts.canal) json.properties.push(canal(opts.group));
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

const ALONE = propertiesFile('alone');
const SHARED = propertiesFile('shared', { canal: true });
const GROUPED = propertiesFile('grouped', { canal: true, group: 'quay-street' });

function locks(args: string[], properties = ALONE) {
  return runLocksCli(args, { REDIS_URL: r.url, REDIS_PREFIX: r.prefix, PROPERTIES_FILE: properties, ...ttlockEnv({ url: fake.url }) });
}

/** London's offset from UTC today, DST included, in ms. */
const londonOffset = () => DateTime.now().setZone('Europe/London').offset * 60_000;

beforeAll(async () => {
  fake = await new FakeTTLock({
    gateways: [{ gatewayId: 1, name: 'Hall gateway' }, { gatewayId: 2, name: 'Yard gateway' }],
    locks: [...DEMO_LOCKS, { lockId: 3001, alias: 'Canal door' }, { lockId: 4001, alias: 'Loft A' }],
  }).start();
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  await r.cleanup();
});

// Each test starts `npm run locks` several times: seconds each on a loaded machine.
describe('npm run locks: lock clock and timezone', { timeout: 90_000 }, () => {
  it('health names a clock 5 minutes off and a timezone an hour off, with the fix, exit 1; sync-time fixes the clock', async () => {
    fake.setLockClock(2001, { driftMs: 5 * 60_000 + 20_000, timezoneRawOffset: londonOffset() + 3_600_000 });

    const bad = await locks(['health', '1001', '2001']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('Lock 1001 (Harbour House, front door): ok');
    expect(bad.stdout).toContain('Lock 2001 (Harbour House, Room 1): NEEDS ATTENTION');
    const issues = bad.stdout.split('\n').filter((l) => l.startsWith('  ! '));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^ {2}! clock is 5 min \d+ s fast .*fix: npm run locks -- sync-time 2001$/);
    const zone = DateTime.now().setZone('Europe/London');
    const expected = `UTC+${String(zone.offset / 60).padStart(2, '0')}:00`;
    const lockOffset = `UTC+${String(zone.offset / 60 + 1).padStart(2, '0')}:00`;
    expect(issues[1]).toContain(`! timezone offset is ${lockOffset} but Europe/London is ${expected} today (1 h apart)`);
    expect(issues[1]).toContain("fix: set the lock's time zone to Europe/London in the TTLock app");
    // Read through the gateway: a round trip to the lock, in its turn.
    expect(fake.calls('/v3/lock/queryDate').map((c) => [c.method, c.params.lockId])).toEqual([
      ['GET', '1001'],
      ['GET', '2001'],
    ]);

    const synced = await locks(['sync-time', '2001']);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/^Lock 2001 \(Harbour House, Room 1\): clock set; it reads \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe\/London/);
    const update = fake.calls('/v3/lock/updateDate');
    expect(update.map((c) => [c.method, c.params.lockId, c.outcome])).toEqual([['POST', '2001', { status: 200, errcode: 0 }]]);
    expect(fake.gatewayOps.some((op) => op.lockId === 2001 && op.start >= update[0]!.at)).toBe(true);

    const after = await locks(['health', '2001']);
    expect(after.stdout).not.toContain('! clock');
    expect(after.stdout).toContain('! timezone offset is');
    expect(after.code).toBe(1);

    // Once the time zone is right too, the lock is fine.
    fake.setLockClock(2001, { timezoneRawOffset: londonOffset() });
    const fixed = await locks(['health', '2001']);
    expect(fixed.stdout).toContain('Lock 2001 (Harbour House, Room 1): ok');
    expect(fixed.code).toBe(0);
  });

  it('health shows each lock best gateway, and warns when two properties share one without a common gatewayGroup', async () => {
    // The yard gateway sees the canal door better than the hall one, but it is offline.
    fake.linkGateway(3001, 2, -48);
    fake.setGatewayOnline(2, false);

    const shared = await locks(['health'], SHARED);
    expect(shared.code).toBe(1);
    expect(shared.stdout).toMatch(/Lock 1001 \(Harbour House, front door\): ok\n.*\n {2}best gateway: Hall gateway \(id 1\), online\n/);
    expect(shared.stdout).toContain('Lock 3001 (Canal Lofts, front door): NEEDS ATTENTION');
    expect(shared.stdout).toContain('  best gateway: Yard gateway (id 2), OFFLINE');
    expect(shared.stdout).toContain('  ! the gateway with the best signal is offline');
    expect(shared.stdout).toContain(
      'WARNING: gateway Hall gateway (id 1) serves Harbour House (harbour) and Canal Lofts (canal), which do not share a gatewayGroup',
    );

    fake.setGatewayOnline(2, true);
    const grouped = await locks(['health'], GROUPED);
    expect(grouped.stdout).not.toContain('WARNING');
    // Two gateways serve the two listings' locks, but every lock waits in the group's one queue.
    expect(grouped.stdout).toContain('  best gateway: Yard gateway (id 2), online');
    expect(grouped.code).toBe(0);
  });

  it('sync-time all sets every lock of the properties file; a lock it cannot reach is an error line and exit 1', async () => {
    fake.setGatewayOnline(1, false);
    const run = await locks(['sync-time', 'all']);
    fake.setGatewayOnline(1, true);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const [i, lockId] of [1001, 2001, 2002].entries()) expect(lines[i]).toMatch(new RegExp(`^Lock ${lockId} .*: ERROR .*the gateway is offline \\(-3002\\)`));
  });

  it('parses sync-time strictly', () => {
    expect(parseArgs(['sync-time', '2001'])).toEqual({ name: 'sync-time', lockIds: [2001] });
    expect(parseArgs(['sync-time', 'all'])).toEqual({ name: 'sync-time', lockIds: [] });
    expect(parseArgs(['sync-time'])).toBe('sync-time needs one lock id (a number) or all');
    expect(parseArgs(['sync-time', '2001', '2002'])).toBe('sync-time needs one lock id (a number) or all');
    expect(parseArgs(['sync-time', '2001', '--force'])).toBe('unknown option --force');
  });
});
