import { normalizeRef, REF_PATTERN } from '../../bookings/booking.js';
import { enWords } from '../messages/en-words.js';
import type { Parsed } from './result.js';
import { cleanInput } from './text.js';

/** `label`: the words that may come before the ref ("ref: AB1234"), from the message catalog. */
export function parseRef(text: string, label: RegExp = enWords.refLabel): Parsed<string, 'empty' | 'too_long' | 'format'> {
  const input = cleanInput(text);
  if (!input.ok) return input;
  const rest = input.value.replace(label, '');
  // "booking ref AB1234" would otherwise collapse into the plausible but wrong "REFAB1234".
  if (label.test(rest)) return { ok: false, reason: 'format' };
  // Checked before upper-casing because "ß" and "ı" upper-case into ASCII and would sneak past REF_PATTERN.
  if (/[^\x20-\x7e]/.test(rest)) return { ok: false, reason: 'format' };
  const value = normalizeRef(rest);
  return REF_PATTERN.test(value) ? { ok: true, value } : { ok: false, reason: 'format' };
}
