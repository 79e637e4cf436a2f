import { describe, expect, it } from 'vitest';
import { bookingRefFor, step } from '../../src/flows/checkin.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { CATALOGS, LANGUAGES, LANGUAGE_NAMES, type Language } from '../../src/flows/messages/index.js';
import { newConversation, type ConversationState } from '../../src/flows/state.js';
import {
  ANSWERS,
  NOW,
  PIN_CODE,
  REF,
  alerts,
  bookingView,
  ctx,
  type CtxOverrides,
  fresh,
  ofType,
  pendingPin,
  reach,
  readyPin,
  run,
  sends,
  text,
  texts,
} from './flow-helpers.js';

/** Each language's stay labels, as the context loader formats them (tested in test/conversation/stay-labels.test.ts). */
const LABELS = Object.fromEntries(LANGUAGES.map((l) => [l, { checkIn: `in:${l}`, checkOut: `out:${l}` }]));
const booking = bookingView({ stayLabels: LABELS });
const OTHERS = LANGUAGES.filter((l) => l !== 'en');

/** A WhatsApp chat from `phone`, as the engine creates it (the platform's number known). */
function whatsapp(phone: string): ConversationState {
  return { ...newConversation('whatsapp', phone, NOW - 60_000), knownPhone: phone };
}

function once(s: ConversationState, event: FlowEvent | string, over: CtxOverrides = {}) {
  return step(s, typeof event === 'string' ? text(event) : event, ctx({ booking, bookingOwner: s.key, ...over }));
}

describe('a whole check-in in each language (Telegram app language), with the words of that language', () => {
  it.each(OTHERS)('%s: every message in it, dates in its format, "no car" and "yes" in its words', (lang) => {
    const m = CATALOGS[lang];
    const noCar = m.whatsapp.typed.no_car[0]!.toLowerCase();
    const yes = m.whatsapp.typed.confirm[0]!.toLowerCase();
    const r = run(fresh(), [{ type: 'start' }, ANSWERS.ref, ANSWERS.name, ANSWERS.phone, ANSWERS.email, noCar, yes], {
      booking,
      pin: readyPin,
      platformLang: lang === 'pt' ? 'pt-BR' : lang,
    });
    const stay = { propertyName: booking.propertyName, roomName: booking.roomName, checkInLabel: `in:${lang}`, checkOutLabel: `out:${lang}` };
    expect(texts(r.effects)).toEqual([
      m.welcome(),
      m.refAccepted(),
      m.askPhone(undefined),
      m.askEmail(),
      m.askCar(true),
      m.summary({ ref: REF, stay, name: ANSWERS.name, phone: ANSWERS.phoneDisplay, email: ANSWERS.emailStored, car: null }),
      m.pin({ code: PIN_CODE, ...stay, arrivalInstructions: booking.arrivalInstructions! }),
    ]);
    expect(r.state).toMatchObject({ step: 'done', lang, langSource: 'platform', guest: { car: null }, pin: { sent: true } });
    // Buttons in the language; every message says which language it is in, for the channel's own words.
    const labels = sends(r.effects).flatMap((e) => e.buttons ?? []).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining([m.buttons.no_car, m.buttons.confirm, m.buttons.edit]));
    expect(sends(r.effects).every((e) => e.lang === lang)).toBe(true);
  });

  it('English messages say no language (English is what a channel assumes)', () => {
    const r = run(fresh(), [{ type: 'start' }, ANSWERS.ref], { booking, platformLang: 'en-GB' });
    expect(sends(r.effects).every((e) => e.lang === undefined)).toBe(true);
    expect(r.state).toMatchObject({ lang: 'en', langSource: 'platform' });
  });

  it('a language the bot does not speak (Telegram "ru") leaves English', () => {
    const r = run(fresh(), [{ type: 'start' }], { platformLang: 'ru' });
    expect(texts(r.effects)).toEqual([CATALOGS.en.welcome()]);
    expect(r.state.lang).toBe('en');
  });

  it.each([
    ['es', 'sí'],
    ['fr', 'oui'],
    ['de', 'ja'],
    ['it', 'si'],
    ['pt', 'sim'],
    ['nl', 'JA'],
    ['pl', 'tak'],
    ['es', 'yes'],
    ['pl', 'ok'],
  ] as const)('%s: "%s" confirms the summary', (lang, word) => {
    const s = reach('confirm', { patch: { lang, langSource: 'chosen' } });
    const r = once(s, word, { pin: readyPin });
    expect(r.state.step).toBe('done');
    expect(texts(r.effects)[0]).toContain(PIN_CODE);
  });

  it.each([
    ['es', 'sin coche'],
    ['fr', 'pas de voiture'],
    ['de', 'Kein Auto'],
    ['it', 'senza auto'],
    ['pt', 'sem carro'],
    ['nl', 'geen auto'],
    ['pl', 'bez samochodu'],
    ['pl', 'no car'],
  ] as const)('%s: "%s" means no car', (lang, answer) => {
    const s = reach('car', { patch: { lang, langSource: 'chosen' } });
    const r = once(s, answer, { pin: pendingPin });
    expect(r.state.step).toBe('confirm');
    expect(r.state.guest.car).toBeNull();
  });

  it('on the summary, accented and unaccented detail names pick the detail', () => {
    for (const word of ['Teléfono', 'telefono', 'MATRÍCULA']) {
      const r = once(reach('confirm', { patch: { lang: 'es', langSource: 'chosen' } }), word);
      expect(r.state.editing).toBe(true);
    }
    const r = once(reach('confirm', { patch: { lang: 'pl', langSource: 'chosen' } }), 'imię i nazwisko');
    expect(r.state).toMatchObject({ step: 'name', editing: true });
    expect(texts(r.effects)).toEqual([CATALOGS.pl.fieldPrompt('name')]);
  });
});

describe('WhatsApp: the language of the first messages, else the phone\'s country, else the property\'s default', () => {
  it('"Hola, tengo una reserva" from a UK number: Spanish (the words beat the country)', () => {
    const r = once(whatsapp('+447400123456'), 'Hola, tengo una reserva');
    expect(texts(r.effects)).toEqual([CATALOGS.es.welcome()]);
    expect(r.state).toMatchObject({ lang: 'es', langSource: 'detected' });
    // Staff following the chat see which language it is in, and why.
    expect(ofType(r.effects, 'note').map((n) => n.text)).toEqual(["Guest's language: Spanish (es), from the language of their messages."]);
  });

  it('a +48 number writing "hi": too few words to tell, so Polish, from the number', () => {
    const r = once(whatsapp('+48512345678'), 'hi');
    expect(texts(r.effects)).toEqual([CATALOGS.pl.welcome()]);
    expect(r.state).toMatchObject({ lang: 'pl', langSource: 'phone' });
  });

  it('then a sentence in English switches at once (a guess from the number gives way to what they write)', () => {
    const polish = once(whatsapp('+48512345678'), 'hi').state;
    const r = once(polish, 'Hello, I have a booking for tonight');
    expect(r.state).toMatchObject({ lang: 'en', langSource: 'detected' });
    expect(texts(r.effects)).toEqual([CATALOGS.en.refFormat()]);
  });

  it('a Spanish number confirmed by Spanish words: detected', () => {
    const r = once(whatsapp('+34612345678'), 'Buenas tardes, tengo una reserva');
    expect(r.state).toMatchObject({ lang: 'es', langSource: 'detected' });
  });

  it("a number of a country with no language of its own here (Belgium), one word: the property's default", () => {
    const r = once(whatsapp('+32470123456'), 'hallo', { defaultLang: 'nl' });
    expect(texts(r.effects)).toEqual([CATALOGS.nl.welcome()]);
    expect(r.state).toMatchObject({ lang: 'nl', langSource: 'default' });
    expect(once(whatsapp('+32470123456'), 'hallo').state.lang).toBe('en');
  });

  it("the booking's property decides the default once it is known", () => {
    const s = { ...whatsapp('+32470123456'), greeted: true };
    const r = once(s, ANSWERS.ref, { defaultLang: 'fr' });
    expect(texts(r.effects)).toEqual([CATALOGS.fr.refAccepted()]);
  });

  it('an invitation link\'s English sentence is not the guest\'s language', () => {
    const r = once(whatsapp('+34612345678'), 'Check-in, booking AB1234');
    expect(r.state).toMatchObject({ lang: 'es', langSource: 'phone', step: 'name' });
    expect(texts(r.effects)).toEqual([CATALOGS.es.refAccepted()]);
  });

  it("a name's words are no language (\"Anna von der Leyen\" on a Spanish chat)", () => {
    const s: ConversationState = { ...whatsapp('+34612345678'), greeted: true, step: 'name', ref: REF, lang: 'es', langSource: 'phone' };
    const r = once(s, 'Anna von der Leyen');
    expect(texts(r.effects)).toEqual([CATALOGS.es.askPhone('+34 612 34 56 78')]);
    expect(r.state.lang).toBe('es');
  });
});

describe('short or mixed messages keep the language; several in another switch it', () => {
  const spanish = () => reach('done', { patch: { lang: 'es', langSource: 'detected' }, ctx: { booking, pin: readyPin } });

  it.each(['ok thanks', 'Hi, tengo una booking', '👍', 'AB1234'])('"%s" keeps Spanish', (message) => {
    const r = once(spanish(), message, { pin: readyPin });
    expect(r.state.lang).toBe('es');
    expect(r.state.langStreak).toBeUndefined();
  });

  it('three English messages in a row switch to English; the answer to the third is in English', () => {
    let s = spanish();
    const lines = ['Where can I park the car please?', 'Is there a lift in the building?', 'What time is check out tomorrow?'];
    const replies: string[][] = [];
    for (const line of lines) {
      const r = once(s, line, { pin: readyPin });
      replies.push(texts(r.effects));
      s = r.state;
    }
    // Questions after check-in: answered (or passed to staff) in the chat's language of the moment.
    expect(replies[0]).toEqual([CATALOGS.es.infoMissing('parking')]);
    expect(replies[1]).toEqual([CATALOGS.es.questionForwarded()]);
    expect(replies[2]).toEqual([`${CATALOGS.en.checkOutInfo(LABELS.en!.checkOut)}\n\n${CATALOGS.en.infoHuman()}`]);
    expect(s).toMatchObject({ lang: 'en', langSource: 'detected' });
  });

  it('one message back in Spanish between them starts the count again', () => {
    let s = spanish();
    for (const line of ['Where can I park the car please?', 'Is there a lift in the building?', 'Perdón, ¿dónde está el ascensor?', 'What time is check out tomorrow?']) {
      s = once(s, line, { pin: readyPin }).state;
    }
    expect(s.lang).toBe('es');
    expect(s.langStreak).toEqual({ lang: 'en', count: 1 });
  });

  it('a Telegram guest whose app is in English, writing Spanish from the first message: Spanish at once', () => {
    const r = once(fresh(), 'Hola, tengo una reserva', { platformLang: 'en' });
    expect(r.state).toMatchObject({ lang: 'es', langSource: 'detected' });
    // Later messages still carry the app's "en": they do not switch back.
    const next = once({ ...r.state }, ANSWERS.ref, { platformLang: 'en' });
    expect(next.state.lang).toBe('es');
    expect(texts(next.effects)).toEqual([CATALOGS.es.refAccepted()]);
  });
});

describe('the guest switches: LANGUAGE, /lang xx, a language\'s name, the button in HELP', () => {
  it('/lang de on the summary: told in German, and the summary again in German with German dates', () => {
    const s = reach('confirm', { ctx: { booking, pin: pendingPin } });
    const r = once(s, '/lang de', { platformLang: 'en' });
    const de = CATALOGS.de;
    expect(r.state).toMatchObject({ lang: 'de', langSource: 'chosen', step: 'confirm' });
    expect(texts(r.effects)[0]).toBe(de.languageChanged());
    expect(texts(r.effects)[1]).toContain('Anreise: in:de');
    expect(texts(r.effects)[1]).toBe(
      de.summary({
        ref: REF,
        stay: { propertyName: booking.propertyName, roomName: booking.roomName, checkInLabel: 'in:de', checkOutLabel: 'out:de' },
        name: ANSWERS.name,
        phone: ANSWERS.phoneDisplay,
        email: ANSWERS.emailStored,
        car: ANSWERS.carStored,
      }),
    );
    expect(sends(r.effects)[1]!.buttons).toEqual([
      { id: 'confirm', label: de.buttons.confirm },
      { id: 'edit', label: de.buttons.edit },
    ]);
    // The app still says English: a choice stands.
    expect(once(r.state, 'ja', { platformLang: 'en', pin: readyPin }).state.lang).toBe('de');
  });

  it('LANGUAGE offers every language by its own name; pressing one switches and asks the question again', () => {
    const s = reach('email');
    const offered = once(s, 'LANGUAGE');
    expect(texts(offered.effects)).toEqual([CATALOGS.en.chooseLanguage()]);
    expect(sends(offered.effects)[0]!.buttons).toEqual(LANGUAGES.map((l) => ({ id: `lang_${l}`, label: LANGUAGE_NAMES[l] })));
    const r = once(offered.state, { type: 'button', id: 'lang_fr' });
    expect(texts(r.effects)).toEqual([CATALOGS.fr.languageChanged(), CATALOGS.fr.askEmail()]);
    expect(r.state).toMatchObject({ lang: 'fr', langSource: 'chosen', step: 'email' });
  });

  it('HELP carries the language button, labelled in the guest\'s language', () => {
    const r = once(reach('name', { patch: { lang: 'it', langSource: 'chosen' } }), 'aiuto');
    expect(sends(r.effects)[0]).toMatchObject({ text: CATALOGS.it.help(), buttons: [{ id: 'language', label: CATALOGS.it.buttons.language }] });
  });

  it.each([
    ['español', 'es'],
    ['Deutsch', 'de'],
    ['/lang pl', 'pl'],
    ['idioma português', 'pt'],
  ] as const)('a first message "%s": the welcome, in that language', (message, lang) => {
    const r = once(fresh(), message);
    expect(texts(r.effects)).toEqual([CATALOGS[lang].welcome()]);
    expect(r.state).toMatchObject({ lang, langSource: 'chosen', greeted: true, step: 'ref' });
  });

  it('a language the bot does not have ("/lang ru") offers the ones it has', () => {
    const r = once(reach('name'), '/lang ru');
    expect(texts(r.effects)).toEqual([CATALOGS.en.chooseLanguage()]);
    expect(r.state.lang).toBe('en');
  });

  it('RESTART keeps the language, and why it is the language', () => {
    const r = once(reach('email', { patch: { lang: 'nl', langSource: 'chosen' } }), 'opnieuw', { platformLang: 'en' });
    expect(r.state).toMatchObject({ step: 'ref', lang: 'nl', langSource: 'chosen' });
    expect(texts(r.effects)).toEqual([CATALOGS.nl.restarted(), CATALOGS.nl.askRef()]);
    expect(once(r.state, ANSWERS.ref, { platformLang: 'en' }).state.lang).toBe('nl');
  });

  it("a first message with another language's label before the ref: the ref is looked up all the same", () => {
    const s = whatsapp('+34612345678');
    expect(bookingRefFor(s, text('Reserva: AB-1234'))).toBe(REF);
    const r = once(s, 'Reserva: AB-1234');
    expect(texts(r.effects)).toEqual([CATALOGS.es.refAccepted()]);
  });
});

describe('staff stay in their language', () => {
  it('a Spanish guest asking for a person: the guest reads Spanish, the staff alert is English', () => {
    const s = reach('phone', { patch: { lang: 'es', langSource: 'detected' } });
    const r = once(s, 'quiero hablar con una persona');
    expect(texts(r.effects)).toEqual([CATALOGS.es.humanRequested()]);
    expect(alerts(r.effects, 'human_requested').map((a) => a.detail)).toEqual(['Guest asked for a person at step "phone".']);
  });

  it('a staff message goes to a Spanish guest as typed, signed in Spanish', () => {
    const s = reach('done', { patch: { lang: 'es', langSource: 'detected' }, ctx: { booking, pin: readyPin } });
    const r = once(s, { type: 'staffMessage', by: 'tg:1', text: 'Hi Jane, the lift is on the left.' });
    expect(texts(r.effects)).toEqual([CATALOGS.es.fromStaff('Hi Jane, the lift is on the left.', booking.propertyName)]);
  });

  it('a PIN failure: the guest hears Spanish, staff English', () => {
    const s = reach('confirm', { patch: { lang: 'es', langSource: 'chosen' } });
    const r = once(s, 'sí', { pin: { status: 'failed', reason: 'gateway offline' } });
    expect(texts(r.effects)).toEqual([CATALOGS.es.pinFailed(booking.contactPhone)]);
    expect(alerts(r.effects, 'pin_failed')[0]!.detail).toMatch(/^Door code for booking AB1234 could not be created/);
  });
});

describe('languages × channels: the flow decides with what arrives (pure)', () => {
  it.each(LANGUAGES)('%s as the property default, nothing else known: welcomed in it', (lang: Language) => {
    const r = once(whatsapp('+81312345678'), 'hi', { defaultLang: lang });
    expect(texts(r.effects)).toEqual([CATALOGS[lang].welcome()]);
  });
});
