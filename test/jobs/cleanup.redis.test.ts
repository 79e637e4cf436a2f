import { afterEach, describe, expect, it } from 'vitest';
import { answer, bookingToday, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

const REF = 'CANC01';
const CHAT = 'guest';
let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function cleanupJobsDone(rt: TestRuntime): Promise<boolean> {
  const c = await rt.runtime.cleanupQueue.getJobCounts('active', 'waiting', 'delayed', 'completed');
  return c.completed! > 0 && c.active! + c.waiting! + c.delayed! === 0;
}

describe('cancelling a booking', () => {
  it('while its PIN job is still adding codes leaves no code on either lock', { timeout: 30_000 }, async () => {
    const rt = (t = await startTestRuntime({
      workers: true,
      bookings: [bookingToday(REF)],
      env: { SIMULATED_LOCK_MIN_MS: '800', SIMULATED_LOCK_MAX_MS: '800' },
    }));
    await answer(rt, CHAT, STEPS_TO.email(REF)); // queues the PIN job
    // The job has fixed the digits and is programming the front door (800 ms), the room lock next.
    await waitFor(async () => (await rt.runtime.pins.get(REF))?.status === 'pending', 10_000, 'the PIN job to start');
    expect(await rt.pinJobState(REF)).toBe('active');
    await rt.runtime.bookingService.cancel(REF);

    await waitFor(async () => (await rt.pinJobState(REF)) !== 'active', 10_000, 'the PIN job to end');
    // The cleanup waits for the running PIN job (a retry with BullMQ backoff), then removes everything it added.
    await waitFor(() => cleanupJobsDone(rt), 20_000, 'the cleanup job to finish');
    expect(await rt.codes(1001)).toEqual([]);
    expect(await rt.codes(2001)).toEqual([]);
    expect(await rt.redis.exists(rt.keys.pin(REF))).toBe(0);
    expect(rt.sent(CHAT).filter((m) => pinIn(m))).toEqual([]);
    expect((await rt.alerts()).filter((a) => a.kind === 'pin_failed')).toEqual([]);
  });
});
