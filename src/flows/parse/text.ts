import type { Parsed } from './result.js';

export const MAX_INPUT_CHARS = 500;

/** Trims, NFKC-normalises, collapses internal whitespace, strips zero-width and control chars. */
export function cleanText(raw: string): string {
  return (
    raw
      // NFKC folds fullwidth digits/letters and ＠/＋ that phone keyboards produce into ASCII.
      .normalize('NFKC')
      // Format chars (zero-width, bidi marks pasted from contact cards, BOM) and lone surrogates carry no text.
      .replace(/[\p{Cf}\p{Cs}]/gu, '')
      // Control chars that are not whitespace are deleted; tabs and newlines separate words, so they become spaces below.
      .replace(/(?!\s)\p{Cc}/gu, '')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}

/** Counts code points, not UTF-16 units, so an emoji counts once; stops early so huge inputs cost nothing. */
function exceeds(raw: string, max: number): boolean {
  if (raw.length <= max) return false;
  let count = 0;
  for (const _ of raw) if (++count > max) return true;
  return false;
}

/** The guard every parser starts with: length is checked on the raw message, before any normalisation work. */
export function cleanInput(raw: string): Parsed<string, 'empty' | 'too_long'> {
  if (exceeds(raw, MAX_INPUT_CHARS)) return { ok: false, reason: 'too_long' };
  const value = cleanText(raw);
  return value === '' ? { ok: false, reason: 'empty' } : { ok: true, value };
}

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Letters NFD leaves whole, folded the way guests type them on a keyboard without them. */
const LETTER_FOLDS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Lower case without accents ("Teléfono" → "telefono", "ZMIEŃ" → "zmien", "Straße" → "strasse"):
 * guests type the words the flow understands with or without them, so both sides are compared
 * folded. Marks go too, emoji variation selectors with them.
 */
export function foldWord(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßøæœłđðþı]/g, (c) => LETTER_FOLDS[c] ?? c);
}
