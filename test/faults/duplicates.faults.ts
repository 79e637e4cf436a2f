import { describe, expect, it } from 'vitest';
import { faultCase } from './support/fault-case.js';
import { checkInvariants, playAll, settle } from './support/invariants.js';

// Two web processes, so the two copies of a delivery usually land on different processes at once.
const fault = faultCase({ ttlockLatencyMs: { min: 30, max: 150 }, processes: ['web', 'web', 'worker'] });

describe('every webhook delivered twice, some again out of order', () => {
  it('processes each message once and in the guest typing order', async () => {
    const { stack } = fault;
    const guests = await fault.guests(30, 'DUP');
    const driver = fault.driver();

    // Guests start together with random think times, so deliveries of different guests interleave
    // freely; a third of the messages come again after the guest's next one (a stale redelivery).
    const outcomes = await playAll(guests, 10, (g) => driver.play(g, { duplicateAll: true, lateDuplicateShare: 0.35, thinkMs: { min: 0, max: 300 } }));
    await settle(stack);

    expect(await checkInvariants(stack, driver.mailbox, outcomes), stack.logs(1500)).toEqual([]);
    expect(outcomes.filter((o) => o.result === 'pin')).toHaveLength(guests.length);
    const dropped = stack.processes.reduce((n, p) => n + (p.output().match(/duplicate delivery dropped/g)?.length ?? 0), 0);
    // At least every step's twin (6 or 7 steps a guest) was recognised.
    expect(dropped).toBeGreaterThanOrEqual(guests.length * 6);
    // Exactly the replies a single delivery gets: one greeting/ack per step, in order.
    for (const g of guests) {
      const texts = driver.mailbox.of(g.mailboxKey).map((m) => m.text);
      expect(texts.filter((t) => /email address/.test(t)), g.ref).toHaveLength(1);
      const order = ['full name on the booking', 'email address', 'car', 'check your details'].map((s) => texts.findIndex((t) => t.includes(s)));
      expect([...order].sort((a, b) => a - b), `${g.ref}: ${JSON.stringify(texts)}`).toEqual(order);
    }
  });
});
