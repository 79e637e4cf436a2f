import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { enqueuePinJob } from '../../src/jobs/queues.js';
import { answer, bookingToday, CONTACT_PHONE, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime, type TestRuntimeOptions } from '../helpers/runtime.js';

const REF = 'PINF01';
const CHAT = 'guest';
const FRONT_DOOR = 1001;
const ROOM_1 = 2001;
const ROOM_2 = 2002;

let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(opts: TestRuntimeOptions = {}): Promise<TestRuntime> {
  t = await startTestRuntime({ workers: true, bookings: [bookingToday(REF)], ...opts });
  return t;
}

const pinMessages = (rt: TestRuntime) => rt.sent(CHAT).filter((m) => pinIn(m) !== undefined);
const names = async (rt: TestRuntime, lockId: number) => (await rt.codes(lockId)).map((c) => ({ name: c.name, code: c.code }));

/** Checked in with its PIN on the front door and room 1. */
async function checkedIn(rt: TestRuntime): Promise<string> {
  await answer(rt, CHAT, STEPS_TO.confirm(REF));
  await waitFor(() => pinMessages(rt).length === 1, 15_000, 'the PIN message');
  // Done announcing too: a booking change while it still runs makes the move wait for a cleanup retry.
  await waitFor(async () => (await rt.pinJobState(REF)) === 'completed', 10_000, 'the PIN job to complete');
  await rt.quiet(CHAT);
  return pinIn(pinMessages(rt)[0]!)!;
}

/** The workers' notify, throwing once right after `when` says so (before or after the real delivery). */
function failingOnce(when: (event: { type: string; renewed?: boolean }) => 'before' | 'after' | undefined): TestRuntimeOptions['workerNotify'] {
  return (real) => {
    let armed = true;
    return async (convKey, event, deliveryId) => {
      const moment = armed ? when(event as { type: string; renewed?: boolean }) : undefined;
      if (moment === 'before') {
        armed = false;
        throw new Error('simulated Redis hiccup before the delivery');
      }
      await real(convKey, event, deliveryId);
      if (moment === 'after') {
        armed = false;
        throw new Error('simulated Redis hiccup after the delivery');
      }
    };
  };
}

describe('a PIN move whose old room cannot be reached', () => {
  it('the guest gets the new room at once; the old room’s code comes off when its gateway answers again', { timeout: 60_000 }, async () => {
    const rt = await start();
    const pin = await checkedIn(rt);
    // The move's clean-up and the first retry after it find room 1's gateway offline.
    await rt.locks.injectFailures(ROOM_1, ['offline', 'offline']);
    await rt.runtime.bookingService.upsert(bookingToday(REF, { roomId: 'r2' }));

    await waitFor(() => pinMessages(rt).length === 2, 15_000, 'the moved PIN');
    await rt.quiet(CHAT);
    expect(pinIn(pinMessages(rt)[1]!)).toBe(pin);
    expect(pinMessages(rt)[1]!.text).toContain('Room 2');
    expect(await names(rt, ROOM_2)).toEqual([{ name: REF, code: pin }]);
    expect(await names(rt, FRONT_DOOR)).toEqual([{ name: REF, code: pin }]);

    // Retried by the cleanup queue until it works: nothing for staff to do.
    await waitFor(async () => (await rt.codes(ROOM_1)).length === 0, 40_000, 'the old room’s code to come off');
    expect(await rt.redis.llen(rt.keys.simLockFailures(ROOM_1))).toBe(0);
    // The job marks the renewal told just after telling the guest.
    const record = await waitFor(async () => {
      const r = await rt.runtime.pins.get(REF);
      return r?.renewing === false ? r : undefined;
    }, 5_000, 'the renewal to be marked told');
    expect(record).toMatchObject({ status: 'ready', code: pin, renewing: false });
    await waitFor(async () => (await rt.runtime.pins.get(REF))!.used.length === 2, 5_000, 'the record to forget room 1');
    expect((await rt.runtime.pins.get(REF))!.used.sort()).toEqual([FRONT_DOOR, ROOM_2]);
    expect(rt.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE))).toBe(false);
    expect((await rt.alerts()).filter((a) => a.kind === 'pin_failed')).toEqual([]);
  });

  it('with the new room’s lock refusing for good: guest and staff told, the old room still opens, and a later run finishes the move', { timeout: 60_000 }, async () => {
    // (An offline gateway is waited out until the retry horizon instead: see test/ttlock/retries.redis.test.ts.)
    const rt = await start({ env: { PIN_JOB_ATTEMPTS: '2' } });
    const pin = await checkedIn(rt);
    await rt.locks.injectFailures(ROOM_2, ['permanent']);
    await rt.runtime.bookingService.upsert(bookingToday(REF, { roomId: 'r2' }));

    await waitFor(() => rt.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE)), 30_000, 'the guest to be told');
    await rt.quiet(CHAT);
    const alerts = (await rt.alerts()).filter((a) => a.kind === 'pin_failed');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toContain('Room 1 (lock 2001)');
    expect(await names(rt, ROOM_1)).toEqual([{ name: REF, code: pin }]);
    expect(await names(rt, FRONT_DOOR)).toEqual([{ name: REF, code: pin }]);
    expect(await rt.codes(ROOM_2)).toEqual([]);
    expect((await rt.runtime.pins.get(REF))!.status).toBe('failed');

    // The next run of the job (staff, or the booking changing again) keeps the guest's digits and finishes the move.
    await waitFor(async () => (await rt.pinJobState(REF)) === 'failed', 10_000, 'the failed move to end');
    await enqueuePinJob(rt.runtime.queues.pin, REF);
    await waitFor(() => pinMessages(rt).length === 2, 15_000, 'the moved PIN');
    await rt.quiet(CHAT);
    expect(pinIn(pinMessages(rt)[1]!)).toBe(pin);
    expect(pinMessages(rt)[1]!.text).toContain('Room 2');
    expect(await rt.codes(ROOM_1)).toEqual([]);
    expect(await names(rt, ROOM_2)).toEqual([{ name: REF, code: pin }]);
    await waitFor(async () => (await rt.runtime.pins.get(REF))?.renewing === false, 5_000, 'the renewal to be marked told');
    expect((await rt.runtime.pins.get(REF))!).toMatchObject({ status: 'ready', renewing: false });
  });
});

describe('a PIN job that fails after the PIN was ready', () => {
  it('keeps the codes and announces the PIN again instead of abandoning it', async () => {
    // The announcement of the ready PIN fails: the job's only attempt fails after issue() succeeded.
    const rt = await start({ env: { PIN_JOB_ATTEMPTS: '1' }, workerNotify: failingOnce((e) => (e.type === 'pinReady' ? 'before' : undefined)) });
    await answer(rt, CHAT, STEPS_TO.confirm(REF));
    await waitFor(async () => (await rt.pinJobState(REF)) === 'failed', 15_000, 'the job to fail');
    await waitFor(() => pinMessages(rt).length === 1, 10_000, 'the PIN message');
    await rt.quiet(CHAT);
    const record = (await rt.runtime.pins.get(REF))!;
    expect(record.status).toBe('ready');
    expect(pinMessages(rt).map(pinIn)).toEqual([record.code]);
    expect(await names(rt, FRONT_DOOR)).toEqual([{ name: REF, code: record.code }]);
    expect(await names(rt, ROOM_1)).toEqual([{ name: REF, code: record.code }]);
    expect(rt.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE))).toBe(false);
    expect((await rt.alerts()).filter((a) => a.kind === 'pin_failed')).toEqual([]);
  });
});

describe('announcing a PIN again (a retried job)', () => {
  it('a moved PIN announced twice reaches the guest once', { timeout: 30_000 }, async () => {
    // The moved PIN is delivered, then the job fails before it clears `renewing`: the retry announces it again.
    const rt = await start({ env: { PIN_JOB_ATTEMPTS: '2' }, workerNotify: failingOnce((e) => (e.type === 'pinReady' && e.renewed ? 'after' : undefined)) });
    await checkedIn(rt);
    const newOut = DateTime.now().setZone('Europe/London').startOf('day').plus({ days: 4 });
    await rt.runtime.bookingService.upsert(bookingToday(REF, { checkOut: newOut.toISODate()! }));
    await waitFor(() => pinMessages(rt).length === 2, 15_000, 'the moved PIN');
    await waitFor(async () => (await rt.pinJobState(REF)) === 'completed', 15_000, 'the retry to complete');
    await waitFor(async () => (await rt.runtime.pins.get(REF))?.renewing === false, 5_000, 'renewing to be cleared');
    await rt.quiet(CHAT);
    expect(pinMessages(rt)).toHaveLength(2);
    expect((await rt.runtime.queues.pin.getJob(`pin-${REF}`))?.attemptsMade).toBe(2);
  });
});

describe('cancelling while the PIN job waits for its retry', () => {
  it('stops the job quietly: no PIN failure, no record left, the waiting guest hears the booking is cancelled', { timeout: 30_000 }, async () => {
    const rt = await start({ env: { PIN_JOB_ATTEMPTS: '3' } });
    await rt.locks.injectFailures(ROOM_1, ['busy']);
    await answer(rt, CHAT, STEPS_TO.confirm(REF));
    await waitFor(async () => (await rt.pinJobState(REF)) === 'delayed', 10_000, 'the job to wait for its retry');
    await rt.runtime.bookingService.cancel(REF);

    await waitFor(() => rt.sent(CHAT).some((m) => m.text === en.bookingCancelled(REF, CONTACT_PHONE)), 15_000, 'the guest to be told');
    await waitFor(async () => (await rt.pinJobState(REF)) === 'completed', 10_000, 'the job to stop');
    await waitFor(async () => (await rt.codes(FRONT_DOOR)).length === 0, 10_000, 'the cancellation cleanup');
    await rt.quiet(CHAT);
    expect(await rt.codes(ROOM_1)).toEqual([]);
    expect(await rt.redis.exists(rt.keys.pin(REF), rt.keys.pinWatchers(REF))).toBe(0);
    expect(rt.sent(CHAT).some((m) => m.text === en.pinFailed(CONTACT_PHONE))).toBe(false);
    expect(pinMessages(rt)).toEqual([]);
    expect((await rt.alerts()).filter((a) => a.kind === 'pin_failed')).toEqual([]);
  });
});
