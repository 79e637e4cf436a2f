import { normalizeRef, REF_PATTERN } from '../../bookings/booking.js';
import type { Parsed } from './result.js';
import { cleanInput } from './text.js';

/**
 * Only a single label word is stripped, and only when a separator follows it: "REF123" is itself
 * a plausible ref, so a bare "ref" glued to the code must stay.
 */
const LABEL = /^(?:ref|reference|booking)(?:\s*:\s*|\s+)/i;

export function parseRef(text: string): Parsed<string, 'empty' | 'too_long' | 'format'> {
  const input = cleanInput(text);
  if (!input.ok) return input;
  const rest = input.value.replace(LABEL, '');
  // "booking ref AB1234" would otherwise collapse into the plausible but wrong "REFAB1234".
  if (LABEL.test(rest)) return { ok: false, reason: 'format' };
  // Checked before upper-casing because "ß" and "ı" upper-case into ASCII and would sneak past REF_PATTERN.
  if (/[^\x20-\x7e]/.test(rest)) return { ok: false, reason: 'format' };
  const value = normalizeRef(rest);
  return REF_PATTERN.test(value) ? { ok: true, value } : { ok: false, reason: 'format' };
}
