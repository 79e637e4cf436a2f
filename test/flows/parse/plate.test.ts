import { describe, it, expect } from 'vitest';
import { parsePlate } from '../../../src/flows/parse/plate.js';
import { BOLD, EMOJI, EMPTY, HUGE, INVISIBLE, SCRIPT, SQL, WHITESPACE } from './hostile-inputs.js';

describe('parsePlate', () => {
  it.each([
    'none',
    'None',
    'no',
    'NO',
    'no car',
    'No car.',
    'n/a',
    'N/A',
    'na',
    '-',
    'nope',
    'Nope!',
    "I don't have a car",
    'I don’t have a car',
    'i dont have a car',
    'no vehicle',
    'not driving',
    'Walking',
    '🚫',
    '🚫\ufe0f',
    ' no\u200b car ',
    'no thanks',
  ])('%j → no car', (text) => {
    expect(parsePlate(text)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['ab12cde', 'AB12 CDE'],
    ['AB12 CDE', 'AB12 CDE'],
    ['ab-12-cde', 'AB12 CDE'],
    [' a b 1 2 c d e ', 'AB12 CDE'],
    ['NO12 ABC', 'NO12 ABC'],
    ['no12abc', 'NO12 ABC'],
    ['ＡＢ１２ＣＤＥ', 'AB12 CDE'],
    ['AB\u200b12\u0000CDE', 'AB12 CDE'],
    ['ab-123-cd', 'AB-123-CD'],
    ['ab - 123 -cd', 'AB-123-CD'],
    ['m  abc 1234', 'M ABC 1234'],
    ['b 123 xyz', 'B 123 XYZ'],
    ['7abc123', '7ABC123'],
    ['A1', 'A1'],
    ['-A1-', 'A1'],
    ['abcdefghijkl', 'ABCDEFGHIJKL'],
    ['1234-5678-9012', '1234-5678-9012'],
  ])('%j → %j', (text, value) => {
    expect(parsePlate(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['empty', EMPTY, 'empty'],
    ['whitespace', WHITESPACE, 'empty'],
    ['invisible only', INVISIBLE, 'empty'],
    ['5,000 chars', HUGE, 'too_long'],
    ['emoji', EMOJI, 'invalid'],
    ['car emoji', '🚗', 'invalid'],
    ['plate with emoji', 'AB12 CDE 🚗', 'invalid'],
    ['script tag', SCRIPT, 'invalid'],
    ['bold markup', BOLD, 'invalid'],
    ['SQL', SQL, 'invalid'],
    ['sentence', 'it is a red ford fiesta', 'invalid'],
    ['sentence with punctuation', 'my reg is AB12 CDE.', 'invalid'],
    ['one char', 'A', 'invalid'],
    ['separators only', '- -', 'invalid'],
    ['13 chars', 'ABCDEFGHIJKLM', 'invalid'],
    ['accented letter', 'ÀB12 CDE', 'invalid'],
    ['ß would upper-case to SS', 'ß1', 'invalid'],
    ['cyrillic', 'А123ВС', 'invalid'],
    ['slash', 'AB/12', 'invalid'],
  ])('%s → %s', (_label, text, reason) => {
    expect(parsePlate(text)).toEqual({ ok: false, reason });
  });
});
