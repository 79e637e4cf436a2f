import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLocksNow, LOCK_CHECK_SCHEDULER_ID } from '../../src/jobs/lock-check.worker.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

let fake: FakeTTLock | undefined;
const runtimes: TestRuntime[] = [];

afterEach(async () => {
  // The first one owns the prefix and cleans it up: close it last.
  for (const t of runtimes.splice(0).reverse()) await t.close();
  await fake?.close();
  fake = undefined;
});

async function runtime(opts: Parameters<typeof startTestRuntime>[0]): Promise<TestRuntime> {
  const t = await startTestRuntime(opts);
  runtimes.push(t);
  return t;
}

const lockAlerts = async (t: TestRuntime) => (await t.alerts()).filter((a) => a.kind === 'lock_attention');

async function finished(t: TestRuntime, jobId: string): Promise<void> {
  await waitFor(async () => (await (await t.runtime.lockCheckQueue.getJob(jobId))?.getState()) === 'completed', 15_000, `lock check ${jobId} to complete`);
}

describe('the daily lock check (LOCK_PROVIDER=ttlock)', () => {
  it('one scheduler for every worker process; a run raises one alert per lock that needs attention, none for the others, once per run', async () => {
    fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
    fake.setLockClock(2001, { driftMs: -5 * 60_000 - 30_000 });
    fake.setLockClock(2002, { timezoneRawOffset: 3 * 3_600_000 });
    // Two worker processes of one deployment.
    const a = await runtime({ ttlock: { url: fake.url } });
    const b = await runtime({ ttlock: { url: fake.url }, prefix: a.prefix });
    await Promise.all([a.startWorkers().ready(), b.startWorkers().ready()]);

    const schedulers = await a.runtime.lockCheckQueue.getJobSchedulers();
    expect(schedulers.map((s) => ({ key: s.key, pattern: s.pattern, tz: s.tz }))).toEqual([{ key: LOCK_CHECK_SCHEDULER_ID, pattern: '0 9 * * *', tz: 'UTC' }]);
    // Its next run waits, once, for 09:00 UTC.
    const delayed = await a.runtime.lockCheckQueue.getDelayed();
    expect(delayed).toHaveLength(1);
    expect(new Date(delayed[0]!.timestamp + (delayed[0]!.opts.delay ?? 0)).toISOString()).toMatch(/T09:00:00\.000Z$/);

    const job = await checkLocksNow(a.runtime.lockCheckQueue);
    await finished(a, job.id!);
    const alerts = await lockAlerts(a);
    expect(alerts).toHaveLength(2);
    const byLock = new Map(alerts.map((x) => [/^Lock (\d+)/.exec(x.detail)![1], x]));
    expect([...byLock.keys()].sort()).toEqual(['2001', '2002']);
    expect(byLock.get('2001')).toMatchObject({ ref: undefined, convKey: '' });
    expect(byLock.get('2001')!.detail).toMatch(/^Lock 2001 \(Harbour House, Room 1\):\n- clock is 5 min \d+ s slow .*sync-time 2001$/);
    expect(byLock.get('2002')!.detail).toMatch(/^Lock 2002 \(Harbour House, Room 2\):\n- timezone offset is UTC\+03:00 but Europe\/London is UTC\+0\d:00 today/);
    // One run, in one of the two processes: each clock was read once, through its gateway.
    expect(fake.calls('/v3/lock/queryDate').map((c) => c.params.lockId).sort()).toEqual(['1001', '2001', '2002']);

    // The same run again (as after a crash mid-way): no second alert about the same locks.
    await job.retry('completed');
    await waitFor(() => fake!.calls('/v3/lock/queryDate').length === 6, 15_000, 'the retried run');
    await finished(a, job.id!);
    expect(await lockAlerts(a)).toHaveLength(2);

    // The next day's run alerts again about what is still wrong, and not about what was fixed.
    fake.setLockClock(2002, { timezoneRawOffset: DateTime.now().setZone('Europe/London').offset * 60_000 });
    const next = await checkLocksNow(a.runtime.lockCheckQueue);
    await finished(a, next.id!);
    const later = await lockAlerts(a);
    expect(later).toHaveLength(3);
    expect(later[0]!.detail).toMatch(/^Lock 2001 /);
  });

  it('a lock that cannot be reached needs attention too (gateway offline)', async () => {
    fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
    fake.setGatewayOnline(1, false);
    const t = await runtime({ ttlock: { url: fake.url }, workers: true });
    const job = await checkLocksNow(t.runtime.lockCheckQueue);
    await finished(t, job.id!);
    const alerts = await lockAlerts(t);
    expect(alerts).toHaveLength(3);
    for (const a of alerts) expect(a.detail).toContain('- every gateway is offline');
  });

  it('a lock nearly full of codes needs attention before a guest meets -3009', async () => {
    fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
    for (let i = 0; i < 224; i++) fake.seedCode(2001, { keyboardPwd: String(100000 + i), keyboardPwdName: i < 200 ? `Guest OLD${i}` : `Cleaner ${i}` });
    const t = await runtime({ ttlock: { url: fake.url }, workers: true });
    const first = await checkLocksNow(t.runtime.lockCheckQueue);
    await finished(t, first.id!);
    expect(await lockAlerts(t)).toEqual([]);

    fake.seedCode(2001, { keyboardPwd: '999999', keyboardPwdName: 'Owner' });
    const second = await checkLocksNow(t.runtime.lockCheckQueue);
    await finished(t, second.id!);
    const alerts = await lockAlerts(t);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toContain('Lock 2001 (Harbour House, Room 1):\n- holds 225 of its 250 custom codes (25 not made by the bot)');
  });

  it('simulated locks have no clock: no scheduler, and one left from a TTLock deployment is removed', async () => {
    fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
    const ttlock = await runtime({ ttlock: { url: fake.url } });
    await ttlock.startWorkers().ready();
    expect(await ttlock.runtime.lockCheckQueue.getJobSchedulersCount()).toBe(1);
    await ttlock.stopWorkers();

    const simulated = await runtime({ prefix: ttlock.prefix });
    expect(simulated.runtime.ttlock).toBeUndefined();
    await simulated.startWorkers().ready();
    expect(await simulated.runtime.lockCheckQueue.getJobSchedulersCount()).toBe(0);
  });
});
