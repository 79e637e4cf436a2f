import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Received } from '../../src/conversation/engine.js';
import type { MirrorLine } from '../../src/conversation/mirror.js';
import { en } from '../../src/flows/messages/en.js';
import { conversationKey, type Channel } from '../../src/flows/state.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

/** Default settings: 20 guest messages a minute per chat. */
let t: TestRuntime;
/** 2 messages per 1 s window, to see a window end without waiting a minute. */
let short: TestRuntime;
/** INBOUND_MESSAGES_PER_MINUTE=0. */
let unlimited: TestRuntime;
const mirrored: MirrorLine[] = [];
let logs = '';

const NUMBER = '+447400555123';

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  t = await startTestRuntime({
    channels: ['console', 'whatsapp'],
    logLevel: 'debug',
    logStream: stream,
    mirrors: [{ mirror: async (line) => void mirrored.push(line) }],
  });
  short = await startTestRuntime({ configure: (c) => ({ ...c, inboundLimit: { perWindow: 2, windowMs: 1_000 } }) });
  unlimited = await startTestRuntime({ env: { INBOUND_MESSAGES_PER_MINUTE: '0' } });
});
afterAll(async () => {
  await Promise.all([t?.close(), short?.close(), unlimited?.close()]);
});

/** Queues each text in order without waiting for any to be processed, then waits for the chat to drain. */
async function burst(rt: TestRuntime, chatId: string, texts: readonly string[], channel: Channel = 'console'): Promise<Received[]> {
  const results: Received[] = [];
  for (const text of texts) results.push(await rt.receive({ channel, chatId, event: { type: 'text', text } }));
  await Promise.all(results.map((r) => r.processed));
  await rt.quiet(chatId, channel);
  return results;
}

const lines = (n: number, prefix = 'msg') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
/** Events the flow consumed: each one commits one state version. */
const processed = async (rt: TestRuntime, convKey: string) => (await rt.runtime.store.load(convKey))?.version ?? 0;
const notices = (rt: TestRuntime, chatId: string, channel: Channel = 'console') => rt.sent(chatId, channel).filter((m) => m.text === en.tooFast());
const floodDrops = async (rt: TestRuntime, channel: Channel) =>
  (await rt.runtime.metrics.inboundDropped.get()).values.find((v) => v.labels.channel === channel && v.labels.reason === 'flood')?.value ?? 0;

async function drained(rt: TestRuntime, convKey: string): Promise<void> {
  await waitFor(async () => !(await rt.runtime.store.pending()).includes(convKey), 5_000, `${convKey} to leave the pending set`);
  expect(await rt.redis.llen(rt.keys.convInbox(convKey))).toBe(0);
  expect(await rt.redis.llen(rt.keys.convOutbox(convKey))).toBe(0);
}

describe('inbound flood limit (default: 20 a minute per chat)', () => {
  it('25 messages in a burst: 20 processed, one notice, the rest dropped, nothing left queued, one warn line without the number', async () => {
    const convKey = conversationKey('whatsapp', NUMBER);
    const dropsBefore = await floodDrops(t, 'whatsapp');
    const results = await burst(t, NUMBER, lines(25), 'whatsapp');

    expect(results.slice(0, 20).every((r) => r.accepted && r.dropped === undefined)).toBe(true);
    expect(results.slice(20).map((r) => [r.accepted, r.dropped])).toEqual(Array(5).fill([false, 'flood']));
    expect(await processed(t, convKey)).toBe(20);
    expect(notices(t, NUMBER, 'whatsapp')).toHaveLength(1);
    await drained(t, convKey);

    // Staff see the 20 messages the bot read, and the notice once.
    const mine = mirrored.filter((l) => l.convKey === convKey);
    expect(mine.filter((l) => l.from === 'guest').map((l) => l.text)).toEqual(lines(20));
    expect(mine.filter((l) => l.text === en.tooFast())).toHaveLength(1);

    expect((await floodDrops(t, 'whatsapp')) - dropsBefore).toBe(5);
    const warns = logs
      .split('\n')
      .filter((l) => l.includes('inbound flood limit reached'))
      .map((l) => JSON.parse(l) as { level: number; conv: string });
    expect(warns).toEqual([expect.objectContaining({ level: 40, conv: t.publicId(convKey) })]);
    expect(logs).not.toContain('7400555123');
  });

  it('another chat is served while one floods', async () => {
    const results: Received[] = [];
    for (const [i, text] of lines(25).entries()) {
      results.push(await t.receive({ channel: 'console', chatId: 'flooder', event: { type: 'text', text } }));
      if (i === 22) results.push(await t.receive({ channel: 'console', chatId: 'bystander', event: { type: 'text', text: 'hello' } }));
    }
    await Promise.all(results.map((r) => r.processed));
    await Promise.all([t.quiet('flooder'), t.quiet('bystander')]);

    expect(await processed(t, 'console:flooder')).toBe(20);
    expect(await processed(t, 'console:bystander')).toBe(1);
    expect(t.sent('bystander').length).toBeGreaterThan(0);
    expect(notices(t, 'bystander')).toEqual([]);
    expect(notices(t, 'flooder')).toHaveLength(1);
    await drained(t, 'console:bystander');
    await drained(t, 'console:flooder');
  });

  it('system events fed through engine.notify are never limited, and do not use up the guest allowance', async () => {
    const convKey = 'console:staffed';
    for (let i = 0; i < 25; i++) await t.runtime.engine.notify(convKey, { type: 'staffMessage', by: 'Maria', text: `note ${i + 1}` });
    await t.quiet('staffed');
    expect(await processed(t, convKey)).toBe(25);
    expect(t.sent('staffed').filter((m) => m.text.startsWith('note '))).toHaveLength(25);

    // The guest still has all 20, and a staff event after the guest went over still gets through.
    const results = await burst(t, 'staffed', lines(21));
    expect(results.filter((r) => r.accepted)).toHaveLength(20);
    await t.runtime.engine.notify(convKey, { type: 'staffRelease', by: 'Maria' });
    await t.quiet('staffed');
    expect(await processed(t, convKey)).toBe(25 + 20 + 1);
    expect((await t.runtime.store.load(convKey))?.state.takenOver).toBe(false);
    expect(notices(t, 'staffed')).toHaveLength(1);
    await drained(t, convKey);
  });

  it('a redelivered message is dropped as a duplicate and not counted again', async () => {
    const chatId = 'redelivered';
    const deliver = (n: number) => t.receive({ channel: 'console', chatId, deliveryId: `upd-${n}`, event: { type: 'text', text: `msg ${n}` } });
    const results: Received[] = [];
    for (let n = 1; n <= 19; n++) results.push(await deliver(n));
    for (let n = 1; n <= 19; n++) results.push(await deliver(n)); // the platform sends them all again
    expect(results.slice(19).every((r) => !r.accepted && r.dropped === 'duplicate')).toBe(true);

    const twentieth = await deliver(20);
    expect(twentieth).toMatchObject({ accepted: true });
    const over = await deliver(21);
    expect(over).toMatchObject({ accepted: false, dropped: 'flood' });
    // A redelivery of the dropped one is a duplicate: no second notice.
    expect(await deliver(21)).toMatchObject({ accepted: false, dropped: 'duplicate' });

    await Promise.all([...results, twentieth, over].map((r) => r.processed));
    await t.quiet(chatId);
    expect(await processed(t, `console:${chatId}`)).toBe(20);
    expect(notices(t, chatId)).toHaveLength(1);
    await drained(t, `console:${chatId}`);
  });
});

describe('the flood window', () => {
  it('ends: the chat is served again, and a new flood gets a new notice', async () => {
    const chatId = 'patient';
    const convKey = `console:${chatId}`;
    const first = await burst(short, chatId, lines(4, 'first'));
    expect(first.map((r) => r.dropped)).toEqual([undefined, undefined, 'flood', 'flood']);
    expect(notices(short, chatId)).toHaveLength(1);

    await waitFor(async () => (await short.redis.exists(short.keys.convInboundCount(convKey))) === 0, 5_000, 'the window to end');
    const replies = await short.say(chatId, 'again');
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.map((m) => m.text)).not.toContain(en.tooFast());
    expect(await processed(short, convKey)).toBe(3);

    const second = await burst(short, chatId, lines(3, 'second'));
    expect(second.map((r) => r.dropped)).toEqual([undefined, 'flood', 'flood']);
    expect(notices(short, chatId)).toHaveLength(2);
    await drained(short, convKey);
  });

  it('the count expires with the window (it never outlives it)', async () => {
    await short.receive({ channel: 'console', chatId: 'ttl', event: { type: 'text', text: 'hi' } });
    const ttl = await short.redis.pttl(short.keys.convInboundCount('console:ttl'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);
    await short.quiet('ttl');
  });
});

describe('INBOUND_MESSAGES_PER_MINUTE=0', () => {
  it('turns the limit off', async () => {
    const results = await burst(unlimited, 'free', lines(25));
    expect(results.every((r) => r.accepted)).toBe(true);
    expect(await processed(unlimited, 'console:free')).toBe(25);
    expect(notices(unlimited, 'free')).toEqual([]);
    expect(await unlimited.redis.exists(unlimited.keys.convInboundCount('console:free'))).toBe(0);
  });
});
