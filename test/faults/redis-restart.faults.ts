import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuestDriver, planGuests } from './support/guests.js';
import { checkInvariants, playAll, settle } from './support/invariants.js';
import { until } from './support/service.js';
import { Stack } from './support/stack.js';

let stack: Stack;

beforeAll(async () => {
  // AOF fsynced on every write: a restart keeps what was acknowledged, as a production Redis with
  // persistence would. Without it the restart is a wipe, and "every guest finishes" cannot hold.
  stack = await Stack.start({ persistRedis: true, ttlockLatencyMs: { min: 200, max: 600 } });
  await Promise.all([stack.spawn('web'), stack.spawn('worker')]);
});
afterAll(async () => {
  await stack?.close();
});

describe('Redis killed and restarted mid-run', () => {
  it('every process reconnects and every guest still finishes', async () => {
    const guests = planGuests(24, stack.places, 'RST');
    for (const g of guests) await stack.putBooking(g.ref, g.place);
    const driver = new GuestDriver({ telegram: stack.telegram, twilio: stack.twilio, base: () => stack.pickWeb().base });
    const activeKey = `${stack.keys.bullPrefix()}:pin:active`;

    const play = playAll(guests, 60, (g) => driver.play(g, { thinkMs: { min: 50, max: 300 } }));
    const outage = (async () => {
      await until(async () => (await stack.redis.redis.llen(activeKey)) >= 1, 60_000, 'PIN jobs to be active', 20);
      const replies = stack.telegram.delivered.length + stack.twilio.requests.length;
      await stack.redis.crash();
      // The outage lasts long enough for webhooks and jobs to hit it (this is the fault, not a wait).
      await new Promise((r) => setTimeout(r, 2_000));
      await stack.redis.restart();
      return replies;
    })();
    const [outcomes, repliesBeforeOutage] = await Promise.all([play, outage]);
    await settle(stack, 120_000);

    // The outage hit mid-conversation: some replies were still to come.
    expect(stack.telegram.delivered.length + stack.twilio.requests.length).toBeGreaterThan(repliesBeforeOutage);
    for (const p of stack.processes) expect(p.alive, `${p.name} died:\n${p.output().slice(-3000)}`).toBe(true);
    expect(await checkInvariants(stack, driver.mailbox, outcomes), stack.logs(1500)).toEqual([]);
    expect(outcomes.filter((o) => o.result === 'pin')).toHaveLength(guests.length);
  });
});
