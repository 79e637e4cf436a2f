import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { Parsed } from './result.js';
import { cleanInput } from './text.js';

export type { CountryCode } from 'libphonenumber-js/max';

/**
 * libphonenumber silently drops trailing letters ("+1 800 FLOWERS" parses as "+1800"), so
 * anything beyond digits and the usual separators is refused before it gets the chance.
 * \p{Nd} lets Arabic-Indic and other native digits through; libphonenumber maps them.
 */
const PHONE_CHARS = /^[\p{Nd}\s+().\-\/]+$/u;

/** The shortest real numbers (small island states) have 7 digits with the country code; E.164 caps at 15 plus a trunk 0. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 17;

type PhoneProblem = 'empty' | 'too_long' | 'invalid' | 'needs_country';

export function parsePhone(text: string, defaultCountry?: CountryCode): Parsed<string, PhoneProblem> {
  const read = readPhone(text, defaultCountry);
  if (!read.ok) return read;
  const phone = read.value;
  return phone?.isValid() ? { ok: true, value: phone.number } : { ok: false, reason: 'invalid' };
}

/**
 * A number libphonenumber calls possible (a plausible length for its country) but not valid: its
 * metadata lags newly allocated ranges, so a real new number can look like this. E.164, or
 * undefined when the number is valid or not even possible. The flow accepts it only when the guest
 * sends it twice, and tells staff to check it.
 */
export function unlistedPhone(text: string, defaultCountry?: CountryCode): string | undefined {
  const read = readPhone(text, defaultCountry);
  if (!read.ok || !read.value || read.value.isValid() || !read.value.isPossible()) return undefined;
  return read.value.number;
}

function readPhone(text: string, defaultCountry: CountryCode | undefined): Parsed<PhoneNumber | undefined, PhoneProblem> {
  const input = cleanInput(text);
  if (!input.ok) return input;
  // Contacts apps paste "tel:+44…"; the scheme is not part of the number.
  const raw = input.value.replace(/^tel:\s*/i, '');
  if (!PHONE_CHARS.test(raw)) return { ok: false, reason: 'invalid' };

  const digits = [...raw.replace(/[^\p{Nd}]/gu, '')].length;
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) return { ok: false, reason: 'invalid' };

  const lead = raw.replace(/^[\s(]+/, '');
  const plusCount = raw.split('+').length - 1;
  if (plusCount > 1 || (plusCount === 1 && !lead.startsWith('+'))) return { ok: false, reason: 'invalid' };

  // "00" is the international prefix almost everywhere outside North America; guests type it instead of "+".
  const international = lead.startsWith('+') ? lead : lead.startsWith('00') ? `+${lead.slice(2)}` : undefined;
  if (international === undefined && defaultCountry === undefined) return { ok: false, reason: 'needs_country' };

  return { ok: true, value: parsePhoneNumberFromString(international ?? raw, defaultCountry) };
}

/** International format ("+44 20 7946 0958") reads the same wherever staff or guest are. */
export function formatPhoneForDisplay(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
