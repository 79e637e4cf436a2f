import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { answer, bookingToday, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

const REF = 'CHK100';
const CHAT = 'guest-1';
let t: TestRuntime;

beforeAll(async () => {
  t = await startTestRuntime({ workers: true, bookings: [bookingToday(REF)] });
});
afterAll(() => t?.close());

describe('a full check-in through the engine, workers and simulated locks', () => {
  it('ends with one PIN message whose digits are on both locks, for the stay window only', async () => {
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    // The PIN is sent at confirmation if ready, else pushed when the job finishes: wait for the job either way.
    await waitFor(async () => (await t.pinJobState(REF)) === 'completed', 10_000, 'the PIN job to complete');
    await waitFor(() => t.sent(CHAT).some((m) => pinIn(m)), 10_000, 'the PIN message');
    await t.quiet(CHAT);

    const pins = t.sent(CHAT).filter((m) => pinIn(m) !== undefined);
    expect(pins).toHaveLength(1);
    const record = await t.runtime.pins.get(REF);
    expect(record?.status).toBe('ready');
    const digits = pinIn(pins[0]!);
    expect(digits).toMatch(/^\d{6}$/);
    expect(digits).toBe(record!.code);
    // The PIN message is marked secret, with a redacted copy for logs and staff mirrors.
    expect(pins[0]!.secret?.redacted).toContain(en.pinRedacted);
    expect(pins[0]!.secret?.redacted).not.toContain(digits);

    // Booked 15:00 today to 11:00 in two days, London time (no buffers configured).
    const today = DateTime.now().setZone('Europe/London').startOf('day');
    const start = today.set({ hour: 15 }).toMillis();
    const end = today.plus({ days: 2 }).set({ hour: 11 }).toMillis();
    expect({ start: record!.start, end: record!.end }).toEqual({ start, end });
    for (const lockId of [1001, 2001]) {
      const codes = await t.codes(lockId);
      expect(codes, `lock ${lockId}`).toHaveLength(1);
      expect(codes[0]).toMatchObject({ lockId, name: REF, code: digits, start, end });
      expect(record!.locks[String(lockId)]).toBe(codes[0]!.codeId);
    }
    expect(await t.codes(2002)).toEqual([]);
  });

  it('records the chat as the owner of the booking', async () => {
    expect(await t.redis.get(t.keys.convByBooking(REF))).toBe(`console:${CHAT}`);
    const conv = await t.runtime.store.load(`console:${CHAT}`);
    expect(conv?.state).toMatchObject({
      step: 'done',
      ref: REF,
      identity: 'matched',
      guest: { name: 'Alex Morgan', phone: '+447400123456', email: 'alex@example.com', car: null },
      pin: { requested: true, status: 'ready', sent: true },
    });
  });

  it('keeps an audit trail without the PIN digits', async () => {
    const code = (await t.runtime.pins.get(REF))!.code;
    const raw = await t.redis.xrange(t.keys.audit(REF), '-', '+');
    expect(raw.length).toBeGreaterThan(0);
    for (const [, fields] of raw) expect(fields.join(' ')).not.toContain(code);
    const actions = (await t.runtime.audit.list(REF)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['ref_accepted', 'details_accepted', 'confirmed', 'pin_sent']));
    // Staff alerts neither: nothing went wrong, so there are none.
    expect(await t.alerts()).toEqual([]);
  });

  it('resends the same PIN to the verified chat on request', async () => {
    const code = (await t.runtime.pins.get(REF))!.code;
    const replies = await t.say(CHAT, 'pin');
    expect(replies.map(pinIn)).toEqual([code]);
    expect(await t.codes(1001)).toHaveLength(1);
  });
});

describe('a send that fails', () => {
  it('is retried later, and the replies to newer messages wait behind it (order kept)', async () => {
    const chat = 'flaky-channel';
    await t.runtime.bookings.upsert(bookingToday('CHK200'));
    t.senders.console!.failNext(1, true);
    const first = await t.receive({ channel: 'console', chatId: chat, event: { type: 'text', text: 'CHK200' } });
    const second = await t.receive({ channel: 'console', chatId: chat, event: { type: 'text', text: 'Alex Morgan' } });
    await Promise.all([first.processed, second.processed]);
    expect(t.sent(chat)).toEqual([]); // the first reply waits for its retry; the second waits behind it
    await t.quiet(chat); // the sweeper retries once the backoff is over
    expect(t.sent(chat).map((m) => m.text)).toEqual([en.refAccepted(), en.askPhone(undefined)]);
    expect(await t.alerts()).toEqual([]);
  });

  it('for good is reported to staff and the conversation carries on', async () => {
    const chat = 'dead-channel';
    await t.runtime.bookings.upsert(bookingToday('CHK300'));
    t.senders.console!.failNext(1, false);
    expect(await t.say(chat, 'CHK300')).toEqual([]);
    const failed = (await t.alerts()).filter((a) => a.kind === 'delivery_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ ref: 'CHK300', convKey: `console:${chat}` });
    expect((await t.say(chat, 'Alex Morgan')).map((m) => m.text)).toEqual([en.askPhone(undefined)]);
  });
});
