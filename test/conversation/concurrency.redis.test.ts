import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { bookingToday, GUEST } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type SentMessage, type TestRuntime } from '../helpers/runtime.js';

/**
 * Two engines on one Redis prefix, each with its own connections: two processes of one
 * deployment. Both record what they send in one shared log.
 */
let a: TestRuntime;
let b: TestRuntime;
const log: SentMessage[] = [];

beforeAll(async () => {
  a = await startTestRuntime({ log, bookings: [bookingToday('CONC01'), bookingToday('CONC02'), bookingToday('RACE01')] });
  b = await startTestRuntime({ log, prefix: a.prefix });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const engines = () => [a, b] as const;

/** Queues each message in order, alternating engines, without waiting for any to be processed; then waits for all. */
async function fire(chatId: string, lines: readonly string[]): Promise<void> {
  const processed: Promise<void>[] = [];
  for (const [i, text] of lines.entries()) {
    const { accepted, processed: p } = await engines()[i % 2]!.receive({ channel: 'console', chatId, event: { type: 'text', text } });
    expect(accepted).toBe(true);
    processed.push(p);
  }
  await Promise.all(processed);
  await a.quiet(chatId);
}

describe('one chat served by two engines at once', () => {
  it('processes every message once, in order, and ends at the right step with every field', async () => {
    const chat = 'two-engines';
    await fire(chat, ['hello', 'NOPE99', 'conc-01', GUEST.name, GUEST.phone, 'not an email', GUEST.email, 'AB12 CDE', 'yes', 'help']);

    const texts = a.sent(chat).map((m) => m.text);
    expect(texts).toHaveLength(11);
    expect(texts[0]).toBe(en.welcome());
    expect(texts[1]).toBe(en.refNotFound('NOPE99'));
    expect(texts[2]).toBe(en.refAccepted());
    expect(texts[3]).toBe(en.askPhone(undefined));
    expect(texts[4]).toBe(en.askEmail());
    expect(texts[5]).toBe(en.emailInvalid());
    expect(texts[6]).toBe(en.askCar(true));
    expect(texts[7]).toMatch(/^Please check your details:/);
    expect(texts[7]).toContain('Car: AB12 CDE');
    expect(texts[8]).toBe(en.pinComing()); // no worker runs here: the PIN is not ready
    expect(texts[9]).toBe(en.help());
    expect(texts[10]).toMatch(/^You're checked in to Room 1\./);

    const conv = await a.runtime.store.load(`console:${chat}`);
    expect(conv?.state).toMatchObject({
      step: 'done',
      ref: 'CONC01',
      identity: 'matched',
      guest: { name: 'Alex Morgan', phone: '+447400123456', email: 'alex@example.com', car: 'AB12 CDE' },
      pin: { requested: true, status: 'pending', sent: false },
    });
    // One committed version per message: nothing applied twice, nothing skipped.
    expect(conv?.version).toBe(10);
    expect(await a.redis.get(a.keys.convByBooking('CONC01'))).toBe(`console:${chat}`);
    expect(await a.pinJobState('CONC01')).toBe('waiting');
    expect(await a.redis.sismember(a.keys.convPending(), `console:${chat}`)).toBe(0);
  });

  it('processes one delivery id once, however often and through whichever engine it arrives', async () => {
    const chat = 'redelivered';
    const inbound = { channel: 'console' as const, chatId: chat, deliveryId: 'update-42', event: { type: 'text' as const, text: 'CONC02' } };
    const results = await Promise.all([a.receive(inbound), b.receive(inbound), a.receive(inbound)]);
    expect(results.filter((r) => r.accepted)).toHaveLength(1);
    await Promise.all(results.map((r) => r.processed));
    await a.quiet(chat);

    expect(a.sent(chat)).toHaveLength(1);
    expect(a.sent(chat)[0]!.text).toBe(en.refAccepted());
    expect((await a.runtime.store.load(`console:${chat}`))?.version).toBe(1);
    // A later redelivery (say, a webhook retried an hour later) is still dropped.
    const late = await b.receive(inbound);
    expect(late.accepted).toBe(false);
    await late.processed;
    expect(a.sent(chat)).toHaveLength(1);
  });

  it('gives a booking to exactly one of two chats claiming it at the same moment', async () => {
    const workers = a.startWorkers(); // the PIN job for the winner
    const [one, two] = ['race-one', 'race-two'];
    // Both reach the email step (no claim yet), then answer it at the same moment through different engines.
    await Promise.all([
      (async () => {
        for (const line of ['RACE01', GUEST.name, GUEST.phone]) await a.say(one, line);
      })(),
      (async () => {
        for (const line of ['RACE01', GUEST.name, GUEST.phone]) await b.say(two, line);
      })(),
    ]);
    const emails = await Promise.all([
      a.receive({ channel: 'console', chatId: one, event: { type: 'text', text: GUEST.email } }),
      b.receive({ channel: 'console', chatId: two, event: { type: 'text', text: GUEST.email } }),
    ]);
    await Promise.all(emails.map((r) => r.processed));
    await Promise.all([a.quiet(one), a.quiet(two)]);

    const owner = await a.redis.get(a.keys.convByBooking('RACE01'));
    expect([`console:${one}`, `console:${two}`]).toContain(owner);
    const winner = owner === `console:${one}` ? one : two;
    const loser = winner === one ? two : one;
    const states = {
      winner: (await a.runtime.store.load(`console:${winner}`))!.state,
      loser: (await a.runtime.store.load(`console:${loser}`))!.state,
    };
    expect(states.winner).toMatchObject({ step: 'car', ref: 'RACE01', pin: { requested: true } });
    expect(states.loser).toMatchObject({ step: 'blocked', blockedReason: 'claimed_elsewhere', pin: { requested: false } });
    expect(a.sent(loser).at(-1)!.text).toBe(en.claimedElsewhere('RACE01', '+442079460958'));
    const claimed = (await a.alerts()).filter((x) => x.kind === 'claimed_elsewhere');
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ ref: 'RACE01', convKey: `console:${loser}` });
    // Only the winner waits for the PIN.
    expect(await a.redis.smembers(a.keys.pinWatchers('RACE01'))).toEqual([`console:${winner}`]);

    // Both carry on to the end; only the winner ever gets a PIN.
    await Promise.all([
      (async () => {
        for (const line of ['no car', 'yes']) await a.say(winner, line);
      })(),
      (async () => {
        for (const line of ['no car', 'yes', 'pin']) await b.say(loser, line);
      })(),
    ]);
    await waitFor(async () => (await a.pinJobState('RACE01')) === 'completed', 10_000, 'the PIN job');
    await waitFor(() => a.sent(winner).some((m) => pinIn(m)), 10_000, 'the PIN message');
    await Promise.all([a.quiet(winner), a.quiet(loser)]);
    await workers.close(3_000);

    // (The first test's chat gets its CONC01 PIN pushed too once workers run: count the race's chats only.)
    const pinMessages = log.filter((m) => (m.chatId === one || m.chatId === two) && pinIn(m) !== undefined);
    expect(pinMessages).toHaveLength(1);
    expect(pinMessages[0]).toMatchObject({ chatId: winner });
    const code = (await a.runtime.pins.get('RACE01'))!.code;
    expect(pinIn(pinMessages[0]!)).toBe(code);
    expect(a.sent(loser).filter((m) => m.text.includes(code))).toEqual([]);
    for (const lockId of [1001, 2001]) {
      expect((await a.codes(lockId)).filter((c) => c.name === 'RACE01').map((c) => c.code)).toEqual([code]);
    }
  });
});
