/**
 * "I've left", "we just checked out!", "ya nos fuimos 👋": a guest saying they have left. The
 * patterns are the catalogs' (`left` in messages/*-words.ts) and match whole messages only, so
 * "I left my charger in the room" is not a departure.
 */
import { cleanInput, foldWord } from './text.js';

/** Folded, apostrophes straightened, punctuation and emoji (but not ' and -) turned into spaces. */
export function departureText(text: string): string | undefined {
  const input = cleanInput(text);
  if (!input.ok) return undefined;
  return foldWord(input.value)
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function saysLeft(text: string, patterns: readonly RegExp[]): boolean {
  const s = departureText(text);
  return s !== undefined && s !== '' && patterns.some((p) => p.test(s));
}
