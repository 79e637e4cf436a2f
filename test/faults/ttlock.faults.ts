import { describe, expect, it } from 'vitest';
import { faultCase } from './support/fault-case.js';
import { checkInvariants, playAll, settle } from './support/invariants.js';

const fault = faultCase({ ttlockLatencyMs: { min: 40, max: 200 }, processes: ['web', 'worker'] });

const ADD = '/v3/keyboardPwd/add';
const LIST = '/v3/lock/listKeyboardPwd';

describe('TTLock answering gateway-busy and 5xx in bursts, and timing out', () => {
  it('retries through the bursts; a PIN or a staff-alerted failure for each guest, never a stray code', async () => {
    const { stack } = fault;
    const guests = await fault.guests(24, 'TTL');
    const driver = fault.driver();

    // One hung add (the client's 30 s floor timeout; the gateway stays held meanwhile) and, after
    // it, a busy/5xx burst every 1.5 s while guests are playing.
    stack.ttlock.script(ADD, { hang: true }, { times: 1 });
    let playing = true;
    const bursts = (async () => {
      const kinds = [
        () => stack.ttlock.script(ADD, { errcode: -3003 }, { times: 4 }),
        () => stack.ttlock.script(ADD, { status: 502 }, { times: 2 }),
        () => stack.ttlock.script(LIST, { status: 503 }, { times: 2 }),
        () => stack.ttlock.script(ADD, { dropAfterApply: true }, { times: 1 }),
      ];
      // A fixed window: bursts that went on for as long as the slowest guest would starve exactly that guest.
      const until = Date.now() + 20_000;
      for (let i = 0; playing && Date.now() < until; i++) {
        kinds[i % kinds.length]!();
        await new Promise((r) => setTimeout(r, 1_500));
      }
    })();
    const outcomes = await playAll(guests, 80, (g) => driver.play(g, { thinkMs: { min: 20, max: 200 } })).finally(() => (playing = false));
    await bursts;
    await settle(stack, 90_000);

    expect(await checkInvariants(stack, driver.mailbox, outcomes), stack.logs(1500)).toEqual([]);
    const outcomesOf = (pred: (o: unknown) => boolean) => stack.ttlock.requests.filter((r) => pred(r.outcome)).length;
    // The faults really were served.
    expect(outcomesOf((o) => o === 'hang')).toBe(1);
    expect(outcomesOf((o) => typeof o === 'object' && o !== null && (o as { errcode: number }).errcode === -3003)).toBeGreaterThan(0);
    expect(outcomesOf((o) => typeof o === 'object' && o !== null && (o as { status: number }).status >= 500)).toBeGreaterThan(0);
    // Bursts this short are within the retry budget: nobody should be left without a PIN.
    expect(outcomes.filter((o) => o.result === 'failed').map((o) => o.plan.ref)).toEqual([]);
  });
});
