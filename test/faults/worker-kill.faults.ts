import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuestDriver, planGuests } from '../support/guests.js';
import { checkInvariants, playAll, settle } from './support/invariants.js';
import { waitFor } from '../support/wait.js';
import { Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  // Slow gateways, so PIN jobs are mid-flight (codes half added) when the worker dies.
  stack = await Stack.start({ ttlockLatencyMs: { min: 200, max: 500 } });
  await Promise.all([stack.spawn('web'), stack.spawn('worker')]);
});
afterAll(async () => {
  await stack?.close();
});

describe('kill -9 of the worker in the middle of PIN jobs', () => {
  it('a new worker finishes every job: one code per lock, one PIN per guest', async () => {
    const guests = planGuests(24, stack.places, 'KILL');
    for (const g of guests) await stack.putBooking(g.ref, g.place);
    const driver = new GuestDriver({ telegram: stack.telegram, twilio: stack.twilio, base: () => stack.pickWeb().base });
    const activeKey = `${stack.keys.bullPrefix()}:pin:active`;

    const play = playAll(guests, 40, (g) => driver.play(g, { thinkMs: { min: 20, max: 200 } }));
    const killer = (async () => {
      const worker = stack.processes.find((p) => p.role === 'worker')!;
      await waitFor(async () => (await stack.redis.redis.llen(activeKey)) >= 2, 60_000, 'PIN jobs to be active', 20);
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
