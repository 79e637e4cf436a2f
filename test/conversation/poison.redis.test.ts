import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { bookingToday } from '../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ workers: { sweepIntervalMs: 50 }, bookings: [bookingToday('POI100')] });
});
afterAll(() => t?.close());

describe('an event that cannot be processed', () => {
  it('is retried, then dropped and reported to guest and staff; the chat is not stuck', async () => {
    await t.say('broken', 'POI100');
    // Corrupt the stored conversation: every attempt to process the next message fails.
    await t.redis.hset(t.keys.conv('console:broken'), 'state', '{"schema":99}');
    await t.receive({ channel: 'console', chatId: 'broken', event: { type: 'text', text: 'Alex Morgan' } });

    await waitFor(() => t.sent('broken').some((m) => m.text === en.botError()), 15_000, 'the apology');
    await waitFor(async () => (await t.alerts()).some((a) => a.kind === 'bot_error' && a.convKey === 'console:broken'), 5_000, 'the alert');
    // The chat is not stuck: nothing left queued for it.
    await waitFor(async () => !(await t.runtime.store.pending()).includes('console:broken'), 5_000, 'the chat to settle');
    expect(await t.redis.llen(t.keys.convInbox('console:broken'))).toBe(0);
    expect((await t.alerts()).filter((a) => a.kind === 'bot_error' && a.convKey === 'console:broken')).toHaveLength(1);
  });
});
