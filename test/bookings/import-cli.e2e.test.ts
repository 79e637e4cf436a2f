import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { BookingStore } from '../../src/bookings/store.js';
import { CLEANUP_QUEUE, forgetJobId } from '../../src/jobs/queues.js';
import { demoPropertiesJson } from '../helpers/properties.js';
import { testRedis } from '../helpers/redis.js';
import { runCommand, type CommandRun } from '../support/process.js';

const t = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'bookings-import-'));
const propertiesFile = join(dir, 'properties.json');
writeFileSync(propertiesFile, JSON.stringify(demoPropertiesJson()));

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.cleanup();
});

/** `npm run bookings:import -- ...` (tsx), with a minimal env, so settings on the developer's machine cannot change the outcome. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  const script = ['--import', 'tsx', 'src/bookings/import-cli.ts', ...args];
  return runCommand(process.execPath, script, { env: { REDIS_URL: t.url, REDIS_PREFIX: t.prefix, PROPERTIES_FILE: propertiesFile, ...env }, timeoutMs: 15_000 });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const CSV = [
  'ref,guestName,propertyId,roomId,checkIn,checkOut,guestPhone,guestEmail',
  'AB1234,Ada Lovelace,harbour,r1,2026-12-01,2026-12-03,,',
  'CD5678,Alan Turing,harbour,r9,2026-12-01,2026-12-03,,',
  'EF9012,"Hopper, Grace",harbour,r2,2026-12-02,2026-12-04,+447700900123,',
].join('\n');

describe('npm run bookings:import', () => {
  it('imports the good rows, reports the bad one by line, and exits 1', async () => {
    const run = await runCli([file('bookings.csv', CSV)]);
    expect(run.code).toBe(1);
    const output = run.stdout + run.stderr;
    expect(output).toContain('imported 2');
    expect(output).toContain('line 3: roomId: property "harbour" has no room "r9"');
    expect(output).not.toMatch(/\n\s+at /);

    const store = new BookingStore(t.redis, t.keys);
    expect((await store.get('AB1234'))?.guestName).toBe('Ada Lovelace');
    expect((await store.get('EF9012'))?.guestName).toBe('Hopper, Grace');
    expect(await store.get('CD5678')).toBeUndefined();
  });

  it('exits 0 on a clean file, and a second import counts updates', async () => {
    const json = JSON.stringify([{ ref: 'AB1234', guestName: 'Ada King', propertyId: 'harbour', roomId: 'r1', checkIn: '2026-12-01', checkOut: '2026-12-03' }], null, 2);
    const run = await runCli([file('bookings.json', json)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('imported 1 booking (0 new, 1 updated)');
  });

  it('a booking whose dates or room changed gets its door code moved (a job for the workers); other updates do not', async () => {
    const queue = new Queue(CLEANUP_QUEUE, { connection: t.redis, prefix: t.keys.bullPrefix() });
    const moves = async () => (await queue.getJobs(['waiting', 'delayed'])).filter((j) => j.name === 'move').map((j) => j.data as unknown);
    const row = { ref: 'MV0001', guestName: 'Mo Ved', propertyId: 'harbour', roomId: 'r1', checkIn: '2026-12-01', checkOut: '2026-12-03' };
    await runCli([file('mv1.json', JSON.stringify([row]))]);
    await runCli([file('mv2.json', JSON.stringify([{ ...row, guestName: 'Mo Ved Jr' }]))]);
    expect(await moves()).toEqual([]);
    const run = await runCli([file('mv3.json', JSON.stringify([{ ...row, roomId: 'r2' }]))]);
    expect(run.code).toBe(0);
    expect(await moves()).toEqual([{ ref: 'MV0001', reason: 'changed' }]);
    await queue.close();
  });

  it('books the deletion of each imported guest\'s data for check-out plus the retention period, as the admin API does', async () => {
    const queue = new Queue(CLEANUP_QUEUE, { connection: t.redis, prefix: t.keys.bullPrefix() });
    const row = { ref: 'FG0001', guestName: 'For Get', propertyId: 'harbour', roomId: 'r1', checkIn: '2026-12-01', checkOut: '2026-12-03' };
    const run = await runCli([file('fg.json', JSON.stringify([row]))], { GUEST_DATA_RETENTION_DAYS: '7' });
    expect(run.code).toBe(0);
    const job = await queue.getJob(forgetJobId('FG0001'));
    expect(job?.data).toEqual({ ref: 'FG0001', reason: 'forget' });
    expect(await job?.getState()).toBe('delayed');
    expect(job!.timestamp + job!.delay).toBeCloseTo(Date.parse('2026-12-03T12:00:00Z') + 7 * 24 * 60 * 60 * 1000, -4);
    await queue.close();
  });

  it('--dry-run writes nothing', async () => {
    const run = await runCli([file('dry.csv', CSV.replace(/AB1234/, 'DRY001').replace(/EF9012/, 'DRY002')), '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('would import 2 bookings');
    expect(await t.redis.exists(t.keys.booking('DRY001'))).toBe(0);
  });

  it('refuses a file whose format it cannot tell', async () => {
    const run = await runCli([file('bookings.txt', CSV)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/use a \.csv or \.json file/);
  });

  it('prints configuration problems one per line, without a stack trace', async () => {
    const run = await runCli([file('bookings2.csv', CSV)], { PROPERTIES_FILE: join(dir, 'missing.json'), ADMIN_TOKEN: 'short' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ADMIN_TOKEN: must be at least 32 characters, without spaces (make one with: openssl rand -hex 32)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says how to start Redis when it does not answer', async () => {
    const run = await runCli([file('bookings3.csv', CSV)], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Redis is not answering at redis://127.0.0.1:1. Start it with: redis-server --daemonize yes');
  });
});
