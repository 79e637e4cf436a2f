import type { z } from 'zod';
import type { PropertyCatalog } from '../properties/properties.js';
import { formatIssues } from '../config-error.js';
import { bookingInputSchema, type BookingInput } from './booking.js';

/** A booking must point at a room that exists, or no lock could ever get its PIN. */
export function validateBookingAgainstProperties(input: BookingInput, catalog: PropertyCatalog): string[] {
  const property = catalog.property(input.propertyId);
  if (!property) return [`propertyId: unknown property "${input.propertyId}"`];
  if (!catalog.room(input.propertyId, input.roomId)) return [`roomId: property "${property.id}" has no room "${input.roomId}"`];
  return [];
}

/** zod's default for a missing key ("expected string, received undefined") reads badly to an operator. */
const requiredMessage: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

/**
 * The one gate for bookings coming from outside (HTTP body, CSV row, JSON item): blank and
 * null values count as absent, then schema, then the property catalog.
 */
export function parseBookingInput(
  raw: unknown,
  catalog: PropertyCatalog,
): { ok: true; input: BookingInput } | { ok: false; issues: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, issues: ['must be a JSON object'] };
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')),
  );
  const parsed = bookingInputSchema.safeParse(cleaned, { error: requiredMessage });
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error.issues) };
  const problems = validateBookingAgainstProperties(parsed.data, catalog);
  return problems.length > 0 ? { ok: false, issues: problems } : { ok: true, input: parsed.data };
}
