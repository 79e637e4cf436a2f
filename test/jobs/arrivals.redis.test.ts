import { DateTime } from 'luxon';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { MirrorLine } from '../../src/conversation/mirror.js';
import { en } from '../../src/flows/messages/en.js';
import { runArrivalSweep, type ArrivalSweepDeps } from '../../src/jobs/arrivals.js';
import { checkoutReminderAt, runCheckoutReminderSweep } from '../../src/jobs/checkout-reminders.js';
import { stayWindow } from '../../src/locks/stay-window.js';
import { parseProperties } from '../../src/properties/properties.js';
import { answer, bookingToday, STEPS_TO } from '../helpers/checkin.js';
import { demoPropertiesJson } from '../helpers/properties.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

/**
 * Issue 17 item 4: the guest's first opening with their code (one welcome, one staff line, however
 * often the record is read and however many sweeps run at once), a run of wrong codes at the front
 * door (one alert), the check-out morning reminder (once, at its time). Real engine, simulated locks.
 */

const WIFI = { network: 'HarbourGuest', password: 'quay-street-1' };
const json = demoPropertiesJson();
const CATALOG = parseProperties({ properties: [{ ...json.properties[0]!, info: { wifi: WIFI } }] }, 'test properties');
const FRONT_DOOR = 1001;
const ROOM_1 = 2001;
const ROOM_2 = 2002;
const logger = pino({ level: 'silent' });

const runtimes: TestRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((t) => t.close()));
});

async function start(opts: Parameters<typeof startTestRuntime>[0] = {}) {
  // The scheduled sweeps are off: each test runs them itself, at the moment it says.
  const lines: MirrorLine[] = [];
  const t = await startTestRuntime({
    catalog: CATALOG,
    ...opts,
    mirrors: [...(opts.mirrors ?? []), { mirror: async (line) => void lines.push(line) }],
    env: { LOCK_RECORD_POLL_MINUTES: '0', DEPARTURE_MESSAGES: 'false', ...opts.env },
  });
  runtimes.push(t);
  return { t, lines };
}

/** A booking's stay (no buffers), as the sweeps see it. */
function stayOf(t: TestRuntime, ref: string, booking = bookingToday(ref)) {
  return stayWindow(booking, t.catalog.property(booking.propertyId)!, { earlyMinutes: 0, lateMinutes: 0 });
}

/** Checks the guest in on the console and returns the door code they were sent. */
async function checkIn(t: TestRuntime, chat: string, ref: string): Promise<string> {
  await answer(t, chat, STEPS_TO.confirm(ref));
  await waitFor(() => t.sent(chat).some((m) => pinIn(m) !== undefined), 15_000, 'the door code');
  return pinIn(t.sent(chat).find((m) => pinIn(m) !== undefined)!)!;
}

function arrivalDeps(t: TestRuntime, now: number, over: Partial<ArrivalSweepDeps> = {}): ArrivalSweepDeps {
  return {
    upcoming: (n) => t.runtime.bookings.upcoming(n),
    catalog: t.catalog,
    stayingChat: (ref) => t.runtime.stayingChat(ref),
    records: (lockId, since, until) => t.runtime.provider.readRecords(lockId, since, until),
    notify: (convKey, event, deliveryId) => t.runtime.engine.notify(convKey, event, deliveryId),
    alerts: t.runtime.alerts,
    redis: t.redis,
    keys: t.keys,
    welcome: true,
    everyMs: 5 * 60_000,
    logger,
    now: () => now,
    ...over,
  };
}

const arrivedLines = (lines: MirrorLine[], chat: string) => lines.filter((l) => l.convKey === `console:${chat}` && l.from === 'note' && l.text.startsWith('Guest arrived'));
const welcomes = (t: TestRuntime, chat: string) => t.sent(chat).filter((m) => m.text === en.arrivalWelcome('Room 1', WIFI));

describe('the first opening with the guest\'s code', () => {
  it('one welcome (room, Wi-Fi) and one staff line, though the record is read by two sweeps at once and again by later polls', async () => {
    const { t, lines } = await start({ workers: true, bookings: [bookingToday('ARR1')] });
    const code = await checkIn(t, 'guest-1', 'ARR1');
    const opened = stayOf(t, 'ARR1').start + 30 * 60_000;
    const record = await t.locks.simulateOpening(FRONT_DOOR, code, opened);
    expect(record.kind).toBe('opened');

    // Two sweeps at once (two workers), then two later polls that read the same record again (their windows overlap).
    await Promise.all([runArrivalSweep(arrivalDeps(t, opened + 60_000)), runArrivalSweep(arrivalDeps(t, opened + 60_000))]);
    await t.locks.simulateOpening(ROOM_1, code, opened + 2 * 60_000);
    await runArrivalSweep(arrivalDeps(t, opened + 3 * 60_000));
    await runArrivalSweep(arrivalDeps(t, opened + 8 * 60_000));
    await t.quiet('guest-1');

    expect(welcomes(t, 'guest-1')).toHaveLength(1);
    expect(welcomes(t, 'guest-1')[0]!.text).toContain('quay-street-1');
    const local = DateTime.fromMillis(opened, { zone: 'Europe/London' }).toFormat('HH:mm');
    expect(arrivedLines(lines, 'guest-1').map((l) => l.text)).toEqual([`Guest arrived: their door code opened the front door at ${local}.`]);
    expect((await t.runtime.audit.list('ARR1')).filter((e) => e.action === 'arrived')).toHaveLength(1);
    expect(await t.redis.exists(t.keys.arrived('ARR1'))).toBe(1);
  });

  it('an opening with another code, or a wrong code, does nothing; the guest\'s own code then does', async () => {
    const { t, lines } = await start({ workers: true, bookings: [bookingToday('ARR2', { roomId: 'r2' })] });
    const code = await checkIn(t, 'guest-2', 'ARR2');
    const stay = stayOf(t, 'ARR2', bookingToday('ARR2', { roomId: 'r2' }));
    const at = stay.start + 20 * 60_000;
    // A code staff made on the room's lock, opening it; and a mistyped code at the front door.
    const other = code === '739146' ? '739147' : '739146';
    await t.runtime.provider.addCode({ lockId: ROOM_2, code: other, name: '~cleaner', start: stay.start, end: stay.end });
    expect((await t.locks.simulateOpening(ROOM_2, other, at)).kind).toBe('opened');
    expect((await t.locks.simulateOpening(FRONT_DOOR, `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`, at)).kind).toBe('refused');
    await runArrivalSweep(arrivalDeps(t, at + 60_000));
    await t.quiet('guest-2');
    expect(t.sent('guest-2').filter((m) => m.text.startsWith('Welcome!'))).toEqual([]);
    expect(arrivedLines(lines, 'guest-2')).toEqual([]);
    expect(await t.redis.exists(t.keys.arrived('ARR2'))).toBe(0);

    await t.locks.simulateOpening(ROOM_2, code, at + 2 * 60_000);
    await runArrivalSweep(arrivalDeps(t, at + 3 * 60_000));
    await t.quiet('guest-2');
    expect(arrivedLines(lines, 'guest-2').map((l) => l.text)).toEqual([expect.stringContaining('opened the door of Room 2 at')]);
    // Room 2 has its own Wi-Fi? Not in this catalog: the property's.
    expect(t.sent('guest-2').filter((m) => m.text === en.arrivalWelcome('Room 2', WIFI))).toHaveLength(1);
  });

  it('a booking whose code was never sent is not watched', async () => {
    const { t, lines } = await start({ bookings: [bookingToday('ARR3')] });
    const stay = stayOf(t, 'ARR3');
    // Its code is on the locks (made ahead), but no chat has it.
    await t.runtime.provider.addCode({ lockId: ROOM_1, code: '583920', name: 'ARR3', start: stay.start, end: stay.end });
    await t.locks.simulateOpening(ROOM_1, '583920', stay.start + 60_000);
    const result = await runArrivalSweep(arrivalDeps(t, stay.start + 2 * 60_000));
    expect(result.arrived).toEqual([]);
    expect(lines).toEqual([]);
  });
});

describe('wrong codes at the front door while guests arrive', () => {
  it('three within ten minutes: one alert naming the lock and the bookings arriving, however often the records are read', async () => {
    const { t } = await start({ bookings: [bookingToday('WRG1'), bookingToday('WRG2', { roomId: 'r2' })] });
    const stay = stayOf(t, 'WRG1');
    const t0 = stay.start + 10 * 60_000;
    await t.locks.simulateOpening(FRONT_DOOR, '111999', t0);
    await t.locks.simulateOpening(FRONT_DOOR, '111998', t0 + 3 * 60_000);
    // A room's lock does not count.
    await t.locks.simulateOpening(ROOM_1, '111997', t0 + 4 * 60_000);
    await runArrivalSweep(arrivalDeps(t, t0 + 5 * 60_000));
    expect((await t.alerts()).filter((a) => a.kind === 'wrong_codes')).toEqual([]);

    await t.locks.simulateOpening(FRONT_DOOR, '111996', t0 + 8 * 60_000);
    await Promise.all([runArrivalSweep(arrivalDeps(t, t0 + 9 * 60_000)), runArrivalSweep(arrivalDeps(t, t0 + 9 * 60_000))]);
    await runArrivalSweep(arrivalDeps(t, t0 + 14 * 60_000));
    const alerts = (await t.alerts()).filter((a) => a.kind === 'wrong_codes');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.detail).toContain(`lock ${FRONT_DOOR}`);
    expect(alerts[0]!.detail).toContain('3 wrong codes within 10 minutes');
    expect(alerts[0]!.detail).toContain('WRG1 (Room 1), WRG2 (Room 2)');
  });

  it('no arrival expected (the stay began yesterday): no alert', async () => {
    const yesterday = DateTime.now().setZone('Europe/London').minus({ days: 1 }).toISODate()!;
    const { t } = await start({ bookings: [bookingToday('WRG3', { checkIn: yesterday })] });
    const t0 = stayOf(t, 'WRG3', bookingToday('WRG3', { checkIn: yesterday })).start + 20 * 3600_000;
    for (let i = 0; i < 4; i++) await t.locks.simulateOpening(FRONT_DOOR, `22299${i}`, t0 + i * 60_000);
    await runArrivalSweep(arrivalDeps(t, t0 + 5 * 60_000));
    expect((await t.alerts()).filter((a) => a.kind === 'wrong_codes')).toEqual([]);
  });
});

describe('the check-out morning reminder', () => {
  it('once, from CHECKOUT_REMINDER_TIME on the check-out day, with the check-out time; only to the chat that got the code', async () => {
    const { t } = await start({ workers: true, bookings: [bookingToday('OUT1'), bookingToday('OUT2', { roomId: 'r2' })] });
    await checkIn(t, 'guest-out', 'OUT1');
    const stay = stayOf(t, 'OUT1');
    const due = checkoutReminderAt(stay.end, 'Europe/London', '08:00')!;
    const deps = (now: number) => ({
      upcoming: (n: number) => t.runtime.bookings.upcoming(n),
      catalog: t.catalog,
      stayingChat: (ref: string) => t.runtime.stayingChat(ref),
      notify: (convKey: string, event: Parameters<typeof t.runtime.engine.notify>[1], id: string) => t.runtime.engine.notify(convKey, event, id),
      redis: t.redis,
      keys: t.keys,
      reminderTime: '08:00',
      logger,
      now: () => now,
    });
    expect((await runCheckoutReminderSweep(deps(due - 60_000))).reminded).toEqual([]);
    await Promise.all([runCheckoutReminderSweep(deps(due + 60_000)), runCheckoutReminderSweep(deps(due + 60_000))]);
    await runCheckoutReminderSweep(deps(due + 10 * 60_000));
    await t.quiet('guest-out');
    const reminders = t.sent('guest-out').filter((m) => m.text.startsWith('Good morning!'));
    expect(reminders.map((m) => m.text)).toEqual([en.checkoutReminder('11:00', 'Room 1')]);
    expect((await t.runtime.audit.list('OUT1')).filter((e) => e.action === 'checkout_reminder')).toHaveLength(1);
    // OUT2's guest never checked in: nothing, and nothing marked.
    expect(await t.redis.exists(t.keys.checkoutReminded('OUT2'))).toBe(0);
    // After check-out it is too late.
    expect((await runCheckoutReminderSweep(deps(stay.end + 60_000))).reminded).toEqual([]);
  });
});

describe('the scheduled poll (LOCK_RECORD_POLL_MINUTES)', () => {
  it('a worker runs the sweep: the guest arriving now is welcomed', async () => {
    const checkIn = DateTime.now().minus({ hours: 1 }).toISO()!;
    const booking = bookingToday('LIVE1', { checkIn });
    const { t } = await start({ workers: true, bookings: [booking], env: { LOCK_RECORD_POLL_MINUTES: '5' } });
    const code = await answer(t, 'guest-live', STEPS_TO.confirm('LIVE1')).then(async () => {
      await waitFor(() => t.sent('guest-live').some((m) => pinIn(m) !== undefined), 15_000, 'the door code');
      return pinIn(t.sent('guest-live').find((m) => pinIn(m) !== undefined)!)!;
    });
    await t.locks.simulateOpening(FRONT_DOOR, code);
    await t.runtime.staySweeps.runNow('arrival');
    await waitFor(() => welcomes(t, 'guest-live').length === 1, 15_000, 'the welcome');
  });
});
