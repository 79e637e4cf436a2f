import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { spawnWorkerProcess, startTestRuntime, waitFor, type SentMessage, type TestRuntime, type WorkerProcess } from '../helpers/runtime.js';

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

describe('a process killed while sending', () => {
  let other: TestRuntime | undefined;
  let child: WorkerProcess | undefined;
  afterEach(async () => {
    await child?.kill('SIGKILL');
    await other?.close();
  });

  it('has its chat finished by another process within seconds, and the guest gets the message once', { timeout: 30_000 }, async () => {
    other = await startTestRuntime();
    const chatId = 'killed-mid-send';
    const log: SentMessage[] = [];
    child = spawnWorkerProcess({ prefix: other.prefix, log, env: { HANG_SENDS_TO: chatId }, startWorkers: { sweepIntervalMs: 100 } });
    await child.ready;
    // A web process queued the guest's message; the worker's sweeper takes it and hangs in the send.
    await other.runtime.store.enqueue(
      `console:${chatId}`,
      { id: 'm1', channel: 'console', chatId, receivedAt: Date.now(), event: { type: 'text', text: 'hello' } },
      undefined,
    );
    await waitFor(() => child!.hanging.includes(chatId), 10_000, 'the send to start');
    await child.kill('SIGKILL');
    const killedAt = Date.now();

    // This process's sweeper (every 2 s in production; driven here) takes the chat once the dead holder's lock expires.
    while (other.sent(chatId).length === 0 && Date.now() - killedAt < 20_000) {
      await other.runtime.engine.sweep();
      await new Promise((r) => setTimeout(r, 200));
    }
    // Bounded far below the old 30 s lock: a dead process no longer holds a chat for half a minute.
    expect(Date.now() - killedAt).toBeLessThan(12_000);
    await other.quiet(chatId);
    expect(other.sent(chatId).map((m) => m.text)).toEqual([en.welcome()]);
    expect(log).toEqual([]);
  });
});
