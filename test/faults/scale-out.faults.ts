import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuestDriver, planGuests } from '../support/guests.js';
import { checkInvariants, playAll, settle } from './support/invariants.js';
import { Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ ttlockLatencyMs: { min: 50, max: 250 } });
  await Promise.all([stack.spawn('web'), stack.spawn('web'), stack.spawn('worker'), stack.spawn('worker')]);
});
afterAll(async () => {
  await stack?.close();
});

describe('two web and two worker processes share the load', () => {
  it('checks every guest in once, whichever process takes each webhook and each job', async () => {
    const guests = planGuests(30, stack.places, 'SCALE');
    for (const g of guests) await stack.putBooking(g.ref, g.place);
    const driver = new GuestDriver({ telegram: stack.telegram, twilio: stack.twilio, base: () => stack.pickWeb().base });

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
