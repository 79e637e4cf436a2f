import { namesMatch } from './parse/name.js';

/**
 * How a chat proves it is the booked guest (`IDENTITY_POLICY`, or a property's `identityPolicy`):
 * - `name+contact`: the booked name and one contact detail the booking holds (none held: the name alone);
 * - `name`: the booked name alone;
 * - `staff`: as `name+contact`, and then a person approves every door code by hand.
 */
export const IDENTITY_POLICIES = ['name+contact', 'name', 'staff'] as const;
export type IdentityPolicy = (typeof IDENTITY_POLICIES)[number];

/** What a booking holds to compare with, normalised by the engine. Never shown to the chat. */
export interface BookedIdentity {
  policy: IdentityPolicy;
  /** E.164, when the booking's phone is a whole number. */
  phone?: string;
  /** The last 4 digits, when that is all the booking holds (channel exports hide the rest). */
  phoneLast4?: string;
  /** The digits of a booked number that is not a valid one (a typo, an extension): a number must end with them. */
  phoneDigits?: string;
  /** Trimmed and lower-cased. */
  email?: string;
  /** The booking's name is a placeholder (a feed that gives none, like Airbnb's): no name can match it. */
  nameUnknown?: boolean;
}

/** What proved the booking, strongest first. */
export const PROOFS = ['platform_phone', 'phone', 'phone_last4', 'email', 'name_only', 'name_policy'] as const;
export type Proof = (typeof PROOFS)[number];

export interface GivenIdentity {
  name: string | undefined;
  /** E.164, as typed by the guest. */
  phone: string | undefined;
  email: string | undefined;
  /** A number the platform verified for this chat (the WhatsApp sender, a Telegram contact of the sender). */
  platformPhone: string | undefined;
}

export type IdentityCheck =
  | { passed: true; proof: Proof }
  | { passed: false; nameMatches: boolean; contactMatches: boolean };

export function checkIdentity(given: GivenIdentity, bookedName: string, booked: BookedIdentity): IdentityCheck {
  // "Airbnb guest" is no one's name: typing it must not count as knowing the guest's.
  const nameMatches = !booked.nameUnknown && given.name !== undefined && namesMatch(given.name, bookedName);
  const contact = contactProof(given, booked);
  const holdsContact = booked.phone !== undefined || booked.phoneLast4 !== undefined || booked.phoneDigits !== undefined || booked.email !== undefined;
  if (nameMatches) {
    if (booked.policy === 'name') return { passed: true, proof: contact ?? 'name_policy' };
    if (contact) return { passed: true, proof: contact };
    if (!holdsContact) return { passed: true, proof: 'name_only' };
  }
  return { passed: false, nameMatches, contactMatches: contact !== undefined };
}

function contactProof(given: GivenIdentity, booked: BookedIdentity): Proof | undefined {
  if (booked.phone && given.platformPhone === booked.phone) return 'platform_phone';
  if (booked.phone && given.phone === booked.phone) return 'phone';
  const digits = booked.phoneDigits;
  if (digits && [given.platformPhone, given.phone].some((p) => p?.replace(/\D/g, '').endsWith(digits))) return 'phone';
  if (booked.phoneLast4 && given.platformPhone?.endsWith(booked.phoneLast4)) return 'phone_last4';
  if (booked.phoneLast4 && given.phone?.endsWith(booked.phoneLast4)) return 'phone_last4';
  if (booked.email && given.email !== undefined && given.email.trim().toLowerCase() === booked.email) return 'email';
  return undefined;
}

export const PROOF_WORDS: Record<Proof, string> = {
  platform_phone: 'name, and the chat\'s own number verified by the platform',
  phone: 'name and phone number',
  phone_last4: 'name and the last 4 digits of the phone number',
  email: 'name and email address',
  name_only: 'name only (the booking has no phone or email)',
  name_policy: 'name only (IDENTITY_POLICY=name)',
};

/** "…56": enough for staff to tell two numbers apart, not enough to call one. */
export function maskPhone(phone: string | undefined): string {
  if (!phone) return 'none';
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 2 ? `…${digits.slice(-2)}` : '…';
}

/** "j…@example.com". */
export function maskEmail(email: string | undefined): string {
  if (!email) return 'none';
  const at = email.lastIndexOf('@');
  return at > 0 ? `${email[0]}…${email.slice(at).toLowerCase()}` : '…';
}

/** Given vs booked for staff, without a whole phone number or email address. */
export function describeMismatch(given: GivenIdentity, bookedName: string, booked: BookedIdentity): string {
  const verified = given.platformPhone ? `; the chat's own number ${maskPhone(given.platformPhone)}` : '';
  const bookedPhone = maskPhone(booked.phone ?? booked.phoneLast4 ?? booked.phoneDigits);
  const name = booked.nameUnknown ? 'the booking has no name (its feed gives none)' : `booked "${bookedName}"`;
  // With no name to go by, whether the contact matched is what staff decide on.
  const contact = booked.nameUnknown ? [`The contact details given ${contactProof(given, booked) ? 'match' : 'do not match'} the booking's.`] : [];
  return [
    `Name given "${given.name ?? ''}", ${name}.`,
    `Phone given ${maskPhone(given.phone)}${verified}; booked ${bookedPhone}.`,
    `Email given ${maskEmail(given.email)}; booked ${maskEmail(booked.email)}.`,
    ...contact,
  ].join(' ');
}
