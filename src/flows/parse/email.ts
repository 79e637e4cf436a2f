import { z } from 'zod';
import type { Parsed } from './result.js';
import { cleanInput } from './text.js';

/**
 * zod's default pattern is the pragmatic one wanted here: one @, no spaces, no leading, trailing or
 * doubled dots, a dotted domain with a 2+ letter TLD. It refuses quoted and non-ASCII addresses,
 * which guests essentially never have and mail providers handle unevenly. 254 is the SMTP path limit.
 */
const emailSchema = z.email().max(254);

export function parseEmail(text: string): Parsed<string, 'empty' | 'too_long' | 'invalid'> {
  const input = cleanInput(text);
  if (!input.ok) return input;
  // Mail apps and chat clients wrap addresses when copied: "<a@b.com>", "mailto:a@b.com".
  const unwrapped = input.value
    .replace(/^<(.*)>$/, '$1')
    .replace(/^mailto:/i, '');
  if (!emailSchema.safeParse(unwrapped).success) return { ok: false, reason: 'invalid' };
  const at = unwrapped.lastIndexOf('@');
  // Domains are case-insensitive; local parts technically are not, so only the domain is lowered.
  return { ok: true, value: unwrapped.slice(0, at) + unwrapped.slice(at).toLowerCase() };
}
