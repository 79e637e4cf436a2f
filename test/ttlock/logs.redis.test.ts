import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { md5Hex } from '../../src/ttlock/token.js';
import { FAKE_CREDENTIALS, FakeTTLock } from '../fakes/ttlock-server.js';
import { answer, bookingToday, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { DEMO_LOCKS } from '../helpers/ttlock.js';

let fake: FakeTTLock | undefined;
let t: TestRuntime | undefined;
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('logs of a full TTLock run', () => {
  it('never contain the access or refresh token, the password (plain or md5), the client secret or the PIN', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    fake = await new FakeTTLock({ locks: DEMO_LOCKS }).start();
    t = await startTestRuntime({ workers: true, bookings: [bookingToday('LOG001')], ttlock: { url: fake.url }, logLevel: 'trace', logStream: sink });
    // A run with the usual trouble: a busy gateway, a revoked token, an unknown errcode, then a cancel.
    fake.script('/v3/keyboardPwd/add', { errcode: -3003 }, { lockId: 2001 });
    fake.script('/v3/lock/listKeyboardPwd', { errcode: -424242, errmsg: 'mystery' }, { lockId: 2002 });
    await expect(t.runtime.provider.listCodes(2002)).rejects.toThrow(/-424242/);
    await answer(t, 'guest', STEPS_TO.confirm('LOG001'));
    await waitFor(() => t!.sent('guest').some((m) => pinIn(m)), 15_000, 'the PIN message');
    const pin = pinIn(t.sent('guest').find((m) => pinIn(m))!)!;
    await waitFor(async () => (await t!.pinJobState('LOG001')) === 'completed', 10_000, 'the PIN job to end');
    fake.revokeAccessTokens();
    await t.runtime.bookingService.cancel('LOG001');
    await waitFor(() => fake!.codes(1001).length === 0 && fake!.codes(2001).length === 0, 15_000, 'the codes to be removed');
    await t.quiet('guest');

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(text).toContain('TTLock request'); // the client did log, at debug
    expect(text).toContain('unknown TTLock errcode');
    expect(fake.issuedTokens.length).toBeGreaterThanOrEqual(4);
    for (const secret of [...fake.issuedTokens, FAKE_CREDENTIALS.password, md5Hex(FAKE_CREDENTIALS.password), FAKE_CREDENTIALS.clientSecret]) {
      expect(text, 'a secret reached the logs').not.toContain(secret);
    }
    // The PIN as a number of its own (six digits can occur inside timestamps and ids by chance).
    expect(text).not.toMatch(new RegExp(`(?<![0-9])${pin}(?![0-9])`));
  });
});
