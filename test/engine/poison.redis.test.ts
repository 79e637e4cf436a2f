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

    await waitFor(() => t.sent('broken').some((m) => m.text === en.botError()), 10_000, 'the apology');
    const alerts = await t.alerts();
    expect(alerts.filter((a) => a.kind === 'bot_error' && a.convKey === 'console:broken')).toHaveLength(1);
    await waitFor(async () => (await t.redis.llen(t.keys.convInbox('console:broken'))) === 0, 5_000, 'the inbox to empty');
    expect(await t.runtime.store.pending()).not.toContain('console:broken');
  });
});
