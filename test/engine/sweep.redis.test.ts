import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.js';

let t: TestRuntime;

beforeAll(async () => {
  t = await startTestRuntime(); // no workers: this test runs the sweeps itself
});
afterAll(() => t?.close());

describe('the sweeper', () => {
  it('drains a chat whose work was still queued at the previous sweep, and leaves a just-queued one to its process', async () => {
    const chatId = 'left-behind';
    // A web process acknowledged the message, then died before draining the chat.
    const queued = await t.runtime.store.enqueue(
      `console:${chatId}`,
      { id: 'm1', channel: 'console', chatId, receivedAt: Date.now(), event: { type: 'text', text: 'hello' } },
      undefined,
    );
    expect(queued).toBe('queued');

    await t.runtime.engine.sweep();
    expect(t.sent(chatId)).toEqual([]); // just queued: a live process would be draining it now
    await t.runtime.engine.sweep();
    expect(t.sent(chatId).length).toBeGreaterThan(0); // still there a sweep later: nobody is, so the sweeper does
    expect(await t.runtime.store.pending()).not.toContain(`console:${chatId}`);
  });
});
