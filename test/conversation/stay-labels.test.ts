import { describe, expect, it } from 'vitest';
import { bookingView } from '../../src/conversation/context-loader.js';
import { catalogFrom, parseProperties, type Property } from '../../src/properties/properties.js';
import { sampleBooking } from '../helpers/bookings.js';

/** The stay's dates as each guest reads them: their language's format, the property's clock. */

const LISBON: Property = {
  id: 'lisbon',
  name: 'Casa do Rio',
  timezone: 'Europe/Lisbon',
  frontDoorLockId: 1001,
  contactPhone: '+351212345678',
  checkInTime: '15:00',
  checkOutTime: '11:00',
  rooms: [{ id: 'r1', name: 'Quarto 1', lockId: 2001 }],
};
const WARSAW: Property = { ...LISBON, id: 'warsaw', name: 'Dom', timezone: 'Europe/Warsaw' };
const catalog = catalogFrom([LISBON, WARSAW]);
const view = (extra: Parameters<typeof sampleBooking>[1]) =>
  bookingView({ ...sampleBooking('AB1234', extra), status: 'active', updatedAt: '2026-10-01T00:00:00Z' }, catalog)!;

describe('stay labels in every language, in the property\'s timezone', () => {
  // Summer time ends in Europe on Sunday 25 October 2026: the stay starts in summer time and ends in winter time.
  const acrossDst = () => view({ propertyId: 'lisbon', roomId: 'r1', checkIn: '2026-10-24', checkOut: '2026-10-26' });

  it('date-only bookings: the property\'s check-in and check-out times, whatever the offset that day', () => {
    expect(acrossDst().stayLabels).toEqual({
      en: { checkIn: 'Sat 24 Oct 2026, 15:00', checkOut: 'Mon 26 Oct 2026, 11:00' },
      es: { checkIn: 'sábado 24 de octubre de 2026, 15:00', checkOut: 'lunes 26 de octubre de 2026, 11:00' },
      fr: { checkIn: 'samedi 24 octobre 2026 à 15h00', checkOut: 'lundi 26 octobre 2026 à 11h00' },
      de: { checkIn: 'Samstag, 24. Oktober 2026, 15:00 Uhr', checkOut: 'Montag, 26. Oktober 2026, 11:00 Uhr' },
      it: { checkIn: 'sabato 24 ottobre 2026, ore 15:00', checkOut: 'lunedì 26 ottobre 2026, ore 11:00' },
      pt: { checkIn: 'sábado, 24 de outubro de 2026, 15h00', checkOut: 'segunda-feira, 26 de outubro de 2026, 11h00' },
      nl: { checkIn: 'zaterdag 24 oktober 2026, 15:00 uur', checkOut: 'maandag 26 oktober 2026, 11:00 uur' },
      pl: { checkIn: 'sobota, 24 października 2026, godz. 15:00', checkOut: 'poniedziałek, 26 października 2026, godz. 11:00' },
    });
    expect(acrossDst().checkInLabel).toBe('Sat 24 Oct 2026, 15:00');
  });

  it('times with an offset are shown on the property\'s clock, across the spring change too', () => {
    // Warsaw moves to summer time on Sunday 29 March 2026; these instants are 15:00 and 11:00 there.
    const v = view({ propertyId: 'warsaw', roomId: 'r1', checkIn: '2026-03-28T14:00:00Z', checkOut: '2026-03-30T09:00:00Z' });
    expect(v.stayLabels?.pl).toEqual({ checkIn: 'sobota, 28 marca 2026, godz. 15:00', checkOut: 'poniedziałek, 30 marca 2026, godz. 11:00' });
    expect(v.stayLabels?.en).toEqual({ checkIn: 'Sat 28 Mar 2026, 15:00', checkOut: 'Mon 30 Mar 2026, 11:00' });
  });
});

describe('defaultLanguage in properties.json', () => {
  const file = (extra: object, property: object = {}) => ({ ...extra, properties: [{ ...LISBON, ...property }] });

  it('unset: English, and no property has one of its own', () => {
    const c = parseProperties(file({}), 'test');
    expect(c.defaultLanguage).toBe('en');
    expect(c.property('lisbon')?.defaultLanguage).toBeUndefined();
  });

  it('for the file (before a booking is known) and per property', () => {
    const c = parseProperties(file({ defaultLanguage: 'es' }, { defaultLanguage: 'pt' }), 'test');
    expect(c.defaultLanguage).toBe('es');
    expect(c.property('lisbon')?.defaultLanguage).toBe('pt');
  });

  it('a language the bot does not speak is refused, saying where', () => {
    expect(() => parseProperties(file({}, { defaultLanguage: 'ru' }), 'props.json')).toThrow(/props\.json: properties\.0\.defaultLanguage/);
  });
});
