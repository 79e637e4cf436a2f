import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BUTTONS, type ButtonId } from '../../../src/flows/events.js';
import { TELEGRAM_COMMANDS } from '../../../src/flows/messages/catalog.js';
import { en } from '../../../src/flows/messages/en.js';
import { CATALOGS, LANGUAGE_BUTTONS, LANGUAGES, type Language, type Messages } from '../../../src/flows/messages/index.js';
import { fieldWordKey, understoodIn } from '../../../src/flows/messages/understood.js';
import { parseIntent, type Intent } from '../../../src/flows/parse/intent.js';
import { parsePlate } from '../../../src/flows/parse/plate.js';
import { parseRef } from '../../../src/flows/parse/ref.js';
import { foldWord } from '../../../src/flows/parse/text.js';
import { topicOf } from '../../../src/flows/parse/topic.js';

/**
 * Every catalog against English. The compiler checks that each has every key (a catalog is typed
 * `Messages`); this checks what it cannot: that each sentence keeps English's placeholders, that
 * the words a sentence tells the guest to type are understood, and the platforms' limits.
 */

const OTHERS = LANGUAGES.filter((l) => l !== 'en');

/** A value no translation would write by itself: if it is missing from the output, a placeholder was dropped. */
const S = (name: string) => `⟦${name}⟧`;

type SentenceKey = { [K in keyof Messages]: Messages[K] extends (...args: never[]) => string ? K : never }[keyof Messages];

const STAY = { propertyName: S('property'), roomName: S('room'), checkInLabel: S('checkIn'), checkOutLabel: S('checkOut') };

/** Each sentence called every way the flow calls it. A Record: a new sentence does not compile until its calls are listed here. */
const CALLS: { [K in SentenceKey]: Array<Parameters<Messages[K]>> } = {
  welcome: [[]],
  askRef: [[]],
  refEmpty: [[]],
  refTooLong: [[]],
  refFormat: [[]],
  refNotFound: [[S('ref')]],
  refGivingUp: [[]],
  lookupsPaused: [[]],
  lookupsResumed: [[]],
  detailsCheckedAgain: [[]],
  bookingCancelled: [[S('ref'), S('contactPhone')]],
  claimedElsewhere: [[S('ref'), S('contactPhone')]],
  blocked: [[S('contactPhone')], [undefined]],
  refAccepted: [[]],
  reassigned: [[]],
  bookingFreed: [[]],
  askName: [[]],
  nameEmpty: [[]],
  nameInvalid: [[]],
  nameTooLong: [[]],
  askPhone: [[S('known')], [undefined]],
  phoneInvalid: [[]],
  phoneNeedsCountry: [[]],
  phoneEmpty: [[]],
  askEmail: [[]],
  emailInvalid: [[]],
  emailEmpty: [[]],
  tooLong: [[]],
  askCar: [[true], [false]],
  askCarAgain: [[]],
  carInvalid: [[]],
  summary: [
    [{ ref: S('ref'), stay: STAY, name: S('name'), phone: S('phone'), email: S('email'), car: S('car') }],
    [{ ref: S('ref'), name: S('name'), phone: S('phone'), email: S('email'), car: null }],
  ],
  confirmPrompt: [[]],
  askWhichField: [[]],
  fieldPrompt: [['name'], ['phone'], ['email'], ['car']],
  pin: [[{ code: S('code'), ...STAY, arrivalInstructions: S('instructions') }], [{ code: S('code'), ...STAY }]],
  pinComing: [[]],
  pinDelayed: [[S('contactPhone')]],
  pinFailed: [[S('contactPhone')]],
  pinHeld: [[]],
  pinNotYet: [[]],
  alreadyConfirmed: [[]],
  done: [[S('room')]],
  arrivalWelcome: [[S('room'), { network: S('network'), password: S('password') }], [S('room'), undefined]],
  checkoutReminder: [[S('time'), S('room')]],
  updated: [[]],
  botError: [[]],
  fromStaff: [[S('text'), S('team')], [S('text'), undefined]],
  editLater: [[]],
  help: [[]],
  chooseLanguage: [[]],
  languageChanged: [[]],
  humanRequested: [[]],
  restarted: [[]],
  cannotGoBack: [[]],
  pleaseType: [[]],
  tooFast: [[]],
  codeHowTo: [[]],
  codeNotYetValid: [[S('from')]],
  codeChecking: [[]],
  codeCheckedOk: [[]],
  codeReadded: [[S('where')]],
  codeCheckBusy: [[]],
  codeCheckFailed: [[S('contactPhone')]],
  codeEscalated: [[S('contactPhone')]],
  wifiInfo: [[S('network'), S('password')], [S('network'), '']],
  parkingInfo: [[S('text')]],
  checkOutInfo: [[S('when')]],
  addressInfo: [[S('address'), S('map')], [S('address'), undefined], [undefined, S('map')]],
  houseRulesInfo: [[S('text')]],
  infoMissing: [['wifi'], ['parking'], ['address'], ['houseRules']],
  questionForwarded: [[]],
  youreWelcome: [[]],
  infoHuman: [[]],
  infoForwarded: [[]],
  codeEnded: [[S('until')], []],
  phoneUnlisted: [[]],
  stuck: [[]],
};

const call = (m: Messages, key: SentenceKey, args: unknown[]): string => (m[key] as (...a: unknown[]) => string)(...args);
const sentinels = (text: string) => text.match(/⟦\w+⟧/g) ?? [];

describe('every catalog keeps the placeholders of English', () => {
  const cases = OTHERS.flatMap((lang) =>
    (Object.keys(CALLS) as SentenceKey[]).flatMap((key) => (CALLS[key] as unknown[][]).map((args, i) => [lang, key, i, args] as const)),
  );

  it('the sentinel calls reach every placeholder of English (the table above is complete)', () => {
    for (const key of Object.keys(CALLS) as SentenceKey[]) {
      const passed = (CALLS[key] as unknown[][]).flatMap((args) => JSON.stringify(args).match(/⟦\w+⟧/g) ?? []);
      const shown = (CALLS[key] as unknown[][]).flatMap((args) => sentinels(call(en, key, args)));
      expect(new Set(shown), key).toEqual(new Set(passed));
    }
  });

  it.each(cases)('%s %s (call %i): every value English shows, this language shows', (lang, key, _i, args) => {
    const english = sentinels(call(en, key, [...args]));
    const translated = sentinels(call(CATALOGS[lang], key, [...args]));
    expect(translated.sort()).toEqual(english.sort());
  });

  it.each(OTHERS)('%s: button and WhatsApp words take their values too', (lang) => {
    const m = CATALOGS[lang];
    expect(m.buttons.use_known_phone(S('phone'))).toContain(S('phone'));
    const hint = m.whatsapp.numberedHint([S('first'), S('second')]);
    expect(hint).toContain(S('first'));
    expect(hint).toContain(S('second'));
    expect(hint.indexOf('1')).toBeLessThan(hint.indexOf(S('first')));
    expect(hint.indexOf('2')).toBeLessThan(hint.indexOf(S('second')));
  });

  it.each(OTHERS)('%s: no sentence is left in English', (lang) => {
    const m = CATALOGS[lang];
    for (const key of Object.keys(CALLS) as SentenceKey[]) {
      for (const args of CALLS[key] as unknown[][]) expect(call(m, key, args), key).not.toBe(call(en, key, args));
    }
    for (const id of Object.keys(en.buttons) as Array<keyof Messages['buttons']>) {
      if (id === 'use_known_phone') continue;
      // "Auto", "Name", "Email" are the same word in some languages; the language button never is.
      if (id === 'language') expect(m.buttons[id]).not.toBe(en.buttons[id]);
      expect(m.buttons[id].length).toBeGreaterThan(0);
    }
    expect(m.pinRedacted).not.toBe(en.pinRedacted);
    for (const command of TELEGRAM_COMMANDS) expect(m.telegram.commands[command]).not.toBe(en.telegram.commands[command]);
  });
});

describe("what Telegram allows", () => {
  it.each(LANGUAGES)('%s: the share-contact placeholder fits 64 characters, command descriptions 3-256', (lang) => {
    const t = CATALOGS[lang].telegram;
    expect([...t.contactPlaceholder].length).toBeLessThanOrEqual(64);
    for (const command of TELEGRAM_COMMANDS) {
      expect(t.commands[command].length).toBeGreaterThanOrEqual(3);
      expect(t.commands[command].length).toBeLessThanOrEqual(256);
    }
  });
});

describe('dates and times', () => {
  it.each(LANGUAGES)("%s: the stay's format reads in its locale, with the day, the month's name and the time", (lang) => {
    const { locale, dateFormat } = CATALOGS[lang];
    const friday = DateTime.fromISO('2026-11-27T15:05', { zone: 'Europe/Madrid' }).setLocale(locale);
    const label = friday.toFormat(dateFormat);
    expect(label).toContain('27');
    expect(label).toContain('15');
    expect(label).toContain('05');
    expect(label).toContain('2026');
    expect([friday.toFormat('MMMM'), friday.toFormat('LLL')].some((month) => label.includes(month)), label).toBe(true);
  });
});

/** What each button means when its typed word comes back. */
function understands(lang: Language, id: Exclude<ButtonId, (typeof LANGUAGE_BUTTONS)[number]>, word: string): boolean {
  const u = understoodIn(lang);
  const intent = parseIntent(word, u.intent);
  const is = (expected: Intent) => JSON.stringify(intent) === JSON.stringify(expected);
  switch (id) {
    case 'confirm':
    case 'use_known_phone':
    case 'left_yes':
      return is({ kind: 'yes' });
    case 'left_no':
      return is({ kind: 'no' });
    case 'edit':
      return is({ kind: 'edit' });
    case 'no_car':
      return parsePlate(word, u.noCar).ok && (parsePlate(word, u.noCar) as { value: unknown }).value === null;
    case 'edit_name':
      return u.fieldWords.get(fieldWordKey(word)) === 'name';
    case 'edit_phone':
      return u.fieldWords.get(fieldWordKey(word)) === 'phone';
    case 'edit_email':
      return u.fieldWords.get(fieldWordKey(word)) === 'email';
    case 'edit_car':
      return u.fieldWords.get(fieldWordKey(word)) === 'car';
    case 'resend_pin':
      return is({ kind: 'resend' });
    case 'code_trouble':
      return topicOf(u.afterCheckin, word)?.topic === 'codeTrouble';
    case 'human':
      return is({ kind: 'human' });
    case 'language':
      return is({ kind: 'language' });
  }
}

describe('the words each language tells the guest to type are understood', () => {
  it.each(LANGUAGES)('%s: every WhatsApp typed word means its button', (lang) => {
    const typed = CATALOGS[lang].whatsapp.typed;
    for (const id of BUTTONS.filter((b) => !b.startsWith('lang_')) as Array<keyof typeof typed>) {
      for (const word of typed[id]) expect(understands(lang, id, word), `${id}: ${word}`).toBe(true);
      // Lower case and without accents too: guests type "si", "telefono", "zmien".
      for (const word of typed[id]) expect(understands(lang, id, foldWord(word)), `${id}: ${foldWord(word)}`).toBe(true);
    }
  });

  it.each(LANGUAGES)('%s: every command HELP lists is understood', (lang) => {
    const lines = CATALOGS[lang].help().split('\n').slice(1);
    const kinds = lines.map((line) => parseIntent(line.split(' - ')[0]!, understoodIn(lang).intent)?.kind);
    expect(kinds).toEqual(['help', 'back', 'edit', 'resend', 'human', 'restart', 'language']);
  });

  it.each(LANGUAGES)('%s: the sentences name the typed words of their buttons', (lang) => {
    const m = CATALOGS[lang];
    const t = m.whatsapp.typed;
    const names = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));
    expect(names(m.summary({ ref: 'AB1234', name: 'A B', phone: '+1', email: 'a@b.co', car: null }), t.confirm)).toBe(true);
    expect(names(m.confirmPrompt(), t.edit)).toBe(true);
    for (const id of ['edit_name', 'edit_phone', 'edit_email', 'edit_car'] as const) expect(names(m.askWhichField(), t[id]), id).toBe(true);
    expect(names(m.askCar(true), t.no_car)).toBe(true);
    expect(names(m.askCarAgain(), t.no_car)).toBe(true);
    expect(names(m.askPhone('+44 7400 123456'), t.use_known_phone)).toBe(true);
    expect(names(m.done('Room 1'), t.resend_pin)).toBe(true);
    expect(names(m.done('Room 1'), t.human)).toBe(true);
    expect(names(m.done('Room 1'), t.code_trouble)).toBe(true);
    expect(names(m.pin({ code: '1', propertyName: 'P', roomName: 'R', checkInLabel: 'a', checkOutLabel: 'b' }), t.code_trouble)).toBe(true);
    expect(names(m.codeCheckedOk(), t.code_trouble)).toBe(true);
    expect(names(m.stuck(), t.human)).toBe(true);
    expect(names(m.welcome(), t.language)).toBe(true);
    expect(names(m.help(), t.language)).toBe(true);
  });

  it.each(OTHERS)('%s: English still works beside it (YES, EDIT, NO CAR, HELP, PIN, names of details, ref labels)', (lang) => {
    const u = understoodIn(lang);
    expect(parseIntent('YES', u.intent)).toEqual({ kind: 'yes' });
    expect(parseIntent('edit', u.intent)).toEqual({ kind: 'edit' });
    expect(parseIntent('help', u.intent)).toEqual({ kind: 'help' });
    expect(parseIntent('restart', u.intent)).toEqual({ kind: 'restart' });
    expect(parseIntent('PIN', u.intent)).toEqual({ kind: 'resend' });
    expect(parseIntent('change my email', u.intent)).toEqual({ kind: 'edit', field: 'email' });
    expect(parsePlate('no car', u.noCar)).toEqual({ ok: true, value: null });
    expect(u.fieldWords.get(fieldWordKey('phone'))).toBe('phone');
    expect(parseRef('Check-in, booking AB1234', u.refLabels)).toEqual({ ok: true, value: 'AB1234' });
  });

  it.each(OTHERS)('%s: no phrase means one thing in this language and another in English', (lang) => {
    const english = new Map<string, string>();
    for (const [kind, phrases] of Object.entries(en.words.intent.phrases)) for (const p of phrases) english.set(foldWord(p), kind);
    for (const [kind, phrases] of Object.entries(CATALOGS[lang].words.intent.phrases)) {
      for (const p of phrases) {
        const other = english.get(foldWord(p));
        if (other !== undefined) expect(`${p}: ${other}`).toBe(`${p}: ${kind}`);
      }
    }
  });
});

describe('understood words of each language', () => {
  it.each([
    ['es', 'sí'],
    ['es', 'Si'],
    ['es', 'vale'],
    ['fr', 'oui'],
    ['fr', "d'accord"],
    ['de', 'ja'],
    ['de', 'Stimmt'],
    ['it', 'sì'],
    ['pt', 'sim'],
    ['nl', 'ja'],
    ['nl', 'klopt'],
    ['pl', 'tak'],
    ['pl', 'Zgadza się'],
  ] as const)('%s: "%s" is yes', (lang, word) => {
    expect(parseIntent(word, understoodIn(lang).intent)).toEqual({ kind: 'yes' });
  });

  it.each([
    ['es', 'sin coche'],
    ['es', 'No tengo coche.'],
    ['es', 'sin vehiculo'],
    ['fr', 'pas de voiture'],
    ['fr', "Je n’ai pas de voiture"],
    ['de', 'kein Auto'],
    ['de', 'zu Fuss'],
    ['it', 'senza auto'],
    ['it', 'niente macchina'],
    ['pt', 'sem carro'],
    ['pt', 'nao tenho carro'],
    ['nl', 'geen auto'],
    ['pl', 'bez samochodu'],
    ['pl', 'nie mam samochodu'],
    ['pl', 'Nie'],
  ] as const)('%s: "%s" means no car', (lang, answer) => {
    expect(parsePlate(answer, understoodIn(lang).noCar)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['es', 'Teléfono', 'phone'],
    ['es', 'telefono', 'phone'],
    ['es', 'MATRÍCULA', 'car'],
    ['fr', 'téléphone', 'phone'],
    ['fr', 'nom', 'name'],
    ['de', 'Kennzeichen', 'car'],
    ['de', 'Handynummer', 'phone'],
    ['it', 'targa', 'car'],
    ['pt', 'telemóvel', 'phone'],
    ['pt', 'matricula', 'car'],
    ['nl', 'kenteken', 'car'],
    ['pl', 'imię i nazwisko', 'name'],
    ['pl', 'samochod', 'car'],
  ] as const)('%s: "%s" alone picks %s on the summary', (lang, word, field) => {
    expect(understoodIn(lang).fieldWords.get(fieldWordKey(word))).toBe(field);
  });

  it.each([
    ['es', 'quiero cambiar mi teléfono', { kind: 'edit', field: 'phone' }],
    ['es', 'el email está mal', { kind: 'edit', field: 'email' }],
    ['fr', "je voudrais changer l'immatriculation", { kind: 'edit', field: 'car' }],
    ['de', 'Ich möchte meine E-Mail ändern', { kind: 'edit', field: 'email' }],
    ['de', 'falscher Name', { kind: 'edit', field: 'name' }],
    ['it', 'vorrei cambiare la targa', { kind: 'edit', field: 'car' }],
    ['pt', 'quero alterar o meu telemóvel', { kind: 'edit', field: 'phone' }],
    ['nl', 'mijn kenteken wijzigen', { kind: 'edit', field: 'car' }],
    ['pl', 'chcę zmienić rejestrację', { kind: 'edit', field: 'car' }],
    ['es', 'quiero hablar con una persona', { kind: 'human' }],
    ['fr', "je voudrais parler à quelqu'un", { kind: 'human' }],
    ['de', 'Ich möchte mit einem Menschen sprechen', { kind: 'human' }],
    ['pl', 'chcę porozmawiać z człowiekiem', { kind: 'human' }],
    ['es', '¿Cuál es mi código?', { kind: 'resend' }],
    ['fr', "renvoyez-moi le code d'accès", { kind: 'resend' }],
    ['de', 'Schicken Sie mir den Code noch mal', { kind: 'resend' }],
    ['it', 'ho perso il codice', { kind: 'resend' }],
    ['nl', 'ik ben mijn code kwijt', { kind: 'resend' }],
    ['pl', 'proszę wysłać kod ponownie', { kind: 'resend' }],
    ['es', 'ayuda, por favor', { kind: 'help' }],
    ['de', 'Hilfe bitte', { kind: 'help' }],
    ['es', 'idioma', { kind: 'language' }],
    ['de', '/lang fr', { kind: 'language', lang: 'fr' }],
    ['pl', 'język angielski', { kind: 'language', lang: 'en' }],
    ['es', 'idioma inglés', { kind: 'language', lang: 'en' }],
    ['es', 'idioma klingon', { kind: 'language' }],
    ['en', 'Español', { kind: 'language', lang: 'es' }],
    ['en', 'deutsch', { kind: 'language', lang: 'de' }],
    ['en', '/lang pt-BR', { kind: 'language', lang: 'pt' }],
    ['en', 'language polish', { kind: 'language', lang: 'pl' }],
    ['fr', 'langue nl', { kind: 'language', lang: 'nl' }],
  ] as const)('%s: "%s"', (lang, text, intent) => {
    expect(parseIntent(text, understoodIn(lang).intent)).toEqual(intent);
  });

  it.each([
    ['es', 'Reserva: AB1234'],
    ['es', 'localizador AB1234'],
    ['fr', 'Réservation AB1234'],
    ['de', 'Buchungsnummer: AB1234'],
    ['it', 'prenotazione AB1234'],
    ['pt', 'reserva AB-1234'],
    ['nl', 'boekingsnummer AB1234'],
    ['pl', 'numer rezerwacji AB1234'],
  ] as const)('%s: "%s" is the ref AB1234', (lang, text) => {
    expect(parseRef(text, understoodIn(lang).refLabels)).toEqual({ ok: true, value: 'AB1234' });
  });
});
