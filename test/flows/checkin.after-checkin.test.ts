import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import type { PinView } from '../../src/flows/context.js';
import type { FlowEvent, LockFinding } from '../../src/flows/events.js';
import { CATALOGS } from '../../src/flows/messages/index.js';
import { en } from '../../src/flows/messages/en.js';
import type { ConversationState } from '../../src/flows/state.js';
import { guestInfoByLanguage } from '../../src/properties/guest-info.js';
import { parseProperties } from '../../src/properties/properties.js';
import {
  alerts,
  audits,
  bookingView,
  ctx,
  KEY,
  NOW,
  ofType,
  OTHER_KEY,
  PIN_CODE,
  reach,
  readyPin,
  REF,
  sends,
  text,
  texts,
} from './flow-helpers.js';

/** A code that started working an hour ago, and one that starts in three hours (with its label in each language). */
const STARTED: PinView = { ...readyPin, validFrom: NOW - 3600_000, validFromLabels: { en: 'Fri 27 Nov 2026, 13:00' } };
const LATER_LABELS = { en: 'Fri 27 Nov 2026, 17:00', es: 'viernes 27 de noviembre de 2026, 17:00' };
const NOT_YET: PinView = { ...readyPin, validFrom: NOW + 3 * 3600_000, validFromLabels: LATER_LABELS };

const b = bookingView();
/** Checked in; a language given is the guest's choice, so nothing switches it back. */
const checkedIn = (patch: Partial<ConversationState> = {}) => reach('done', { ctx: { pin: readyPin }, patch: { ...(patch.lang ? { langSource: 'chosen' as const } : {}), ...patch } });

function codeChecked(found: LockFinding['found'][], outcome: 'checked' | 'busy' | 'error' = 'checked'): FlowEvent {
  const locks: LockFinding[] = found.map((f, i) => ({ lockId: 1001 + i * 1000, role: i === 0 ? 'front' : 'room', found: f, ...(f === 'failed' ? { reason: 'gateway offline' } : {}) }));
  return { type: 'codeChecked', ref: REF, outcome, locks };
}

describe('"the code doesn\'t work", in every language the guest writes', () => {
  it.each([
    ['en', 'The code doesn’t work!'],
    ['en', 'door won’t open'],
    ['en', 'NOT WORKING'],
    ['es', 'El código no funciona'],
    ['es', 'no puedo entrar'],
    ['fr', 'Le code ne marche pas'],
    ['de', 'Der Code funktioniert nicht'],
    ['de', 'Die Tür geht nicht auf'],
    ['it', 'il codice non funziona'],
    ['pt', 'o código não funciona'],
    ['nl', 'de code werkt niet'],
    ['pl', 'kod nie działa'],
  ] as const)('%s: "%s" → the keypad steps, a check of the locks, on the audit trail', (lang, said) => {
    const r = step(checkedIn({ lang }), text(said), ctx({ pin: STARTED }));
    const m = CATALOGS[lang];
    expect(texts(r.effects)).toEqual([m.codeHowTo(), m.codeChecking()]);
    expect(ofType(r.effects, 'checkCode')).toEqual([{ type: 'checkCode', ref: REF }]);
    expect(audits(r.effects)).toEqual(['code_trouble:reported']);
    expect(r.state.codeTrouble).toMatchObject({ reportedAt: NOW, checked: false, escalated: false });
    // No code in the answer itself: it comes with the check's result.
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
  });

  it('the button on the PIN message does the same', () => {
    const r = step(checkedIn(), { type: 'button', id: 'code_trouble' }, ctx({ pin: STARTED }));
    expect(ofType(r.effects, 'checkCode')).toHaveLength(1);
  });

  it('before the code starts working: the steps and when it will work (guest\'s language, property\'s clock), no check', () => {
    const r = step(checkedIn({ lang: 'es' }), text('el código no funciona'), ctx({ pin: NOT_YET }));
    expect(texts(r.effects)).toEqual([CATALOGS.es.codeHowTo(), CATALOGS.es.codeNotYetValid(LATER_LABELS.es)]);
    expect(ofType(r.effects, 'checkCode')).toEqual([]);
    expect(audits(r.effects)).toEqual(['code_trouble:before_start']);
    expect(r.state.codeTrouble).toBeUndefined();
  });

  it('after the start time the same words start a check', () => {
    const r = step(checkedIn({ lang: 'es' }), text('el código no funciona'), ctx({ pin: { ...NOT_YET, validFrom: NOW } }));
    expect(ofType(r.effects, 'checkCode')).toHaveLength(1);
  });

  it('said again while the check runs: "checking", no second check, no alert', () => {
    const s = step(checkedIn(), text('code not working'), ctx({ pin: STARTED })).state;
    const r = step(s, text('it still does not work'), ctx({ pin: STARTED, now: NOW + 10_000 }));
    expect(texts(r.effects)).toEqual([en.codeChecking()]);
    expect(ofType(r.effects, 'checkCode')).toEqual([]);
    expect(alerts(r.effects)).toEqual([]);
  });
});

describe('the check comes back', () => {
  const reported = () => step(checkedIn(), text('code not working'), ctx({ pin: STARTED })).state;

  it('on both locks: the guest hears so and gets the code again, with the button', () => {
    const r = step(reported(), codeChecked(['present', 'present']), ctx({ pin: STARTED }));
    expect(texts(r.effects)[0]).toBe(en.codeCheckedOk());
    const pin = sends(r.effects)[1]!;
    expect(pin.text).toContain(PIN_CODE);
    expect(pin.buttons).toEqual([{ id: 'code_trouble', label: en.buttons.code_trouble }]);
    expect(audits(r.effects)).toEqual(['code_checked:checked', 'pin_resent']);
    expect(alerts(r.effects)).toEqual([]);
    expect(r.state.codeTrouble).toMatchObject({ checked: true, found: expect.stringContaining('code present') });
  });

  it('missing from the room lock: the guest hears it was put back there', () => {
    const r = step(reported(), codeChecked(['present', 'readded']), ctx({ pin: STARTED }));
    expect(texts(r.effects)[0]).toBe(en.codeReadded(b.roomName));
    expect(texts(r.effects)[1]).toContain(PIN_CODE);
  });

  it('a lock that could not be checked: urgent alert at once, the guest told a person is coming with the phone', () => {
    const r = step(reported(), codeChecked(['present', 'failed']), ctx({ pin: STARTED }));
    expect(texts(r.effects)).toEqual([en.codeCheckFailed(b.contactPhone), en.codeEscalated(b.contactPhone)]);
    const [alert] = alerts(r.effects, 'code_not_working');
    expect(alert?.ref).toBe(REF);
    expect(alert?.detail).toContain('gateway offline');
  });

  it('then "still not working": an urgent alert naming the booking, room, both locks as found and the contact phone', () => {
    const s = step(reported(), codeChecked(['present', 'readded']), ctx({ pin: STARTED })).state;
    const r = step(s, text("it still doesn't work"), ctx({ pin: STARTED, now: NOW + 60_000 }));
    expect(texts(r.effects)).toEqual([en.codeEscalated(b.contactPhone)]);
    const urgent = alerts(r.effects, 'code_not_working');
    expect(urgent).toHaveLength(1);
    expect(urgent[0]!.ref).toBe(REF);
    for (const part of [REF, b.roomName, 'front door (lock 1001): code present', `${b.roomName} (lock 2001): code was missing, put back`, b.contactPhone]) {
      expect(urgent[0]!.detail).toContain(part);
    }
    expect(audits(r.effects)).toEqual(['code_trouble:escalated']);
    // Once per episode: saying it again reassures the guest without a second alert.
    const again = step(r.state, text('not working'), ctx({ pin: STARTED, now: NOW + 120_000 }));
    expect(texts(again.effects)).toEqual([en.codeEscalated(b.contactPhone)]);
    expect(alerts(again.effects)).toEqual([]);
  });

  it('no result from the locks after a minute: said again, it is escalated all the same', () => {
    const r = step(reported(), text('not working'), ctx({ pin: STARTED, now: NOW + 61_000 }));
    expect(alerts(r.effects, 'code_not_working')[0]?.detail).toContain('not checked');
  });

  it('busy (the PIN job is moving the code): the guest is told it is being updated', () => {
    const r = step(reported(), codeChecked([], 'busy'), ctx({ pin: STARTED }));
    expect(texts(r.effects)).toEqual([en.codeCheckBusy()]);
  });

  it('while staff have the conversation: recorded, nothing said', () => {
    const r = step({ ...reported(), takenOver: true }, codeChecked(['present', 'present']), ctx({ pin: STARTED }));
    expect(sends(r.effects)).toEqual([]);
    expect(audits(r.effects)).toEqual(['code_checked:checked']);
  });
});

describe('a chat that has not proved the booking never gets a code this way', () => {
  const heldChat = () => checkedIn({ identity: 'mismatch', approved: false, pin: { requested: false, status: 'none', sent: false, delayNotified: false, failureAlerted: false, undelivered: false } });

  it('a held chat saying the code does not work hears it is being checked by a person; no check, no code', () => {
    const r = step(heldChat(), text('the code does not work'), ctx({ pin: STARTED }));
    expect(texts(r.effects)).toEqual([en.pinHeld()]);
    expect(ofType(r.effects, 'checkCode')).toEqual([]);
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
  });

  it('a check result reaching a held chat gives no code', () => {
    const r = step({ ...heldChat(), codeTrouble: { reportedAt: NOW, checked: false, escalated: false } }, codeChecked(['present', 'present']), ctx({ pin: STARTED }));
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
  });

  it('a chat that no longer holds the booking gets no code and no check', () => {
    const r = step(checkedIn(), text('code not working'), ctx({ pin: STARTED, bookingOwner: OTHER_KEY }));
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    expect(ofType(r.effects, 'checkCode')).toEqual([]);
  });

  it('a result for a chat that lost the booking since gives no code', () => {
    const s = step(checkedIn(), text('code not working'), ctx({ pin: STARTED })).state;
    const r = step(s, codeChecked(['present', 'present']), ctx({ pin: STARTED, bookingOwner: OTHER_KEY }));
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
  });
});

describe('property answers', () => {
  const catalog = parseProperties(
    {
      properties: [
        {
          id: 'p',
          name: 'Harbour House',
          timezone: 'Europe/London',
          frontDoorLockId: 1001,
          contactPhone: '+442079460958',
          defaultLanguage: 'en',
          address: '1 Quay Street, Bristol',
          info: {
            wifi: { network: 'HarbourGuest', password: 'quay-1' },
            parking: { en: 'Bay 4 behind the building.', es: 'Plaza 4 detrás del edificio.' },
            houseRules: { en: 'No smoking.' },
            mapUrl: 'https://osm.org/quay',
          },
          rooms: [
            { id: 'r1', name: 'Room 3', lockId: 2001 },
            { id: 'r2', name: 'Room 4', lockId: 2002, info: { wifi: { network: 'Room4Net', password: 'r4-pass' } } },
          ],
        },
        { id: 'bare', name: 'Bare', timezone: 'Europe/London', frontDoorLockId: 5, contactPhone: '+442079460958', rooms: [{ id: 'x', name: 'X', lockId: 6 }] },
      ],
    },
    'test',
  );
  const p = catalog.property('p')!;
  const infoOf = (roomIndex: number) => guestInfoByLanguage(p, p.rooms[roomIndex]);
  const ask = (said: string, lang: ConversationState['lang'] = 'en', guestInfo = infoOf(0)) => step(checkedIn({ lang }), text(said), ctx({ pin: STARTED, guestInfo }));
  /** A property answer, with the way to a person it ends with. */
  const answered = (answer: string, lang: ConversationState['lang'] = 'en') => [`${answer}\n\n${CATALOGS[lang].infoHuman()}`];

  it('Wi-Fi in English and Spanish, from the property', () => {
    expect(texts(ask("what's the wifi password?").effects)).toEqual(answered(en.wifiInfo('HarbourGuest', 'quay-1')));
    expect(texts(ask('¿Cuál es la contraseña del wifi?', 'es').effects)).toEqual(answered(CATALOGS.es.wifiInfo('HarbourGuest', 'quay-1'), 'es'));
  });

  it("a room's own Wi-Fi overrides the property's", () => {
    expect(texts(ask('internet?', 'en', infoOf(1)).effects)).toEqual(answered(en.wifiInfo('Room4Net', 'r4-pass')));
  });

  it('parking in the guest\'s language; a language the host did not write falls back to the property\'s default', () => {
    expect(texts(ask('¿Dónde puedo aparcar?', 'es').effects)).toEqual(answered(CATALOGS.es.parkingInfo('Plaza 4 detrás del edificio.'), 'es'));
    expect(texts(ask('Wo kann ich parken?', 'de').effects)).toEqual(answered(CATALOGS.de.parkingInfo('Bay 4 behind the building.'), 'de'));
    expect(texts(ask('Règles de la maison ?', 'fr').effects)).toEqual(answered(CATALOGS.fr.houseRulesInfo('No smoking.'), 'fr'));
  });

  it('check-out from the booking, the address with its map link', () => {
    expect(texts(ask('What time is check-out?').effects)).toEqual(answered(en.checkOutInfo(b.checkOutLabel)));
    expect(texts(ask('what is the address?').effects)).toEqual(answered(en.addressInfo('1 Quay Street, Bristol', 'https://osm.org/quay')));
    // A bare question about a topic needs no person.
    expect(alerts(ask('What time is check-out?').effects)).toEqual([]);
  });

  it('a field the host did not set: said politely, and the question goes to staff', () => {
    const bare = guestInfoByLanguage(catalog.property('bare')!, undefined);
    const r = ask('wifi password please', 'en', bare);
    expect(texts(r.effects)).toEqual([en.infoMissing('wifi')]);
    const [q] = alerts(r.effects, 'guest_question');
    expect(q).toMatchObject({ ref: REF });
    expect(q!.detail).toContain('"wifi password please"');
  });

  it('a held chat is not told the Wi-Fi: its question goes to staff', () => {
    const r = step(checkedIn({ identity: 'mismatch', approved: false }), text('wifi?'), ctx({ pin: STARTED, guestInfo: infoOf(0) }));
    expect(JSON.stringify(r.effects)).not.toContain('quay-1');
    expect(alerts(r.effects, 'guest_question')).toHaveLength(1);
  });
});

describe('anything else after check-in goes to staff', () => {
  it('an unknown question: a guest_question alert quoting it, and the guest told the team will answer here', () => {
    const r = step(checkedIn({ lang: 'fr' }), text('Y a-t-il un sèche-cheveux ?'), ctx({ pin: STARTED }));
    expect(texts(r.effects)).toEqual([CATALOGS.fr.questionForwarded()]);
    const [q] = alerts(r.effects, 'guest_question');
    expect(q).toMatchObject({ kind: 'guest_question', ref: REF });
    expect(q!.detail).toContain('"Y a-t-il un sèche-cheveux ?"');
    expect(audits(r.effects)).toEqual(['guest_question']);
    expect(r.state.step).toBe('done');
  });

  it('a thank-you is answered kindly, not passed on', () => {
    const r = step(checkedIn(), text('Thanks so much!'), ctx({ pin: STARTED }));
    expect(texts(r.effects)).toEqual([en.youreWelcome()]);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('the done commands still work: PIN resends, HELP helps, LANGUAGE offers languages', () => {
    expect(texts(step(checkedIn(), text('pin'), ctx({ pin: STARTED })).effects)[0]).toContain(PIN_CODE);
    expect(texts(step(checkedIn(), text('help'), ctx({ pin: STARTED })).effects)[0]).toBe(en.help());
    expect(texts(step(checkedIn(), text('language'), ctx({ pin: STARTED })).effects)).toEqual([en.chooseLanguage()]);
    expect(alerts(step(checkedIn(), text('human'), ctx({ pin: STARTED })).effects, 'human_requested')).toHaveLength(1);
  });

  it('owner check uses the conversation key', () => {
    expect(checkedIn().key).toBe(KEY);
  });
});

describe('never stuck on a question', () => {
  // Ofcom's drama range: a possible UK mobile number that libphonenumber does not call valid.
  const UNLISTED = '+44 7700 900123';

  it('a possible-but-not-valid number: asked to check it; the same number again is taken and flagged for staff', () => {
    const s = reach('phone');
    const first = step(s, text(UNLISTED), ctx());
    expect(texts(first.effects)).toEqual([en.phoneUnlisted()]);
    expect(first.state.step).toBe('phone');
    const second = step(first.state, text('+447700900123'), ctx());
    expect(second.state.guest.phone).toBe('+447700900123');
    expect(second.state.step).toBe('email');
    expect(second.state.unlistedPhone).toBeUndefined();
    expect(ofType(second.effects, 'note')[0]?.text).toMatch(/does not recognise its range/);
  });

  it('a different number the second time is not taken', () => {
    const first = step(reach('phone'), text(UNLISTED), ctx());
    const second = step(first.state, text('+44 7700 900124'), ctx());
    expect(second.state.step).toBe('phone');
    expect(second.state.guest.phone).toBeUndefined();
  });

  it.each([
    ['name', ['12345', '!!!', '67890']],
    ['email', ['not-an-email', 'still not', 'nope@']],
    ['car', ['ÄB12', 'X', 'ÖÖ']],
  ] as const)('three unusable answers in a row at %s: a person offered instead of the same re-ask, staff alerted once', (at, answers) => {
    let s = reach(at);
    const replies: string[][] = [];
    const raised: unknown[] = [];
    for (const a of [...answers, answers[0]]) {
      const r = step(s, text(a), ctx());
      replies.push(texts(r.effects));
      raised.push(...alerts(r.effects, 'guest_stuck'));
      s = r.state;
    }
    expect(replies[1]).toEqual(replies[0]);
    expect(replies[2]).toEqual([en.stuck()]);
    expect(en.stuck()).toContain('HUMAN');
    expect(replies[3]).toEqual(replies[0]); // the fourth gets the reason again
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: 'guest_stuck' });
    expect(s.step).toBe(at);
  });

  it('a good answer in between starts the count again', () => {
    let s = reach('email');
    for (const a of ['bad', 'bad again']) s = step(s, text(a), ctx()).state;
    s = step(s, text('jane@example.com'), ctx()).state;
    expect(s.failures).toBeUndefined();
  });
});

describe('what is the door and what is not', () => {
  const says = (said: string, lang: ConversationState['lang'] = 'en') => step(checkedIn({ lang }), text(said), ctx({ pin: STARTED }));

  it.each([
    ['en', "The door password doesn't work"],
    ['en', 'password not working'],
    ['es', 'la contraseña no funciona'],
    ['fr', 'le mot de passe ne marche pas'],
    ['de', 'Das Passwort funktioniert nicht'],
    ['it', 'la password non funziona'],
    ['pt', 'a senha não funciona'],
    ['nl', 'het wachtwoord werkt niet'],
    ['pl', 'hasło nie działa'],
  ] as const)('%s: "%s" is the door code (many guests call it the password), not the Wi-Fi', (lang, said) => {
    const r = says(said, lang);
    expect(ofType(r.effects, 'checkCode')).toHaveLength(1);
    expect(texts(r.effects)).toEqual([CATALOGS[lang].codeHowTo(), CATALOGS[lang].codeChecking()]);
  });

  it.each([
    ['en', 'not working'],
    ['en', "it doesn't work"],
    ['en', 'Hi, still not working!'],
    ['es', 'no funciona'],
    ['fr', 'ça ne marche toujours pas'],
    ['de', 'funktioniert immer noch nicht'],
    ['nl', 'werkt niet'],
  ] as const)('%s: a bare "%s" after check-in is the door code', (lang, said) => {
    expect(ofType(says(said, lang).effects, 'checkCode')).toHaveLength(1);
  });

  it.each([
    ['en', "the TV doesn't work"],
    ['en', 'the shower is not working'],
    ['en', "I can't open the window"],
    ['en', 'is the pool not open?'],
    ['es', 'la tele no funciona'],
    ['de', 'Der Fernseher funktioniert nicht'],
    ['fr', 'la télé ne marche pas'],
    ['it', 'la doccia non funziona'],
    ['nl', 'de tv werkt niet'],
    ['pl', 'telewizor nie działa'],
    ['pt', 'o chuveiro não funciona'],
  ] as const)('%s: "%s" is not the door: it goes to staff as a question, and said twice raises no urgent alert', (lang, said) => {
    let s = checkedIn({ lang });
    const all = [];
    for (const now of [NOW, NOW + 120_000]) {
      const r = step(s, text(said), ctx({ pin: STARTED, now }));
      all.push(...r.effects);
      s = r.state;
    }
    expect(ofType(all, 'checkCode')).toEqual([]);
    expect(alerts(all, 'code_not_working')).toEqual([]);
    expect(alerts(all, 'guest_question')).toHaveLength(2);
    expect(s.codeTrouble).toBeUndefined();
  });

  it('"password?" alone is the Wi-Fi\'s', () => {
    const info = { en: { wifi: { network: 'HarbourGuest', password: 'quay-1' } } };
    const r = step(checkedIn(), text('password?'), ctx({ pin: STARTED, guestInfo: info }));
    expect(texts(r.effects)[0]).toContain(en.wifiInfo('HarbourGuest', 'quay-1'));
  });
});

describe('a request about a topic is answered and passed to a person', () => {
  const info = { en: { wifi: { network: 'HarbourGuest', password: 'quay-1' }, parking: 'Bay 4 behind the building.' } };
  const ask = (said: string) => step(checkedIn(), text(said), ctx({ pin: STARTED, guestInfo: info }));

  it.each([
    ['Could we have a late check-out please?', en.checkOutInfo(b.checkOutLabel)],
    ['can we leave our luggage after checkout?', en.checkOutInfo(b.checkOutLabel)],
    ['the wifi is not working', en.wifiInfo('HarbourGuest', 'quay-1')],
    ['wifi very slow, can you reset the router?', en.wifiInfo('HarbourGuest', 'quay-1')],
    ['my car was towed from the parking!', en.parkingInfo('Bay 4 behind the building.')],
  ])('"%s": the stored answer, that the team has it, and a guest_question quoting it', (said, answer) => {
    const r = ask(said);
    expect(texts(r.effects)).toEqual([`${answer}\n\n${en.infoForwarded()}`]);
    const [q] = alerts(r.effects, 'guest_question');
    expect(q!.detail).toContain(`"${said}"`);
    expect(ofType(r.effects, 'checkCode')).toEqual([]);
  });

  it('every language ends a property answer with its way to a person', () => {
    for (const lang of ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl'] as const) {
      const r = step(checkedIn({ lang }), text('wifi?'), ctx({ pin: STARTED, guestInfo: { [lang]: info.en } }));
      expect(texts(r.effects)).toEqual([`${CATALOGS[lang].wifiInfo('HarbourGuest', 'quay-1')}\n\n${CATALOGS[lang].infoHuman()}`]);
    }
  });
});

describe('code trouble after the stay', () => {
  const ENDED = NOW - 30 * 60_000;
  const left = (patch: Partial<ConversationState> = {}) => checkedIn({ departure: { status: 'done', endsAt: ENDED, endsAtLabel: '13:30' }, ...patch });

  it.each([
    ['after "I\'ve left" (departure done)', () => left(), { pin: { ...STARTED, endsAt: ENDED } }, en.codeEnded('13:30')],
    ['after the code ended at check-out', () => checkedIn(), { pin: { ...STARTED, endsAt: ENDED }, booking: bookingView({ checkOutAt: ENDED }) }, en.codeEnded(b.checkOutLabel)],
    ['after cleanup deleted the PIN record', () => checkedIn(), { pin: undefined, booking: bookingView({ checkOutAt: ENDED }) }, en.codeEnded(b.checkOutLabel)],
  ] as const)('%s: told when it stopped and offered a person; staff get a question, not an URGENT alert; no lock check', (_, state, overrides, told) => {
    const r = step(state(), text('code not working'), ctx(overrides));
    expect(texts(r.effects)).toEqual([told]);
    expect(ofType(r.effects, 'checkCode')).toEqual([]);
    expect(alerts(r.effects, 'code_not_working')).toEqual([]);
    expect(alerts(r.effects, 'guest_question')).toHaveLength(1);
    // "PIN" does not re-send the expired code, nor promise one.
    const pin = step(state(), text('pin'), ctx(overrides));
    expect(texts(pin.effects)).toEqual([told]);
    expect(JSON.stringify(pin.effects)).not.toContain(PIN_CODE);
  });

  it('while the departure is under way: the code is being ended', () => {
    const r = step(checkedIn({ departure: { status: 'requested', endsAt: NOW + 900_000 } }), text('pin'), ctx({ pin: STARTED }));
    expect(texts(r.effects)).toEqual([en.codeEnded()]);
  });
});

describe('RESTART and going back to the reference forget the booking\'s trouble too', () => {
  it('codeTrouble, failures and unlistedPhone are cleared by RESTART', () => {
    const s = checkedIn({ codeTrouble: { reportedAt: NOW, checked: true, escalated: true }, failures: { step: 'done', count: 2 }, unlistedPhone: '+447700900123' });
    const r = step(s, text('restart'), ctx({ pin: STARTED }));
    expect(r.state.codeTrouble).toBeUndefined();
    expect(r.state.failures).toBeUndefined();
    expect(r.state.unlistedPhone).toBeUndefined();
  });

  it('and by BACK to the reference question', () => {
    const s = { ...reach('name'), failures: { step: 'name' as const, count: 2 }, unlistedPhone: '+447700900123' };
    const r = step(s, text('back'), ctx());
    expect(r.state.step).toBe('ref');
    expect(r.state.failures).toBeUndefined();
    expect(r.state.unlistedPhone).toBeUndefined();
  });
});

describe('"I\'ll send it here as soon as it\'s ready" is kept', () => {
  it('the check found the PIN job busy; that job changed nothing (pinReady, not renewed): the code is sent anyway, once', () => {
    const reported = step(checkedIn(), text('code not working'), ctx({ pin: STARTED })).state;
    const busy = step(reported, codeChecked([], 'busy'), ctx({ pin: STARTED, now: NOW + 5_000 }));
    expect(texts(busy.effects)).toEqual([en.codeCheckBusy()]);
    const ready = step(busy.state, { type: 'pinReady', ref: REF }, ctx({ pin: STARTED, now: NOW + 20_000 }));
    expect(texts(ready.effects).filter((m) => m.includes(PIN_CODE))).toHaveLength(1);
    // A second PIN job result sends nothing more; a new report now reaches a person.
    expect(sends(step(ready.state, { type: 'pinReady', ref: REF }, ctx({ pin: STARTED, now: NOW + 30_000 })).effects)).toEqual([]);
    expect(alerts(step(ready.state, text('still not working'), ctx({ pin: STARTED, now: NOW + 40_000 })).effects, 'code_not_working')).toHaveLength(1);
  });
});
