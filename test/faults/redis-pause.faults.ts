import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuestDriver, Hold, planGuests } from '../support/guests.js';
import { checkInvariants, playAll, settle, spoolCounts } from './support/invariants.js';
import { waitFor } from '../support/wait.js';
import { Stack } from '../support/stack.js';

let stack: Stack;

/** A guest that never finished: what the services said is the only way to tell why. */
const withLogs = (err: unknown): never => {
  throw new Error(`${String(err)}\n${stack.logs(30_000)}`);
};

beforeAll(async () => {
  stack = await Stack.start({ ttlockLatencyMs: { min: 200, max: 600 } });
  await Promise.all([stack.spawn('web'), stack.spawn('worker')]);
});
afterAll(async () => {
  stack?.redis.resume();
  await stack?.close();
});

/** Longer than the chat mutex (4 s) and the 2 s command timeout; shorter than a PIN job's lock (15 s). */
const PAUSE_MS = 10_000;

describe('Redis paused (SIGSTOP) for 10 s during a check-in wave', () => {
  it('every guest finishes: nothing lost, nothing done twice', async () => {
    const guests = planGuests(24, stack.places, 'PAU');
    for (const g of guests) await stack.putBooking(g.ref, g.place);
    const driver = new GuestDriver({ telegram: stack.telegram, twilio: stack.twilio, base: () => stack.pickWeb().base });
    const activeKey = `${stack.keys.bullPrefix()}:pin:active`;
    // One guest per channel sends its third message into the pause.
    const hold = new Hold(guests.slice(0, 2), 2);

    const play = playAll(guests, 60, (g) => driver.play(g, { thinkMs: { min: 50, max: 300 }, beforeStep: hold.gate(g) }));
    const pause = (async () => {
      await waitFor(async () => hold.allWaiting() && (await stack.redis.redis.llen(activeKey)) >= 1, 60_000, 'PIN jobs active and the held guests ready', 20);
      stack.redis.pause();
      hold.release();
      // The fault itself, not a wait for a condition.
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      stack.redis.resume();
    })();
    const [outcomes] = await Promise.all([play.catch(withLogs), pause]);
    await settle(stack, 120_000);

    for (const p of stack.processes) expect(p.alive, `${p.name} died:\n${p.output().slice(-3000)}`).toBe(true);
    expect(await checkInvariants(stack, driver.mailbox, outcomes), stack.logs(1500)).toEqual([]);
    expect(outcomes.filter((o) => o.result === 'pin')).toHaveLength(guests.length);
    // The held WhatsApp guest's message met the pause: kept, then replayed.
    const spool = await spoolCounts(stack);
    expect(spool.spooled).toBeGreaterThanOrEqual(1);
    expect(spool).toEqual({ spooled: spool.spooled, replayed: spool.spooled, dropped: 0 });
  });
});
