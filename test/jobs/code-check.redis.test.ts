import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueCodeCheck, enqueuePinJob, pinJobId } from '../../src/jobs/queues.js';
import { bookingToday } from '../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

/** The check of a code on the locks runs as the booking's PIN job: never beside another run of it. */
let t: TestRuntime;

beforeAll(async () => {
  t = await startTestRuntime({ bookings: [bookingToday('CHECK1'), bookingToday('CHECK2')] });
});
afterAll(() => t?.close());

describe('enqueueCodeCheck', () => {
  it('a PIN job of the booking still waiting: busy, nothing queued beside it', async () => {
    await enqueuePinJob(t.runtime.queues.pin, 'CHECK1');
    expect(await enqueueCodeCheck(t.runtime.queues.pin, 'CHECK1', 'console:x')).toBe('busy');
    const job = await t.runtime.queues.pin.getJob(pinJobId('CHECK1'));
    expect(job?.name).toBe('create');
    expect(job?.data).toEqual({ ref: 'CHECK1' });
  });

  it('none pending: a check under the PIN job id, naming who asked', async () => {
    expect(await enqueueCodeCheck(t.runtime.queues.pin, 'CHECK2', 'console:y')).toBe('queued');
    const job = await t.runtime.queues.pin.getJob(pinJobId('CHECK2'));
    expect(job?.name).toBe('check');
    expect(job?.data).toEqual({ ref: 'CHECK2', check: { convKey: 'console:y' } });
  });

  it('a check of a booking whose PIN was never made makes it (the PIN job\'s work), and tells the chat it is being updated', async () => {
    t.startWorkers();
    await waitFor(async () => (await t.runtime.pins.get('CHECK2'))?.status === 'ready', 10_000, 'the PIN made by the check job');
    for (const lockId of [1001, 2001]) expect((await t.codes(lockId)).filter((c) => c.name === 'CHECK2')).toHaveLength(1);
    const trail = await waitFor(async () => {
      const actions = (await t.runtime.audit.list('CHECK2')).map((e) => e.action);
      return actions.includes('code_checked:busy') ? actions : undefined;
    }, 10_000, 'the check result on the audit trail');
    expect(trail).toContain('code_checked:busy');
  });
});
