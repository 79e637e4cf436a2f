import { describe, it, expect } from 'vitest';
import { formatPhoneForDisplay, parsePhone, type CountryCode } from '../../../src/flows/parse/phone.js';
import { BOLD, EMOJI, EMPTY, HUGE, INVISIBLE, SCRIPT, SQL, WHITESPACE } from './hostile-inputs.js';

describe('parsePhone', () => {
  it.each<[string, CountryCode | undefined, string]>([
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['+442079460958', undefined, '+442079460958'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['00442079460958', undefined, '+442079460958'],
    ['(020) 7946 0958', 'GB', '+442079460958'],
    ['020-7946-0958', 'GB', '+442079460958'],
    ['020.7946.0958', 'GB', '+442079460958'],
    ['+44 (0) 20 7946 0958', undefined, '+442079460958'],
    ['(+44) 20 7946 0958', undefined, '+442079460958'],
    ['+44 7400 123456', undefined, '+447400123456'],
    ['07400 123456', 'GB', '+447400123456'],
    ['7400 123456', 'GB', '+447400123456'],
    ['+1-202-555-0143', undefined, '+12025550143'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+33 6 12 34 56 78', undefined, '+33612345678'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+49 1512 3456789', undefined, '+4915123456789'],
    ['+44 20 7946 0958', 'FR', '+442079460958'],
    ['tel:+442079460958', undefined, '+442079460958'],
    ['＋４４ ２０ ７９４６ ０９５８', undefined, '+442079460958'],
    ['٠٢٠٧٩٤٦٠٩٥٨', 'GB', '+442079460958'],
    ['+44\u200b 20\u00a07946\u202a0958\u202c', undefined, '+442079460958'],
    ['\u200e+44 20 7946 0958\n', undefined, '+442079460958'],
  ])('%j (default %s) → %s', (text, country, value) => {
    expect(parsePhone(text, country)).toEqual({ ok: true, value });
  });

  it.each<[string, string, CountryCode | undefined, string]>([
    ['empty', EMPTY, 'GB', 'empty'],
    ['whitespace', WHITESPACE, 'GB', 'empty'],
    ['invisible only', INVISIBLE, 'GB', 'empty'],
    ['5,000 chars', HUGE, 'GB', 'too_long'],
    ['5,000 digits', '1'.repeat(5000), 'GB', 'too_long'],
    ['emoji', EMOJI, 'GB', 'invalid'],
    ['script tag', SCRIPT, 'GB', 'invalid'],
    ['bold markup', BOLD, 'GB', 'invalid'],
    ['SQL', SQL, 'GB', 'invalid'],
    ['letters', 'call me maybe', 'GB', 'invalid'],
    ['vanity letters', '+1 800 FLOWERS', undefined, 'invalid'],
    ['letter O for zero', '+44 2O 7946 0958', undefined, 'invalid'],
    ['extension', '+44 20 7946 0958 ext 12', undefined, 'invalid'],
    ['too short', '12345', 'GB', 'invalid'],
    ['too short international', '+44 12', undefined, 'invalid'],
    ['too short, no country', '1234', undefined, 'invalid'],
    ['too long', '+44 20 7946 0958 1234 5678', undefined, 'invalid'],
    ['unknown country code', '+999 123 4567', undefined, 'invalid'],
    ['wrong length for GB', '+44 20 7946 09581', undefined, 'invalid'],
    ['national GB number under FR', '020 7946 0958', 'FR', 'invalid'],
    ['two plus signs', '+44 +20 7946 0958', undefined, 'invalid'],
    ['plus in the middle', '44+2079460958', undefined, 'invalid'],
    ['Ofcom drama range mobile', '+44 7700 900123', undefined, 'invalid'],
    ['Ofcom drama range geographic', '+44 1632 960000', undefined, 'invalid'],
    ['missing country', '020 7946 0958', undefined, 'needs_country'],
    ['missing country, mobile', '07400 123456', undefined, 'needs_country'],
    ['missing country, US style', '(415) 555-2671', undefined, 'needs_country'],
  ])('%s → %s', (_label, text, country, reason) => {
    expect(parsePhone(text, country)).toEqual({ ok: false, reason });
  });
});

describe('formatPhoneForDisplay', () => {
  it.each([
    ['+442079460958', '+44 20 7946 0958'],
    ['+447400123456', '+44 7400 123456'],
    ['+14155552671', '+1 415 555 2671'],
    ['+33612345678', '+33 6 12 34 56 78'],
    ['not a number', 'not a number'],
    ['', ''],
  ])('%j → %j', (e164, shown) => {
    expect(formatPhoneForDisplay(e164)).toBe(shown);
  });
});
