import { describe, expect, it } from 'vitest';
import { Hold } from '../support/guests.js';
import { waitFor } from '../support/wait.js';
import { faultCase } from './support/fault-case.js';
import { checkInvariants, playAll, settle, spoolCounts } from './support/invariants.js';

const fault = faultCase({ ttlockLatencyMs: { min: 200, max: 600 }, processes: ['web', 'worker'] });

/** Longer than the chat mutex (4 s) and the 2 s command timeout; shorter than a PIN job's lock (15 s). */
const PAUSE_MS = 10_000;

describe('Redis paused (SIGSTOP) for 10 s during a check-in wave', () => {
  it('every guest finishes: nothing lost, nothing done twice', async () => {
    const { stack } = fault;
    const guests = await fault.guests(24, 'PAU');
    const driver = fault.driver();
    // One guest per channel sends its third message into the pause.
    const hold = new Hold(guests.slice(0, 2), 2);

    const play = playAll(guests, 60, (g) => driver.play(g, { thinkMs: { min: 50, max: 300 }, beforeStep: hold.gate(g) }));
    const pause = (async () => {
      await waitFor(async () => hold.allWaiting() && (await fault.activePinJobs()) >= 1, 60_000, 'PIN jobs active and the held guests ready', 20);
      stack.redis.pause();
      hold.release();
      // The fault itself, not a wait for a condition.
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      stack.redis.resume();
    })();
    const [outcomes] = await Promise.all([play.catch(fault.withLogs), pause]);
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
