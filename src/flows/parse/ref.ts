import { enWords } from '../messages/en-words.js';
import type { Parsed } from './result.js';
import { cleanInput } from './text.js';

/** Booking refs are compared case-, space- and dash-insensitively ("ab-12 34" is "AB1234"). */
export function normalizeRef(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\-_.\/#]+/g, '').toUpperCase();
}

export const REF_PATTERN = /^[A-Z0-9]{3,32}$/;

/**
 * `label`: the words that may come before the ref ("ref: AB1234"), from the message catalogs: the
 * guest's language and English (an invitation link types English words in for every guest).
 */
export function parseRef(text: string, label: RegExp | readonly RegExp[] = enWords.refLabel): Parsed<string, 'empty' | 'too_long' | 'format'> {
  const input = cleanInput(text);
  if (!input.ok) return input;
  const labels: readonly RegExp[] = label instanceof RegExp ? [label] : label;
  const first = labels.find((l) => l.test(input.value));
  const rest = first ? input.value.replace(first, '') : input.value;
  // "booking ref AB1234" would otherwise collapse into the plausible but wrong "REFAB1234".
  if (labels.some((l) => l.test(rest))) return { ok: false, reason: 'format' };
  // Checked before upper-casing because "ß" and "ı" upper-case into ASCII and would sneak past REF_PATTERN.
  if (/[^\x20-\x7e]/.test(rest)) return { ok: false, reason: 'format' };
  const value = normalizeRef(rest);
  return REF_PATTERN.test(value) ? { ok: true, value } : { ok: false, reason: 'format' };
}
