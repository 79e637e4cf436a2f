import { Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { DefaultEffectRunner } from '../../src/conversation/effect-runner.js';
import type { OutboxItem } from '../../src/conversation/store.js';
import { CLEANUP_QUEUE, enqueueCleanup } from '../../src/jobs/queues.js';
import { deadlineJobId } from '../../src/jobs/queues.js';
import { createLogger } from '../../src/logger.js';
import { createBullConnection } from '../../src/redis-connect.js';
import { bookingToday } from '../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

const REF = 'JOBF01';
const CONV = 'console:guest';

let t: TestRuntime | undefined;
const closers: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  await t?.close();
  t = undefined;
});

function effectRunner(rt: TestRuntime): DefaultEffectRunner {
  return new DefaultEffectRunner({
    redis: rt.redis,
    keys: rt.keys,
    senders: {},
    pinQueue: rt.runtime.queues.pin,
    timerQueue: rt.runtime.queues.timers,
    publicId: rt.publicId,
    alerts: rt.runtime.alerts,
    audit: rt.runtime.audit,
    mirrors: [],
    logger: createLogger('silent'),
    reportUndelivered: async () => {},
  });
}

/** Alerts of a kind, or undefined while there are none (for waitFor). */
async function alertsOf(rt: TestRuntime, kind: string) {
  const alerts = (await rt.alerts()).filter((a) => a.kind === kind);
  return alerts.length > 0 ? alerts : undefined;
}

function outboxItem(effect: OutboxItem['effect']): OutboxItem {
  return { id: 'e1', convKey: CONV, channel: 'console', chatId: 'guest', ref: REF, effect, attempts: 0 };
}

describe('a cleanup job that fails by stalling', () => {
  it('is reported to staff although it had attempts left', { timeout: 30_000 }, async () => {
    const rt = (t = await startTestRuntime({ bookings: [bookingToday(REF)] }));
    await enqueueCleanup(rt.runtime.cleanupQueue, { ref: REF, reason: 'cancelled' });
    // A worker takes the job and dies with it (its lock is never renewed); the stalled-job check
    // (allowing no stall here) marks it to be failed by whichever worker picks it up next.
    const connection = createBullConnection(rt.config.redisUrl);
    closers.push(() => connection.quit());
    const dying = new Worker(CLEANUP_QUEUE, null, {
      connection,
      prefix: rt.keys.bullPrefix(),
      autorun: false,
      lockDuration: 300,
      stalledInterval: 200,
      maxStalledCount: 0,
    });
    closers.push(() => dying.close(true));
    const job = await dying.getNextJob('dying-worker');
    expect(job?.data).toEqual({ ref: REF, reason: 'cancelled' });
    await dying.startStalledCheckTimer();
    await waitFor(async () => (await rt.runtime.cleanupQueue.getJob(job!.id!))?.getState().then((s) => s === 'waiting'), 10_000, 'the job to be stalled');
    await dying.close(true);

    rt.startWorkers();
    await waitFor(async () => (await (await rt.runtime.cleanupQueue.getJob(job!.id!))!.getState()) === 'failed', 10_000, 'the job to fail');
    const failed = (await rt.runtime.cleanupQueue.getJob(job!.id!))!;
    expect(failed.attemptsMade).toBeLessThan(failed.opts.attempts!);
    const alerts = await waitFor(() => alertsOf(rt, 'pin_failed'), 5_000, 'the alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ ref: REF });
    expect(alerts[0]!.detail).toContain(REF);
  });
});

describe('a PIN deadline that fails for good', () => {
  it('is reported to staff, naming the booking', async () => {
    const rt = (t = await startTestRuntime({ workers: true }));
    // Not a conversation key: delivering the deadline throws, and this job has no retry left.
    await rt.runtime.queues.timers.add('pinDeadline', { kind: 'pinDeadline', ref: REF, convKey: 'nowhere' }, { attempts: 1 });
    const alerts = await waitFor(() => alertsOf(rt, 'pin_late'), 10_000, 'the alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ ref: REF });
    expect(alerts[0]!.detail).toContain(REF);
  });
});

describe('scheduling a PIN deadline again', () => {
  it('after the earlier deadline of the same chat already ran (kept as history), books a new one', async () => {
    const rt = (t = await startTestRuntime({ workers: true }));
    const runner = effectRunner(rt);
    const jobId = deadlineJobId(REF, CONV, rt.publicId);
    await runner.run(outboxItem({ type: 'schedulePinDeadline', ref: REF, delayMs: 0 }));
    await waitFor(async () => (await (await rt.runtime.queues.timers.getJob(jobId))?.getState()) === 'completed', 10_000, 'the first deadline');
    // The guest restarted and confirmed again: a new deadline, 90 s from now.
    await runner.run(outboxItem({ type: 'schedulePinDeadline', ref: REF, delayMs: 90_000 }));
    const job = (await rt.runtime.queues.timers.getJob(jobId))!;
    expect(await job.getState()).toBe('delayed');
    expect(job.delay).toBe(90_000);
  });
});

describe('effect runner alerts', () => {
  it('an event dropped as unprocessable names the conversation’s booking', async () => {
    const rt = (t = await startTestRuntime());
    await rt.say('guest', 'hello');
    // A conversation about REF (set directly: the event that breaks may be the one that set it).
    await rt.redis.hset(rt.keys.conv(CONV), 'state', JSON.stringify({ ...JSON.parse((await rt.redis.hget(rt.keys.conv(CONV), 'state'))!), ref: REF }));
    await effectRunner(rt).couldNotProcess(CONV, undefined, new Error('boom'));
    const [alert] = await rt.alerts();
    expect(alert).toMatchObject({ kind: 'bot_error', ref: REF, convKey: CONV });
  });

  it('a deadline that could not be scheduled is not reported as a PIN job that could not start', async () => {
    const rt = (t = await startTestRuntime());
    const runner = effectRunner(rt);
    await runner.gaveUp(outboxItem({ type: 'schedulePinDeadline', ref: REF, delayMs: 90_000 }), new Error('Redis is down'));
    await runner.gaveUp(outboxItem({ type: 'enqueuePin', ref: REF }), new Error('Redis is down'));
    const [enqueue, deadline] = await rt.alerts();
    expect(deadline!.detail).not.toContain('door code job could not be started');
    expect(deadline!.detail).toContain(REF);
    expect(deadline!.detail).toContain('in time');
    expect(enqueue).toMatchObject({ kind: 'pin_failed', ref: REF });
    expect(enqueue!.detail).toContain('door code job could not be started');
  });
});
