import { describe, expect, it } from 'vitest';
import { Hold, type DeliveryAttempt } from '../support/guests.js';
import { waitFor } from '../support/wait.js';
import { faultCase } from './support/fault-case.js';
import { checkInvariants, playAll, settle, spoolCounts } from './support/invariants.js';

// AOF fsynced on every write: a restart keeps what was acknowledged, as a production Redis with
// persistence would. Without it the restart is a wipe, and "every guest finishes" cannot hold.
const fault = faultCase({ persistRedis: true, ttlockLatencyMs: { min: 200, max: 600 }, processes: ['web', 'worker'] });

const refused = (a: DeliveryAttempt) => a.status === 'error' || a.status >= 300;

describe('Redis killed and restarted mid-run', () => {
  it('refuses Telegram updates and spools WhatsApp messages while it is down; then every guest finishes, nothing lost or doubled', async () => {
    const { stack } = fault;
    const guests = await fault.guests(24, 'RST');
    const driver = fault.driver();
    // Two guests of each channel keep their third message until Redis is down.
    const hold = new Hold(guests.slice(0, 4), 2);

    const play = playAll(guests, 60, (g) => driver.play(g, { thinkMs: { min: 50, max: 300 }, beforeStep: hold.gate(g) }));
    const outage = (async () => {
      await waitFor(async () => hold.allWaiting() && (await fault.activePinJobs()) >= 1, 60_000, 'PIN jobs active and the held guests ready', 20);
      await stack.redis.crash();
      const downAt = Date.now();
      hold.release();
      // Down until both channels have met it: Telegram updates refused, WhatsApp messages spooled.
      await waitFor(
        async () => driver.attempts.filter((a) => a.channel === 'telegram' && a.at >= downAt && refused(a)).length >= 2 && (await spoolCounts(stack)).spooled >= 2,
        30_000,
        'webhooks of both channels to meet the outage',
        100,
      );
      await stack.redis.restart();
    })();
    const [outcomes] = await Promise.all([play.catch(fault.withLogs), outage]);
    await settle(stack, 120_000);

    for (const p of stack.processes) expect(p.alive, `${p.name} died:\n${p.output().slice(-3000)}`).toBe(true);
    // Refused updates were delivered again and taken (play() only returns once each is); nothing is left in the spool.
    expect(await checkInvariants(stack, driver.mailbox, outcomes), stack.logs(1500)).toEqual([]);
    expect(outcomes.filter((o) => o.result === 'pin')).toHaveLength(guests.length);
    const spool = await spoolCounts(stack);
    expect(spool).toEqual({ spooled: spool.spooled, replayed: spool.spooled, dropped: 0 });
  });
});
