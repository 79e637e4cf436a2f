import { describe, it, expect } from 'vitest';
import { cleanInput, cleanText, codePointLength, MAX_INPUT_CHARS } from '../../../src/flows/parse/text.js';

describe('cleanText', () => {
  it.each([
    ['  hello  ', 'hello'],
    ['a \t\n  b', 'a b'],
    ['line1\r\nline2', 'line1 line2'],
    ['non\u00a0breaking', 'non breaking'],
    ['ideographic\u3000space', 'ideographic space'],
    ['zero\u200bwidth\u200c\u200d\u2060joiners', 'zerowidthjoiners'],
    ['\ufeffbom', 'bom'],
    ['bidi\u200e\u202a\u202cmarks', 'bidimarks'],
    ['nul\u0000bell\u0007del\u007f', 'nulbelldel'],
    ['ＡＢ１２３', 'AB123'],
    ['ﬁne', 'fine'],
    ['e\u0301', 'é'],
    ['user＠example．com', 'user@example.com'],
    ['lone\ud800surrogate', 'lonesurrogate'],
    ['', ''],
    [' \u200b ', ''],
  ])('%j → %j', (raw, expected) => {
    expect(cleanText(raw)).toBe(expected);
  });
});

describe('cleanInput', () => {
  it('passes cleaned text through', () => {
    expect(cleanInput('  hi\tthere ')).toEqual({ ok: true, value: 'hi there' });
  });

  it.each(['', '   ', '\u200b\u0000\ufeff'])('%j is empty', (raw) => {
    expect(cleanInput(raw)).toEqual({ ok: false, reason: 'empty' });
  });

  it('accepts exactly MAX_INPUT_CHARS code points', () => {
    expect(cleanInput('x'.repeat(MAX_INPUT_CHARS))).toEqual({ ok: true, value: 'x'.repeat(MAX_INPUT_CHARS) });
  });

  it('counts an astral emoji as one character', () => {
    const emoji = '😀'.repeat(MAX_INPUT_CHARS);
    expect(cleanInput(emoji)).toEqual({ ok: true, value: emoji });
  });

  it.each([
    ['one over', 'x'.repeat(MAX_INPUT_CHARS + 1)],
    ['5,000 chars', 'a'.repeat(5000)],
    ['whitespace padding counts', ' '.repeat(MAX_INPUT_CHARS) + 'x'],
    ['astral one over', '😀'.repeat(MAX_INPUT_CHARS + 1)],
  ])('%s is too_long', (_label, raw) => {
    expect(cleanInput(raw)).toEqual({ ok: false, reason: 'too_long' });
  });
});

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['😀', 1],
    ['李小龙', 3],
  ])('%j has %i', (text, n) => {
    expect(codePointLength(text)).toBe(n);
  });
});
