import { z } from 'zod';
import { normalizeRef, REF_PATTERN } from '../flows/parse/ref.js';

/** A local date ("2026-12-01", the property's check-in/out hour applies) or an ISO instant with offset. */
const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const stayBoundary = z
  .string()
  .trim()
  .refine(
    (s) => isoDate.safeParse(s).success || isoDateTime.safeParse(s).success,
    'must be a date like 2026-12-01 or a date-time with offset like 2026-12-01T15:00:00+01:00',
  );

/** Approximate instant for ordering checks; the exact window needs the property's timezone. */
export function boundaryMillis(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T12:00:00Z` : value);
}

export const bookingInputSchema = z
  .object({
    ref: z
      .string()
      .transform(normalizeRef)
      .pipe(z.string().regex(REF_PATTERN, 'must be 3-32 letters or digits')),
    guestName: z.string().trim().min(1, 'is required').max(200),
    propertyId: z.string().trim().min(1, 'is required'),
    roomId: z.string().trim().min(1, 'is required'),
    checkIn: stayBoundary,
    checkOut: stayBoundary,
    guestPhone: z.string().trim().max(40).optional(),
    guestEmail: z.string().trim().pipe(z.email()).optional(),
  })
  .strict()
  // NaN (an unreadable date, already reported above) compares false both ways: no second, false problem.
  .refine((b) => !(boundaryMillis(b.checkOut) <= boundaryMillis(b.checkIn)), {
    path: ['checkOut'],
    message: 'must be after checkIn',
  });

export type BookingInput = z.infer<typeof bookingInputSchema>;

/**
 * Where a booking came from when no person wrote it: `ical:<feed id>` for a booking feed, `beds24:account` for Beds24
 * (one account per deployment; another account needs its cursor cleared, see the README) (src/sources). Only that source may change or cancel it; a booking without one (admin API,
 * import, or taken over by a person since) is never touched by a feed.
 */
export const bookingSourceSchema = z.string().regex(/^[a-z0-9]+:[A-Za-z0-9_-]{1,64}$/);

/** Set by a source, never by the admin API or an import (not part of their input). */
export const bookingOriginSchema = z.object({
  source: bookingSourceSchema.optional(),
  /** The source gave no guest name (Airbnb's feed): `guestName` is a placeholder that must never prove anything. */
  guestNameUnknown: z.literal(true).optional(),
  /**
   * Other refs that find this booking when a guest types them (Beds24: the channel's reference,
   * `apiReference`, besides the Beds24 booking id that is `ref`). Normalised like refs.
   */
  aliases: z.array(z.string().regex(REF_PATTERN)).max(4).optional(),
});
export type BookingOrigin = z.infer<typeof bookingOriginSchema>;

export const bookingSchema = z.object({
  ...bookingInputSchema.shape,
  ...bookingOriginSchema.shape,
  status: z.enum(['active', 'cancelled']),
  updatedAt: z.string(),
});

export type Booking = z.infer<typeof bookingSchema>;
