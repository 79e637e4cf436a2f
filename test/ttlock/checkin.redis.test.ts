import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { FakeTTLock } from '../fakes/ttlock-server.js';
import { answer, bookingToday, CONTACT_PHONE, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime, type TestRuntimeOptions } from '../helpers/runtime.js';
import { DEMO_LOCKS, type TestTTLockOptions } from '../helpers/ttlock.js';

const REF = 'TTL100';
const CHAT = 'guest';
const FRONT_DOOR = 1001;
const ROOM = 2001;

let fake: FakeTTLock | undefined;
let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
});

async function start(
  o: { runtime?: TestRuntimeOptions; fake?: ConstructorParameters<typeof FakeTTLock>[0]; ttlock?: Omit<TestTTLockOptions, 'url'> } = {},
) {
  fake = await new FakeTTLock({ locks: DEMO_LOCKS, ...o.fake }).start();
  t = await startTestRuntime({ workers: true, bookings: [bookingToday(REF)], ttlock: { url: fake.url, ...o.ttlock }, ...o.runtime });
  return { fake, t };
}

const pinMessages = (rt: TestRuntime) => rt.sent(CHAT).filter((m) => pinIn(m) !== undefined);

async function pinSent(rt: TestRuntime): Promise<string> {
  await waitFor(() => pinMessages(rt).length > 0, 15_000, 'the PIN message');
  await rt.quiet(CHAT);
  return pinIn(pinMessages(rt)[0]!)!;
}

async function failureTold(rt: TestRuntime): Promise<void> {
  await waitFor(() => rt.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 15_000, 'the pinFailed message');
  await rt.quiet(CHAT);
  expect(pinMessages(rt)).toEqual([]);
  expect(rt.sent(CHAT).filter((m) => m.text === en.pinFailed(CONTACT_PHONE))).toHaveLength(1);
  const failed = (await rt.alerts()).filter((a) => a.kind === 'pin_failed');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ ref: REF, convKey: `console:${CHAT}` });
}

describe('check-in with LOCK_PROVIDER=ttlock', () => {
  it('puts one code on the front door and one on the room: the PIN sent, for the stay in London time, through the gateway', async () => {
    const { fake, t } = await start();
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    const pin = await pinSent(t);
    expect(pin).toMatch(/^\d{6}$/);

    const today = DateTime.now().setZone('Europe/London').startOf('day');
    const from = today.set({ hour: 15 }).toMillis();
    const end = today.plus({ days: 2 }).set({ hour: 11 }).toMillis();
    for (const lockId of [FRONT_DOOR, ROOM]) {
      expect(fake.codes(lockId).map((c) => ({ pwd: c.keyboardPwd, name: c.keyboardPwdName, start: c.startDate, end: c.endDate, type: c.keyboardPwdType, addType: c.addType }))).toEqual([
        { pwd: pin, name: `Guest ${REF}`, start: from, end, type: 3, addType: 2 },
      ]);
    }
    expect(fake.codes(2002)).toEqual([]);
    const record = await t.runtime.pins.get(REF);
    expect(record).toMatchObject({ status: 'ready', code: pin, start: from, end });
    expect(record!.locks).toEqual({ [FRONT_DOOR]: fake.codes(FRONT_DOOR)[0]!.keyboardPwdId, [ROOM]: fake.codes(ROOM)[0]!.keyboardPwdId });

    // The wire format: form posts with credentials and a fresh date, one login for the whole run.
    const adds = fake.calls('/v3/keyboardPwd/add');
    expect(adds).toHaveLength(2);
    for (const a of adds) {
      expect(a.method).toBe('POST');
      expect(a.params).toMatchObject({ clientId: 'fake-client-id', keyboardPwdType: '3', addType: '2', keyboardPwd: pin });
      expect(Math.abs(Number(a.params.date) - a.at)).toBeLessThan(5_000);
    }
    expect(fake.calls('/oauth2/token')).toHaveLength(1);
    expect(fake.calls('/v3/lock/listKeyboardPwd').every((r) => r.method === 'GET')).toBe(true);
    expect(fake.concurrentRejections).toBe(0);
    expect(await t.alerts()).toEqual([]);

    // Asking again gives the same PIN and touches no lock.
    const addsBefore = fake.calls('/v3/keyboardPwd/add').length;
    expect((await t.say(CHAT, 'pin')).map(pinIn)).toEqual([pin]);
    expect(fake.calls('/v3/keyboardPwd/add')).toHaveLength(addsBefore);
  });

  it('renews an expired or revoked token (10004) and carries on', async () => {
    const { fake, t } = await start();
    await answer(t, CHAT, STEPS_TO.email(REF)); // the PIN job runs now
    await waitFor(async () => (await t.runtime.pins.get(REF))?.status === 'ready', 15_000, 'the PIN');
    fake.revokeAccessTokens();
    await answer(t, CHAT, ['no car', 'yes']);
    await pinSent(t);
    // Cancel: the cleanup's first call is refused (10004), the token refreshed, the call repeated.
    await t.runtime.bookingService.cancel(REF);
    await waitFor(() => fake.codes(FRONT_DOOR).length === 0 && fake.codes(ROOM).length === 0, 15_000, 'the codes to be removed');
    const tokenCalls = fake.calls('/oauth2/token');
    expect(tokenCalls.map((c) => c.params.grant_type ?? 'password')).toEqual(['password', 'refresh_token']);
    expect(tokenCalls[0]!.params.password).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.requests.filter((r) => typeof r.outcome === 'object' && r.outcome.errcode === 10004)).toHaveLength(1);
    expect(await t.alerts()).toEqual([]);
  });

  it('wrong credentials: a clear permanent failure, guest and staff told, nothing retried', async () => {
    const { fake, t } = await start({ ttlock: { credentials: { password: 'not-the-password' } } });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await failureTold(t);
    const alert = (await t.alerts()).find((a) => a.kind === 'pin_failed')!;
    expect(alert.detail).toContain('TTLOCK_USERNAME / TTLOCK_PASSWORD');
    expect(alert.detail).toContain('10007');
    expect((await t.runtime.queues.pin.getJob(`pin-${REF}`))?.attemptsMade).toBe(1);
    expect(fake.calls('/v3/keyboardPwd/add')).toEqual([]);
  });

  it('gateway busy bursts and 5xx are retried: exactly one code per lock', async () => {
    const { fake, t } = await start();
    fake.script('/v3/keyboardPwd/add', { errcode: -3003 }, { lockId: FRONT_DOOR, times: 2 });
    fake.script('/v3/keyboardPwd/add', { status: 502 }, { lockId: ROOM });
    fake.script('/v3/keyboardPwd/add', { errcode: 1 }, { lockId: ROOM });
    fake.script('/v3/lock/listKeyboardPwd', { status: 503 }, { lockId: ROOM });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    const pin = await pinSent(t);
    expect(fake.codes(FRONT_DOOR).map((c) => c.keyboardPwd)).toEqual([pin]);
    expect(fake.codes(ROOM).map((c) => c.keyboardPwd)).toEqual([pin]);
    expect(fake.calls('/v3/keyboardPwd/add').filter((c) => c.params.lockId === String(FRONT_DOOR))).toHaveLength(3);
    expect(fake.calls('/v3/keyboardPwd/add').filter((c) => c.params.lockId === String(ROOM))).toHaveLength(3);
    expect(await t.alerts()).toEqual([]);
  });

  it('an add that reached the lock but whose answer was lost (dropped or timed out) is found, not repeated', async () => {
    const { fake, t } = await start({ ttlock: { timeoutMs: 400 }, fake: { opLatencyMs: 10 } });
    fake.script('/v3/keyboardPwd/add', { dropAfterApply: true }, { lockId: FRONT_DOOR });
    fake.script('/v3/keyboardPwd/add', { hang: true }, { lockId: ROOM });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    const pin = await pinSent(t);
    expect(fake.codes(FRONT_DOOR).map((c) => c.keyboardPwd)).toEqual([pin]);
    expect(fake.codes(ROOM).map((c) => c.keyboardPwd)).toEqual([pin]);
    // Front door: one add, dropped after it applied, then found by the lookup.
    expect(fake.calls('/v3/keyboardPwd/add').filter((c) => c.params.lockId === String(FRONT_DOOR)).map((c) => c.outcome)).toEqual(['dropped']);
    // Room: the hung add did nothing, the retry added it once.
    expect(fake.calls('/v3/keyboardPwd/add').filter((c) => c.params.lockId === String(ROOM)).map((c) => c.outcome)).toEqual([
      'hang',
      { status: 200, errcode: 0 },
    ]);
  });

  it('a permanent failure on the room after the front door succeeded: front-door code removed, guest and staff told', async () => {
    const { fake, t } = await start();
    fake.script('/v3/keyboardPwd/add', { errcode: -3009 }, { lockId: ROOM });
    await answer(t, CHAT, STEPS_TO.confirm(REF));
    await failureTold(t);
    expect(fake.calls('/v3/keyboardPwd/add').map((c) => [c.params.lockId, c.outcome])).toEqual([
      [String(FRONT_DOOR), { status: 200, errcode: 0 }],
      [String(ROOM), { status: 200, errcode: -3009 }],
    ]);
    expect(fake.calls('/v3/keyboardPwd/delete').map((c) => c.params)).toEqual([
      expect.objectContaining({ lockId: String(FRONT_DOOR), deleteType: '2' }),
    ]);
    expect(fake.codes(FRONT_DOOR)).toEqual([]);
    expect(fake.codes(ROOM)).toEqual([]);
    const alert = (await t.alerts()).find((a) => a.kind === 'pin_failed')!;
    expect(alert.detail).toContain('lock 2001');
    expect(alert.detail).toContain('-3009');
    expect((await t.runtime.pins.get(REF))?.status).toBe('failed');
  });
});
