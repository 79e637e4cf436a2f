import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingToday, GUEST, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

const NUMBER = '+447400987654';
let t: TestRuntime;
let logs = '';

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  t = await startTestRuntime({ workers: true, channels: ['whatsapp'], logLevel: 'debug', logStream: stream, bookings: [bookingToday('PII100')] });
});
afterAll(() => t?.close());

describe('logs of a WhatsApp check-in', () => {
  it('never contain the guest number, email or PIN', async () => {
    const say = (text: string) => t.say(NUMBER, text, { channel: 'whatsapp', meta: { knownPhone: NUMBER } });
    for (const line of STEPS_TO.confirm('PII100')) await say(line);
    await waitFor(() => t.sent(NUMBER, 'whatsapp').some((m) => pinIn(m)), 10_000, 'the PIN');
    await t.quiet(NUMBER, 'whatsapp');
    const pin = pinIn(t.sent(NUMBER, 'whatsapp').find((m) => pinIn(m))!)!;
    expect(logs).toContain('"conv":"whatsapp#');
    expect(logs).not.toContain('7400987654');
    expect(logs).not.toContain(GUEST.email);
    expect(logs).not.toContain(pin);
    const audit = JSON.stringify(await t.runtime.audit.list('PII100'));
    expect(audit).not.toContain('7400987654');
  });
});
