import { describe, it, expect } from 'vitest';
import { parseEmail } from '../../../src/flows/parse/email.js';
import { BOLD, EMOJI, EMPTY, HUGE, INVISIBLE, SCRIPT, SQL, WHITESPACE } from './hostile-inputs.js';

describe('parseEmail', () => {
  it.each([
    ['guest@example.com', 'guest@example.com'],
    ['  guest@example.com  ', 'guest@example.com'],
    ['John.Doe@Example.COM', 'John.Doe@example.com'],
    ["o'neil+tag@mail.example.co.uk", "o'neil+tag@mail.example.co.uk"],
    ['a_b-c@sub.domain.travel', 'a_b-c@sub.domain.travel'],
    ['<guest@example.com>', 'guest@example.com'],
    ['mailto:guest@example.com', 'guest@example.com'],
    ['MAILTO:Guest@Example.com', 'Guest@example.com'],
    ['<mailto:guest@example.com>', 'guest@example.com'],
    ['guest＠example．com', 'guest@example.com'],
    ['gu\u200best@exam\u0000ple.com', 'guest@example.com'],
    ['help@example.com', 'help@example.com'],
    [`${'a'.repeat(64)}@${'b'.repeat(185)}.com`, `${'a'.repeat(64)}@${'b'.repeat(185)}.com`],
  ])('%j → %j', (text, value) => {
    expect(parseEmail(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['empty', EMPTY, 'empty'],
    ['whitespace', WHITESPACE, 'empty'],
    ['invisible only', INVISIBLE, 'empty'],
    ['5,000 chars', HUGE, 'too_long'],
    ['emoji', EMOJI, 'invalid'],
    ['emoji local part', '😀@example.com', 'invalid'],
    ['script tag', SCRIPT, 'invalid'],
    ['script in local part', '<script>@example.com', 'invalid'],
    ['bold markup', BOLD, 'invalid'],
    ['bold address', '*guest@example.com*', 'invalid'],
    ['SQL', SQL, 'invalid'],
    ['SQL in local part', "x'; DROP TABLE bookings;--@example.com", 'invalid'],
    ['no @', 'guest.example.com', 'invalid'],
    ['two @', 'guest@@example.com', 'invalid'],
    ['two separate @', 'guest@home@example.com', 'invalid'],
    ['no local part', '@example.com', 'invalid'],
    ['no domain', 'guest@', 'invalid'],
    ['no TLD', 'guest@example', 'invalid'],
    ['one-letter TLD', 'guest@example.c', 'invalid'],
    ['numeric TLD', 'guest@example.123', 'invalid'],
    ['space in local part', 'gu est@example.com', 'invalid'],
    ['space in domain', 'guest@exam ple.com', 'invalid'],
    ['space around @', 'guest @ example.com', 'invalid'],
    ['double dot', 'gu..est@example.com', 'invalid'],
    ['leading dot', '.guest@example.com', 'invalid'],
    ['trailing dot', 'guest@example.com.', 'invalid'],
    ['display name', 'Guest <guest@example.com>', 'invalid'],
    ['sentence', 'my email is guest@example.com', 'invalid'],
    ['255 chars', `${'a'.repeat(64)}@${'b'.repeat(186)}.com`, 'invalid'],
  ])('%s → %s', (_label, text, reason) => {
    expect(parseEmail(text)).toEqual({ ok: false, reason });
  });
});
