import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { faultCase } from './support/fault-case.js';
import { checkInvariants, playAll, settle } from './support/invariants.js';

// Slow gateways, so PIN jobs are mid-flight (codes half added) when the worker dies.
const fault = faultCase({ ttlockLatencyMs: { min: 200, max: 500 }, processes: ['web', 'worker'] });

describe('kill -9 of the worker in the middle of PIN jobs', () => {
  it('a new worker finishes every job: one code per lock, one PIN per guest', async () => {
    const { stack } = fault;
    const guests = await fault.guests(24, 'KILL');
    const driver = fault.driver();

    const play = playAll(guests, 40, (g) => driver.play(g, { thinkMs: { min: 20, max: 200 } }));
    const killer = (async () => {
      const worker = stack.processes.find((p) => p.role === 'worker')!;
      await waitFor(async () => (await fault.activePinJobs()) >= 2, 60_000, 'PIN jobs to be active', 20);
      // Wait for a gateway write in flight, so a job dies between its locks' codes.
      const adds = stack.ttlock.calls('/v3/keyboardPwd/add').length;
      await waitFor(() => stack.ttlock.calls('/v3/keyboardPwd/add').length > adds, 30_000, 'a code add in flight', 10);
      await worker.kill9();
      return stack.spawn('worker');
    })();
    const [outcomes, replacement] = await Promise.all([play, killer]);
    await settle(stack, 90_000);

    expect(await checkInvariants(stack, driver.mailbox, outcomes), stack.logs(1500)).toEqual([]);
    expect(outcomes.filter((o) => o.result === 'pin')).toHaveLength(guests.length);
    expect(replacement.output()).toContain('PIN ready on every lock');
  });
});
