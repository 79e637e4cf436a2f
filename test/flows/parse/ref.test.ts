import { describe, it, expect } from 'vitest';
import { parseRef } from '../../../src/flows/parse/ref.js';
import { BOLD, EMOJI, EMPTY, HUGE, INVISIBLE, SCRIPT, SQL, WHITESPACE } from './hostile-inputs.js';

describe('parseRef', () => {
  it.each([
    ['AB1234', 'AB1234'],
    ['ab1234', 'AB1234'],
    ['ab-12 34', 'AB1234'],
    ['  AB 12_34.  ', 'AB1234'],
    ['#AB1234', 'AB1234'],
    ['# AB1234', 'AB1234'],
    ['ref AB1234', 'AB1234'],
    ['Ref: AB1234', 'AB1234'],
    ['REF:AB1234', 'AB1234'],
    ['ref #AB1234', 'AB1234'],
    ['booking ab-1234', 'AB1234'],
    ['Booking: 9876543', '9876543'],
    ['reference: hmx-42-zz', 'HMX42ZZ'],
    ['REF123', 'REF123'],
    ['reference', 'REFERENCE'],
    ['ＡＢ１２３４', 'AB1234'],
    ['AB\u200b12\u000034', 'AB1234'],
    ['A1B', 'A1B'],
    ['X'.repeat(32), 'X'.repeat(32)],
    ['HMABCD1234/5', 'HMABCD12345'],
    // What an invitation link types in (src/bookings/invite.ts), and how a guest may retype it.
    ['Check-in, booking AB1234', 'AB1234'],
    ['check in booking ab1234', 'AB1234'],
    ['Checkin: ref AB1234', 'AB1234'],
    // Not understood as a sentence: spaces are separators like any other, and the lookup will miss.
    ['my booking is AB1234', 'MYBOOKINGISAB1234'],
  ])('%j → %j', (text, value) => {
    expect(parseRef(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['empty', EMPTY, 'empty'],
    ['whitespace', WHITESPACE, 'empty'],
    ['invisible only', INVISIBLE, 'empty'],
    ['5,000 chars', HUGE, 'too_long'],
    ['emoji', EMOJI, 'format'],
    ['script tag', SCRIPT, 'format'],
    ['bold markup', BOLD, 'format'],
    ['SQL', SQL, 'format'],
    ['two chars', 'AB', 'format'],
    ['33 chars', 'X'.repeat(33), 'format'],
    ['label only', 'ref:', 'format'],
    ['two label words', 'Booking ref: AB1234', 'format'],
    ['two label words, spaced', 'booking ref AB1234', 'format'],
    ['two label words, no colon', 'booking reference 123456', 'format'],
    ['accented letter', 'ÀB1234', 'format'],
    ['ß upper-cases to SS', 'straße1', 'format'],
    ['dotless i upper-cases to I', 'ı23456', 'format'],
    ['punctuation inside', 'AB!1234', 'format'],
    ['emoji inside', 'AB😀1234', 'format'],
  ])('%s → %s', (_label, text, reason) => {
    expect(parseRef(text)).toEqual({ ok: false, reason });
  });
});
