import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS, LANGUAGES, type Language } from '../../src/flows/messages/index.js';
import { parseProperties } from '../../src/properties/properties.js';
import { bookingToday, GUEST } from '../helpers/checkin.js';
import { demoPropertiesJson } from '../helpers/properties.js';
import { startTestRuntime, waitFor, type SentMessage, type TestRuntime } from '../helpers/runtime.js';

/**
 * The guest's language through the engine: Telegram's language_code arriving with each message,
 * the WhatsApp number and words, the property's default from properties.json, the dates the
 * context loader formats, and the staff alerts that stay English.
 */

const OTHERS = LANGUAGES.filter((l) => l !== 'en');
const refs = [...OTHERS.map((l) => `LNG${l.toUpperCase()}1`), 'LNGWA1', 'LNGSW1', 'LNGHUM1'];
let t: TestRuntime;

beforeAll(async () => {
  const json = demoPropertiesJson();
  // A second property whose guests are greeted in Dutch when nothing says their language.
  const catalog = parseProperties(
    { ...json, properties: [...json.properties, { ...json.properties[0]!, id: 'canal', name: 'Canal Lofts', timezone: 'Europe/Amsterdam', frontDoorLockId: 3001, defaultLanguage: 'nl', rooms: [{ id: 'a', name: 'Loft A', lockId: 4001 }] }] },
    'test properties',
  );
  t = await startTestRuntime({
    workers: true,
    channels: ['telegram', 'whatsapp'],
    catalog,
    bookings: [...refs.map((ref) => bookingToday(ref)), bookingToday('LNGCANAL1', { propertyId: 'canal', roomId: 'a' })],
  });
});
afterAll(() => t?.close());

const texts = (ms: SentMessage[]) => ms.map((m) => m.text);

describe('Telegram: the app language reaches the flow with every message', () => {
  it.each(OTHERS)('%s: a whole check-in in it, to the door code with the stay in its format', async (lang: Language) => {
    const m = CATALOGS[lang];
    const chat = `tg-${lang}`;
    const ref = `LNG${lang.toUpperCase()}1`;
    const meta = { lang: lang === 'pt' ? 'pt-br' : lang, displayName: 'Alex' };
    const say = (text: string) => t.say(chat, text, { channel: 'telegram', meta });
    expect(texts(await t.send(chat, { type: 'start' }, { channel: 'telegram', meta }))).toEqual([m.welcome()]);
    expect(texts(await say(ref))).toEqual([m.refAccepted()]);
    expect(texts(await say(GUEST.name))).toEqual([m.askPhone(undefined)]);
    expect(texts(await say(GUEST.phone))).toEqual([m.askEmail()]);
    expect(texts(await say(GUEST.email))).toEqual([m.askCar(true)]);
    const summary = await say(m.whatsapp.typed.no_car[0]!.toLowerCase());
    const today = DateTime.now().setZone('Europe/London').startOf('day');
    const checkIn = today.set({ hour: 15 }).setLocale(m.locale).toFormat(m.dateFormat);
    expect(summary[0]!.text).toContain(checkIn);
    expect(summary[0]!.buttons?.map((b) => b.label)).toEqual([m.buttons.confirm, m.buttons.edit]);
    await waitFor(async () => (await t.pinJobState(ref)) === 'completed', 10_000, 'the PIN job');
    await say(m.whatsapp.typed.confirm[0]!.toLowerCase());
    const pin = await waitFor(() => t.sent(chat, 'telegram').find((msg) => msg.secret), 10_000, 'the PIN message');
    const code = (await t.runtime.pins.get(ref))!.code;
    expect(pin.text).toBe(
      m.pin({ code, propertyName: 'Harbour House', roomName: 'Room 1', checkInLabel: checkIn, checkOutLabel: today.plus({ days: 2 }).set({ hour: 11 }).setLocale(m.locale).toFormat(m.dateFormat) }),
    );
    expect(pin.secret?.redacted).toContain(m.pinRedacted);
    expect((await t.runtime.store.load(`telegram:${chat}`))?.state).toMatchObject({ lang, langSource: 'platform', step: 'done' });
  });

  it('/lang de switches mid-flow, and later messages with the app in English keep German', async () => {
    const chat = 'tg-switch';
    const say = (text: string) => t.say(chat, text, { channel: 'telegram', meta: { lang: 'en' } });
    expect(texts(await say('LNGSW1'))).toEqual([CATALOGS.en.refAccepted()]);
    expect(texts(await say('/lang de'))).toEqual([CATALOGS.de.languageChanged(), CATALOGS.de.askName()]);
    expect(texts(await say(GUEST.name))).toEqual([CATALOGS.de.askPhone(undefined)]);
  });
});

describe('WhatsApp: the words, then the number', () => {
  const say = (chat: string, text: string) => t.say(chat, text, { channel: 'whatsapp', meta: { knownPhone: chat } });

  it('a guest writing Spanish from a UK number is answered in Spanish', async () => {
    expect(texts(await say('+447400123411', 'Hola, tengo una reserva'))).toEqual([CATALOGS.es.welcome()]);
    expect(texts(await say('+447400123411', 'LNGWA1'))).toEqual([CATALOGS.es.refAccepted()]);
  });

  it('a +48 number writing "hi" is answered in Polish (too few words; the number\'s country)', async () => {
    expect(texts(await say('+48512345678', 'hi'))).toEqual([CATALOGS.pl.welcome()]);
  });

  it("a Belgian number (no single language) and one word: the property's default once the chat has proven the booking, not before", async () => {
    const chat = '+32470123456';
    expect(texts(await say(chat, 'hallo'))).toEqual([CATALOGS.en.welcome()]);
    // The property's language would say which property the ref is at: still the file's default.
    expect(texts(await say(chat, 'LNGCANAL1'))).toEqual([CATALOGS.en.refAccepted()]);
    for (const answer of [GUEST.name, GUEST.phone, GUEST.email]) await say(chat, answer);
    const summary = await say(chat, 'no car');
    expect(summary[0]!.buttons?.map((b) => b.label)).toEqual([CATALOGS.nl.buttons.confirm, CATALOGS.nl.buttons.edit]);
  });
});

describe('staff stay in English', () => {
  it('a Spanish guest asking for a person: Spanish to the guest, an English alert to staff', async () => {
    const chat = 'tg-human';
    const say = (text: string) => t.say(chat, text, { channel: 'telegram', meta: { lang: 'es-ES' } });
    await say('LNGHUM1');
    expect(texts(await say('humano'))).toEqual([CATALOGS.es.humanRequested()]);
    const alerts = await t.alerts();
    expect(alerts.find((a) => a.kind === 'human_requested' && a.ref === 'LNGHUM1')?.detail).toBe('Guest asked for a person at step "name".');
  });
});
