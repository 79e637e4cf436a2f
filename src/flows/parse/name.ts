import type { Parsed } from './result.js';
import { cleanInput, codePointLength } from './text.js';

const MAX_NAME_CHARS = 100;

/**
 * Letters and combining marks (scripts such as Devanagari keep vowel signs as marks even after
 * NFKC), plus the punctuation real names use: apostrophes, hyphens, dots, and the middle dots of
 * Catalan "l·l" and katakana "ジョン・スミス". Anything else (digits, @, <, *, ;) is not a name.
 */
const NAME_CHARS = /^[\p{L}\p{M}'‘’.\-‐·・ ]+$/u;

/** "example.com" has a 2+ letter run either side of a dot; initials like "J.R.R." never do. */
const DOMAIN_LIKE = /\p{L}{2,}\.\p{L}{2,}/u;

export function parseName(text: string): Parsed<string, 'empty' | 'too_long' | 'not_a_name'> {
  const input = cleanInput(text);
  if (!input.ok) return input;
  const value = input.value;
  if (
    codePointLength(value) > MAX_NAME_CHARS ||
    !NAME_CHARS.test(value) ||
    !/\p{L}/u.test(value) ||
    DOMAIN_LIKE.test(value)
  ) {
    return { ok: false, reason: 'not_a_name' };
  }
  return { ok: true, value };
}

/** Letters NFD leaves whole, folded the way guests type them on an English keyboard ("Soren" for "Søren"). */
const FOLDS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

function words(name: string): string[] {
  return name
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßøæœłđðþı]/g, (c) => FOLDS[c] ?? c)
    // "O'Neil" and "ONeil" are the same surname; hyphens and dots separate words ("J.R." is two initials).
    .replace(/['‘’ʼ`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

interface Booked {
  words: string[];
  /** Positions an initial may not stand for: the surname must always be spelled out. */
  surname: Set<number>;
}

/** Property systems often export "SMITH, John": the part before the comma is then the surname. */
function bookedWords(booked: string): Booked {
  const comma = booked.indexOf(',');
  if (comma > 0) {
    const last = words(booked.slice(0, comma));
    const rest = words(booked.slice(comma + 1));
    if (last.length > 0 && rest.length > 0) {
      return { words: [...last, ...rest], surname: new Set(last.map((_, i) => i)) };
    }
  }
  const all = words(booked);
  return { words: all, surname: new Set([all.length - 1]) };
}

/**
 * The guest's name proves the booking's name: every word the guest gives is a word of the booked
 * name (accents, case, hyphens and order forgiven), a surname of the booking is spelled out, and
 * an initial stands only for a first name the booking has. Extra words are refused: a list of
 * every common surname must not match whichever one is booked.
 */
export function namesMatch(given: string, booked: string): boolean {
  const g = words(given);
  const b = bookedWords(booked);
  if (g.length === 0 || b.words.length === 0) return false;
  if (g.length > b.words.length) return false;

  const freeGiven = new Set(g.keys());
  const freeBooked = new Set(b.words.keys());
  let full = 0;
  let initials = 0;
  let surnameSpelled = false;

  // Exact words pair up first so an initial cannot steal a word that is spelled out elsewhere.
  for (const gi of freeGiven) {
    for (const bi of freeBooked) {
      const word = g[gi]!;
      if (word.length > 1 && word === b.words[bi]) {
        freeGiven.delete(gi);
        freeBooked.delete(bi);
        full++;
        if (b.surname.has(bi)) surnameSpelled = true;
        break;
      }
    }
  }
  for (const gi of freeGiven) {
    for (const bi of freeBooked) {
      if (b.surname.has(bi)) continue;
      const gw = g[gi]!;
      const bw = b.words[bi]!;
      if ((gw.length === 1 && bw.startsWith(gw)) || (bw.length === 1 && gw.startsWith(bw))) {
        freeGiven.delete(gi);
        freeBooked.delete(bi);
        initials++;
        break;
      }
    }
  }

  if (freeGiven.size > 0) return false;
  if (b.words.length === 1) return full === 1 && g[0] === b.words[0];
  // A surname alone is too weak: a first name or its initial must come with it.
  return surnameSpelled && full + initials >= 2;
}
