import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MirrorLine } from '../../src/conversation/mirror.js';
import { answer, bookingToday, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

let t: TestRuntime;
const lines: MirrorLine[] = [];

beforeAll(async () => {
  t = await startTestRuntime({ workers: true, bookings: [bookingToday('MIR100')], mirrors: [{ mirror: async (line) => void lines.push(line) }] });
});
afterAll(() => t?.close());

describe('staff mirror', () => {
  it('gets every guest message and bot reply in order, labelled, with the PIN hidden', async () => {
    await answer(t, 'g1', STEPS_TO.confirm('MIR100'));
    await waitFor(() => t.sent('g1').some((m) => pinIn(m)), 10_000, 'the PIN');
    await t.quiet('g1');
    const pin = pinIn(t.sent('g1').find((m) => pinIn(m))!)!;

    const guestLines = lines.filter((l) => l.from === 'guest').map((l) => l.text);
    expect(guestLines).toEqual(STEPS_TO.confirm('MIR100'));
    const botLines = lines.filter((l) => l.from === 'bot').map((l) => l.text);
    const nonPinReplies = t
      .sent('g1')
      .filter((m) => !pinIn(m))
      .map((m) => m.text);
    expect(botLines.filter((l) => !l.includes('[door code hidden]'))).toEqual(nonPinReplies);
    expect(botLines.some((l) => l.includes('[door code hidden]'))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(pin);
    // The guest's first message comes before the bot's first reply.
    expect(lines[0]).toMatchObject({ from: 'guest', convKey: 'console:g1', text: 'MIR100' });
    expect(lines.at(-1)?.ref).toBe('MIR100');
  });
});
