import { z } from 'zod';

/**
 * Beds24 API v2 answers (booking-sources.md §2). Only what the sync reads is checked; anything
 * else Beds24 sends is let through, so a new field there breaks nothing here.
 */

/** `GET /authentication/token`: an access token and its lifetime in seconds (24 h today). */
export const tokenResponseSchema = z.object({
  token: z.string().min(1),
  expiresIn: z.coerce.number().int().positive(),
});

/** `{success:false, type:"error", code, error}` */
export const errorResponseSchema = z.looseObject({
  success: z.literal(false).optional(),
  code: z.union([z.number(), z.string()]).optional(),
  error: z.string().optional(),
});

/** `GET /bookings`: one page; `data` is read booking by booking (one bad entry does not hide the others). */
export const bookingsPageSchema = z.looseObject({
  success: z.literal(true),
  pages: z.looseObject({ nextPageExists: z.boolean() }).optional(),
  data: z.array(z.unknown()),
});

const text = z
  .string()
  .nullish()
  .transform((s) => s?.trim() || undefined);

export const BEDS24_STATUSES = ['confirmed', 'request', 'new', 'cancelled', 'black', 'inquiry'] as const;

export const beds24BookingSchema = z.looseObject({
  id: z.coerce.number().int().positive(),
  propertyId: z.coerce.number().int(),
  roomId: z.coerce.number().int(),
  status: z.string(),
  /** `YYYY-MM-DD`, the property's local date; `departure` is the check-out day. */
  arrival: text,
  departure: text,
  firstName: text,
  lastName: text,
  email: text,
  phone: text,
  mobile: text,
  /** The channel's own reference (Airbnb's HM… code, Booking.com's number); absent on direct bookings. */
  apiReference: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? undefined : String(v).trim() || undefined)),
});
export type Beds24Booking = z.infer<typeof beds24BookingSchema>;
