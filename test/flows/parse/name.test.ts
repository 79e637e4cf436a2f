import { describe, it, expect } from 'vitest';
import { namesMatch, parseName } from '../../../src/flows/parse/name.js';
import { BOLD, EMOJI, EMPTY, HUGE, INVISIBLE, SCRIPT, SQL, WHITESPACE } from './hostile-inputs.js';

describe('parseName', () => {
  it.each([
    ['John Smith', 'John Smith'],
    ["José María O'Neil-Smith", "José María O'Neil-Smith"],
    ['李小龙', '李小龙'],
    ['Zoë', 'Zoë'],
    ['  anna   de  la   cruz ', 'anna de la cruz'],
    ['J. Smith', 'J. Smith'],
    ['J.R.R. Tolkien', 'J.R.R. Tolkien'],
    ['D’Angelo', 'D’Angelo'],
    ['Zoe\u0308', 'Zoë'],
    ['Ｊｏｈｎ', 'John'],
    ['Jo\u200bhn\u0000 Smith', 'John Smith'],
    ['John\nSmith', 'John Smith'],
    ['Paula i Martí·Puig', 'Paula i Martí·Puig'],
    ['ジョン・スミス', 'ジョン・スミス'],
    ['Владимир Иванов', 'Владимир Иванов'],
    ['محمد علي', 'محمد علي'],
    ['देवनागरी नाम', 'देवनागरी नाम'],
    ['Henry VIII', 'Henry VIII'],
    ['a'.repeat(100), 'a'.repeat(100)],
  ])('%j → %j', (text, value) => {
    expect(parseName(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['empty', EMPTY, 'empty'],
    ['whitespace', WHITESPACE, 'empty'],
    ['invisible only', INVISIBLE, 'empty'],
    ['5,000 chars', HUGE, 'too_long'],
    ['emoji', EMOJI, 'not_a_name'],
    ['name with emoji', 'John 😀', 'not_a_name'],
    ['script tag', SCRIPT, 'not_a_name'],
    ['bold markup', BOLD, 'not_a_name'],
    ['html tag', '<b>John</b>', 'not_a_name'],
    ['SQL', SQL, 'not_a_name'],
    ['digits', 'John Smith 2', 'not_a_name'],
    ['only digits', '12345', 'not_a_name'],
    ['arabic-indic digits', 'علي ٣', 'not_a_name'],
    ['email', 'john@example.com', 'not_a_name'],
    ['@ handle', '@john', 'not_a_name'],
    ['url with scheme', 'https://evil.example', 'not_a_name'],
    ['bare domain', 'example.com', 'not_a_name'],
    ['www domain', 'www.example.org', 'not_a_name'],
    ['punctuation only', ".'-", 'not_a_name'],
    ['101 chars', 'a'.repeat(101), 'not_a_name'],
    ['501 chars', 'a'.repeat(501), 'too_long'],
    ['question', 'what?', 'not_a_name'],
  ])('%s → %s', (_label, text, reason) => {
    expect(parseName(text)).toEqual({ ok: false, reason });
  });
});

describe('namesMatch', () => {
  it.each([
    ['John Smith', 'John Smith'],
    ['john smith', 'JOHN SMITH'],
    ['smith john', 'John Smith'],
    ['Jose Garcia', 'José García'],
    ['José García', 'Jose Garcia'],
    ['John Smith', 'John Paul Smith'],
    ['J. Smith', 'John Smith'],
    ['J Smith', 'John Smith'],
    ['John Smith', 'J. Smith'],
    ['Smith, J.', 'John Smith'],
    ['J. P. Smith', 'John Paul Smith'],
    ["O'Neil-Smith Mary", "Mary O'Neil Smith"],
    ['Mary ONeil', "Mary O'Neil"],
    ['Soren Kierkegaard', 'Søren Kierkegaard'],
    ['Strasse Hans', 'Hans Straße'],
    ['Zoe', 'Zoë'],
    ['李小龙', '李小龙'],
    ['Madonna', 'MADONNA'],
    ['John Smith', 'SMITH, John'],
    ['J Smith', 'SMITH, John'],
    ['J Smith', 'Smith, Jane Ann'],
    ['  John\u200b  Smith. ', 'John Smith'],
  ])('%j matches %j', (given, booked) => {
    expect(namesMatch(given, booked)).toBe(true);
  });

  it.each([
    ['John Smith', 'Jane Smith'],
    ['Smith', 'John Smith'],
    ['John', 'John Smith'],
    ['John Smith', 'Smith'],
    ['John S.', 'John Smith'],
    ['J. S.', 'John Smith'],
    ['A. Smith', 'SMITH, Jane'],
    ['John S', 'SMITH, John'],
    ['J. Smith', 'JONES, Jane Ann'],
    ['John Jones', 'John Smith'],
    ['John John', 'John Smith'],
    ['John Paul Jones', 'John Smith'],
    ['Jon Smith', 'John Smith'],
    ['Madonna', 'Madonn'],
    ['', 'John Smith'],
    ['John Smith', ''],
    ['...', '...'],
    ['😀', '😀'],
    ['李小龙', '李 小龙'],
    // Extra words never ride along with the right ones (the "every surname" attack).
    ['John Paul Smith', 'John Smith'],
    ['A B C D E F G H I J K L M N O P Q R S T U V W X Y Z Smith Jones Brown Taylor Wilson Evans', 'Bob Jones'],
    ['Bob Jones Smith', 'Bob Jones'],
    // An initial only stands for a first name the booking has.
    ['X Jones', 'Bob Jones'],
    ['B Q Jones', 'Bob Jones'],
    // First names alone leave out the surname.
    ['John Paul', 'John Paul Smith'],
  ])('%j does not match %j', (given, booked) => {
    expect(namesMatch(given, booked)).toBe(false);
  });
});
