import { afterEach, describe, expect, it } from 'vitest';
import { GuessLimits } from '../../src/conversation/guess-limits.js';
import { en } from '../../src/flows/messages/en.js';
import { answer, bookingToday, CONTACT_PHONE, GUEST } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

const REF = 'IDR100';
const FRONT_DOOR = 1001;
const ROOM = 2001;
/** The booked guest's contact details (GUEST types the phone). */
const BOOKED = { guestPhone: '+447400123456', guestEmail: 'alex.morgan@example.com' };
const STRANGER = { phone: '+44 7400 654321', email: 'not.alex@example.org' };
const STAFF = 'staff-group:@maria (1)';

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(env: Record<string, string> = {}, workers = false): Promise<TestRuntime> {
  t = await startTestRuntime({ bookings: [bookingToday(REF, BOOKED)], env, workers });
  return t;
}

const details = (name: string, phone: string, email: string) => [REF, name, phone, email, 'no car'];
const pins = (rt: TestRuntime, chat: string) => rt.sent(chat).map(pinIn).filter((p) => p !== undefined);

describe('identity tries, counted in Redis per booking', () => {
  it('survive RESTART and a second chat: after 3 failed tries no chat can prove the booking, until staff /unlock', async () => {
    const rt = await start();
    await answer(rt, 'stranger', details(GUEST.name, STRANGER.phone, STRANGER.email));
    await answer(rt, 'stranger', ['change email', 'guess.two@example.org', 'change email', 'guess.three@example.org']);
    expect(await rt.redis.get(rt.keys.identityTries(REF))).toBe('3');

    // RESTART changes nothing: the right details are not even checked now.
    await answer(rt, 'stranger', ['restart', ...details(GUEST.name, GUEST.phone, STRANGER.email), 'yes']);
    expect(rt.sent('stranger').at(-1)!.text).toBe(en.pinHeld());
    // Nor does another chat, even with every detail right.
    await answer(rt, 'rightful', [...details(GUEST.name, GUEST.phone, GUEST.email), 'yes']);
    expect(rt.sent('rightful').at(-1)!.text).toBe(en.pinHeld());
    expect(await rt.runtime.store.owner(REF)).toBeNull();
    expect(await rt.pinJobState(REF)).toBe('unknown');
    const alerts = (await rt.alerts()).filter((a) => a.ref === REF);
    expect(alerts.filter((a) => a.kind === 'identity_locked')).toHaveLength(1);
    // One hold alert per chat, not one per guess.
    expect(alerts.filter((a) => a.kind === 'identity_mismatch').map((a) => a.convKey).sort()).toEqual(['console:rightful', 'console:stranger']);

    await rt.runtime.guessLimits.unlock('console:rightful', REF);
    await answer(rt, 'rightful', ['change phone', GUEST.phone]);
    expect(await rt.runtime.store.owner(REF)).toBe('console:rightful');
  });

  it('are enforced when the details are saved: a proof made while another chat used the last try is refused', async () => {
    const rt = await start();
    // The loader sees 2 tries; the third is used by another chat before this chat's step is saved.
    await answer(rt, 'late', [REF, GUEST.name, GUEST.phone]);
    await rt.redis.set(rt.keys.identityTries(REF), '3');
    await answer(rt, 'late', [GUEST.email]);
    const state = (await rt.runtime.store.load('console:late'))!.state;
    expect(state.identity).toBe('mismatch');
    expect(await rt.runtime.store.owner(REF)).toBeNull();
  });
});

describe('unknown refs, counted in Redis per chat and overall', () => {
  it('5 in an hour: one alert, and a restarted chat still cannot look up a real ref', async () => {
    const rt = await start();
    await answer(rt, 'guesser', ['hello', 'ZZ0001', 'ZZ0002', 'ZZ0003', 'ZZ0004', 'ZZ0005']);
    expect(rt.sent('guesser').at(-1)!.text).toBe(en.refGivingUp());
    const replies = await answer(rt, 'guesser', ['restart', REF]);
    expect(replies.map((m) => m.text)).toEqual([en.lookupsPaused()]);
    expect((await rt.alerts()).filter((a) => a.kind === 'ref_attempts')).toHaveLength(1);
    // Staff /unlock: the chat looks up again.
    await rt.runtime.guessLimits.unlock('console:guesser', undefined);
    expect((await answer(rt, 'guesser', [REF])).map((m) => m.text)).toEqual([en.refAccepted()]);
  });

  it('the global rate trips for every chat (one alert), and resets with the minute', async () => {
    const rt = await start({ REF_LOOKUP_FAILURES_PER_MINUTE: '3' });
    for (const chat of ['a', 'b', 'c']) await answer(rt, chat, ['hello', `ZZ000${chat.charCodeAt(0)}`]);
    for (const chat of ['d', 'e']) expect((await answer(rt, chat, ['hello', REF])).map((m) => m.text)).toEqual([en.lookupsPaused()]);
    await waitFor(async () => (await rt.alerts()).some((a) => a.kind === 'lookups_paused'), 5_000, 'the alert');
    expect((await rt.alerts()).filter((a) => a.kind === 'lookups_paused')).toHaveLength(1);

    // The next minute, as a process a minute later sees it.
    const later = new GuessLimits(rt.redis, rt.keys, rt.runtime.guessLimits.settings, rt.publicId, () => Date.now() + 60_000);
    expect(await later.lookup('console:f')).toEqual({ chatMisses: 0 });
    expect((await rt.runtime.guessLimits.lookup('console:f')).paused).toBe('global');
  });
});

describe('claim recovery', () => {
  it('/reassign takes the booking from the chat that claimed it: codes revoked, that chat barred, the next chat that proves it gets a new PIN', { timeout: 40_000 }, async () => {
    const rt = await start({ SIMULATED_LOCK_MIN_MS: '20', SIMULATED_LOCK_MAX_MS: '60' }, true);
    // A stranger who knows the name and the booked email.
    await answer(rt, 'stranger', [...details(GUEST.name, STRANGER.phone, BOOKED.guestEmail), 'yes']);
    await waitFor(() => pins(rt, 'stranger').length === 1, 10_000, "the stranger's PIN");
    const old = pins(rt, 'stranger')[0]!;
    expect((await rt.codes(FRONT_DOOR)).map((c) => c.code)).toEqual([old]);

    const result = await rt.runtime.reassigner.reassign(REF, STAFF);
    expect(result).toEqual({ ok: true, from: 'console:stranger' });
    await waitFor(async () => (await rt.codes(FRONT_DOOR)).length === 0 && (await rt.codes(ROOM)).length === 0, 10_000, 'the old codes off both locks');
    await rt.quiet('stranger');
    expect(rt.sent('stranger').at(-1)!.text).toBe(en.reassigned());
    expect((await rt.runtime.audit.list(REF)).find((e) => e.action === 'reassigned')).toMatchObject({ by: STAFF });

    // The stranger cannot take it back with the same details.
    await answer(rt, 'stranger', ['restart', ...details(GUEST.name, STRANGER.phone, BOOKED.guestEmail), 'yes']);
    expect(rt.sent('stranger').at(-1)!.text).toBe(en.pinHeld());

    await answer(rt, 'rightful', [...details(GUEST.name, GUEST.phone, GUEST.email), 'yes']);
    await waitFor(() => pins(rt, 'rightful').length === 1, 15_000, "the rightful guest's PIN");
    const fresh = pins(rt, 'rightful')[0]!;
    expect(fresh).not.toBe(old);
    for (const lock of [FRONT_DOOR, ROOM]) expect((await rt.codes(lock)).map((c) => c.code)).toEqual([fresh]);
    expect(await rt.runtime.store.owner(REF)).toBe('console:rightful');
    expect(pins(rt, 'stranger')).toEqual([old]);
  });

  it('/reassign while the stranger\'s code is still being made: it comes off when the job ends, and nobody is sent it', { timeout: 40_000 }, async () => {
    const rt = await start({ SIMULATED_LOCK_MIN_MS: '400', SIMULATED_LOCK_MAX_MS: '500' }, true);
    await answer(rt, 'stranger', details(GUEST.name, STRANGER.phone, BOOKED.guestEmail));
    await waitFor(async () => (await rt.pinJobState(REF)) === 'active', 5_000, 'the job to start');
    expect(await rt.runtime.reassigner.reassign(REF, STAFF)).toEqual({ ok: true, from: 'console:stranger' });
    await answer(rt, 'stranger', ['yes']);
    await waitFor(async () => (await rt.pinJobState(REF)) === 'completed', 20_000, 'the job to finish');
    for (const lock of [FRONT_DOOR, ROOM]) expect(await rt.codes(lock)).toEqual([]);
    expect(pins(rt, 'stranger')).toEqual([]);
    expect(await rt.redis.exists(rt.keys.pin(REF))).toBe(0);
  });

  it('old codes that cannot be taken off reach staff, naming the booking, even with no chat to tell', { timeout: 60_000 }, async () => {
    const rt = await start({ SIMULATED_LOCK_MIN_MS: '20', SIMULATED_LOCK_MAX_MS: '60', PIN_JOB_ATTEMPTS: '2' }, true);
    await answer(rt, 'stranger', [...details(GUEST.name, STRANGER.phone, BOOKED.guestEmail), 'yes']);
    await waitFor(() => pins(rt, 'stranger').length === 1, 10_000, "the stranger's PIN");
    await rt.locks.injectFailures(FRONT_DOOR, ['permanent', 'permanent', 'permanent', 'permanent', 'permanent', 'permanent']);
    await rt.runtime.reassigner.reassign(REF, STAFF);
    const alert = await waitFor(async () => (await rt.alerts()).find((a) => a.kind === 'pin_failed' && a.ref === REF), 30_000, 'the staff alert');
    expect(alert.detail).toContain(REF);
    expect(alert.detail).toContain('could not');
  });

  it('/reassign of a booking nobody holds is refused', async () => {
    const rt = await start();
    expect(await rt.runtime.reassigner.reassign(REF, STAFF)).toEqual({ ok: false, reason: 'not_claimed' });
  });

  it('cancelling clears the owner and tells that chat at once; the booking made again is proven afresh', async () => {
    const rt = await start();
    await answer(rt, 'guest', [...details(GUEST.name, GUEST.phone, GUEST.email), 'yes']);
    expect(await rt.runtime.store.owner(REF)).toBe('console:guest');
    await rt.runtime.bookingService.cancel(REF);
    expect(await rt.runtime.store.owner(REF)).toBeNull();
    await rt.quiet('guest');
    expect(rt.sent('guest').at(-1)!.text).toBe(en.bookingCancelled(REF, CONTACT_PHONE));
    await rt.runtime.bookingService.upsert(bookingToday(REF, BOOKED));
    await answer(rt, 'other', [...details(GUEST.name, GUEST.phone, GUEST.email)]);
    expect(await rt.runtime.store.owner(REF)).toBe('console:other');
  });
});
