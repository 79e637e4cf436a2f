import { describe, expect, it } from 'vitest';
import { faultCase } from './support/fault-case.js';
import { checkInvariants, playAll, settle } from './support/invariants.js';

const fault = faultCase({ ttlockLatencyMs: { min: 50, max: 250 }, processes: ['web', 'web', 'worker', 'worker'] });

describe('two web and two worker processes share the load', () => {
  it('checks every guest in once, whichever process takes each webhook and each job', async () => {
    const { stack } = fault;
    const guests = await fault.guests(30, 'SCALE');
    const driver = fault.driver();

    const outcomes = await playAll(guests, 50, (g) => driver.play(g, { thinkMs: { min: 20, max: 200 } }));
    await settle(stack);

    expect(await checkInvariants(stack, driver.mailbox, outcomes), stack.logs(1500)).toEqual([]);
    expect(outcomes.filter((o) => o.result === 'pin')).toHaveLength(guests.length);
    // Both workers did PIN work: the load really was shared.
    const workers = stack.processes.filter((p) => p.role === 'worker');
    for (const w of workers) expect(w.output(), w.name).toContain('PIN ready on every lock');
    expect(stack.ttlock.concurrentRejections).toBe(0);
  });
});
