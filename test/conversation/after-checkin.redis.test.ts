import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { parseProperties } from '../../src/properties/properties.js';
import { answer, bookingToday, CONTACT_PHONE, STEPS_TO } from '../helpers/checkin.js';
import { demoPropertiesJson } from '../helpers/properties.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';

/** Checked in since yesterday (demo catalog: harbour, Room 1 behind lock 2001, front door 1001), so the code works now. */
const REF = 'HELP100';
const CHAT = 'guest-at-the-door';
const FRONT = 1001;
const ROOM = 2001;
const WIFI = { network: 'HarbourGuest', password: 'quay-street-1' };
let t: TestRuntime;

beforeAll(async () => {
  const yesterday = DateTime.now().setZone('Europe/London').startOf('day').minus({ days: 1 }).toISODate()!;
  const file = demoPropertiesJson();
  const catalog = parseProperties({ ...file, properties: [{ ...file.properties[0]!, info: { wifi: WIFI } }] }, 'test properties');
  t = await startTestRuntime({ workers: true, catalog, bookings: [bookingToday(REF, { checkIn: yesterday })] });
  await answer(t, CHAT, STEPS_TO.confirm(REF));
  await waitFor(() => t.sent(CHAT).some((m) => pinIn(m)), 10_000, 'the PIN message');
  await t.quiet(CHAT);
});
afterAll(() => t?.close());

describe('"the code doesn\'t work" through the engine, the PIN job and simulated locks', () => {
  it('a code missing from the room lock is put back, the guest told and given it again; one code per lock after', async () => {
    const code = (await t.runtime.pins.get(REF))!.code;
    const [onRoom] = await t.codes(ROOM);
    await t.locks.removeCode(ROOM, onRoom!.codeId); // someone took it off by hand
    expect(await t.codes(ROOM)).toEqual([]);

    const replies = await t.say(CHAT, "The code doesn't work");
    expect(replies.map((m) => m.text)).toEqual([en.codeHowTo(), en.codeChecking()]);

    await waitFor(() => t.sent(CHAT).some((m) => m.text === en.codeReadded('Room 1')), 10_000, 'the check result');
    await t.quiet(CHAT);
    const after = t.sent(CHAT).slice(t.sent(CHAT).findIndex((m) => m.text === en.codeReadded('Room 1')));
    expect(pinIn(after[1]!)).toBe(code);

    for (const lockId of [FRONT, ROOM]) {
      const codes = await t.codes(lockId);
      expect(codes, `lock ${lockId}`).toHaveLength(1);
      expect(codes[0]).toMatchObject({ name: REF, code });
    }
    const record = await t.runtime.pins.get(REF);
    expect(record?.status).toBe('ready');
    expect(record?.locks[String(ROOM)]).toBe((await t.codes(ROOM))[0]!.codeId);
  });

  it('still failing: the urgent alert is in the alert store, naming booking, room, locks and contact phone', async () => {
    const replies = await t.say(CHAT, 'it still does not work');
    expect(replies.map((m) => m.text)).toEqual([en.codeEscalated(CONTACT_PHONE)]);
    const alert = await waitFor(async () => (await t.alerts()).find((a) => a.kind === 'code_not_working'), 10_000, 'the urgent alert');
    expect(alert).toMatchObject({ ref: REF, convKey: `console:${CHAT}` });
    for (const part of [REF, 'Room 1', `front door (lock ${FRONT}): code present`, `Room 1 (lock ${ROOM}): code was missing, put back`, CONTACT_PHONE]) {
      expect(alert.detail).toContain(part);
    }
  });

  it('every step is on the booking\'s audit trail, without the digits', async () => {
    const code = (await t.runtime.pins.get(REF))!.code;
    const trail = await t.runtime.audit.list(REF);
    const actions = trail.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['code_trouble:reported', 'code_checked:checked', 'pin_resent', 'code_trouble:escalated']));
    expect(actions.indexOf('code_trouble:reported')).toBeLessThan(actions.indexOf('code_checked:checked'));
    expect(trail.find((e) => e.action === 'code_checked:checked')?.detail).toContain('put back');
    expect(JSON.stringify(trail)).not.toContain(code);
  });

  it('a question the bot cannot answer reaches staff as a guest_question; the Wi-Fi is answered from properties.json', async () => {
    expect((await t.say(CHAT, 'Is there a hairdryer?')).map((m) => m.text)).toEqual([en.questionForwarded()]);
    const q = await waitFor(async () => (await t.alerts()).find((a) => a.kind === 'guest_question'), 10_000, 'the question alert');
    expect(q).toMatchObject({ ref: REF });
    expect(q.detail).toContain('"Is there a hairdryer?"');
    expect((await t.say(CHAT, 'wifi password?')).map((m) => m.text)).toEqual([`${en.wifiInfo(WIFI.network, WIFI.password)}\n\n${en.infoHuman()}`]);
  });
});

describe('a code the check cannot put back', () => {
  const chat = 'guest-offline-lock';
  const ref = 'HELP200';

  it('raises the urgent alert at once, tells the guest a person is coming, and takes no code off', async () => {
    const yesterday = DateTime.now().setZone('Europe/London').startOf('day').minus({ days: 1 }).toISODate()!;
    await t.runtime.bookings.upsert(bookingToday(ref, { checkIn: yesterday, roomId: 'r2' }));
    await answer(t, chat, STEPS_TO.confirm(ref));
    await waitFor(() => t.sent(chat).some((m) => pinIn(m)), 10_000, 'the PIN message');
    await t.quiet(chat);
    const code = (await t.runtime.pins.get(ref))!.code;

    const [onRoom] = await t.codes(2002);
    await t.locks.removeCode(2002, onRoom!.codeId);
    await t.locks.injectFailures(2002, ['permanent']); // the add that would put it back is refused
    await t.say(chat, 'door will not open');
    await waitFor(() => t.sent(chat).some((m) => m.text === en.codeCheckFailed(CONTACT_PHONE)), 10_000, 'the failed check reported');
    const alert = await waitFor(async () => (await t.alerts()).find((a) => a.kind === 'code_not_working' && a.ref === ref), 10_000, 'the urgent alert');
    expect(alert.detail).toContain('Room 2 (lock 2002): could not check or fix');
    // A failed check is not a failed PIN job: the front door keeps the guest's code, nothing is abandoned.
    expect((await t.codes(FRONT)).filter((c) => c.name === ref).map((c) => c.code)).toEqual([code]);
    expect(await t.codes(2002)).toEqual([]);
    expect((await t.runtime.pins.get(ref))?.status).toBe('ready');
  });
});
