import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { IANAZone } from 'luxon';
import { formatIssues, ConfigError } from '../config-error.js';
import { IDENTITY_POLICIES } from '../flows/identity.js';
import { type Language, LANGUAGES } from '../flows/messages/languages.js';
import { guestInfoSchema } from './guest-info.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

/**
 * A booking feed's address. It is a secret (whoever has it reads the bookings), so no message
 * here quotes it. Plain http is for tests and a local proxy.
 */
const feedUrl = z.url({ protocol: /^https?$/, error: 'must be an https URL (the calendar export link)' });

const roomSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  lockId: z.number().int().positive(),
  /** iCal exports of the room's listings (Airbnb, Vrbo, …), read every BOOKING_SYNC_MINUTES (src/sources). */
  ical: z.array(feedUrl).max(10).optional(),
  /** The room's id in Beds24 (API v2 `roomId`): its bookings there are this room's (src/sources/beds24). */
  beds24RoomId: z.number().int().positive().optional(),
  /** Overrides the property's `info` field by field (this room's Wi-Fi, …). */
  info: guestInfoSchema.optional(),
});

const propertySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA timezone like Europe/London'),
  frontDoorLockId: z.number().int().positive(),
  contactPhone: z.string().min(3),
  /** The property's id in Beds24 (API v2 `propertyId`): its bookings are read when BEDS24_REFRESH_TOKEN is set. */
  beds24PropertyId: z.number().int().positive().optional(),
  /** Local time the stay starts on a date-only booking. */
  checkInTime: hhmm.default('15:00'),
  /** Local time the stay ends on a date-only booking. */
  checkOutTime: hhmm.default('11:00'),
  address: z.string().optional(),
  /** Shown to the guest with the PIN: how to find the door, wifi, etc. */
  arrivalInstructions: z.string().optional(),
  /** Answers for checked-in guests: Wi-Fi, parking, house rules, map link (src/properties/guest-info.ts). */
  info: guestInfoSchema.optional(),
  /** Overrides IDENTITY_POLICY for this property. */
  identityPolicy: z.enum(IDENTITY_POLICIES).optional(),
  /**
   * The language guests of this property are greeted in when nothing says theirs (no app
   * setting, too few words, a phone country the bot has no language for). Unset: the file's.
   */
  defaultLanguage: z.enum(LANGUAGES).optional(),
  /**
   * Properties whose locks are served by one TTLock gateway name the same group, so their gateway
   * operations share one queue (a gateway takes one at a time). Unset: the property's own queue.
   */
  gatewayGroup: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -')
    .optional(),
  rooms: z.array(roomSchema).min(1),
});

export const propertiesFileSchema = z
  .object({
    /** The default language before a guest's booking (so their property) is known, and of properties that set none. Default English. */
    defaultLanguage: z.enum(LANGUAGES).default('en'),
    properties: z.array(propertySchema).min(1),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    // One feed on two rooms would write each of its bookings into both in turn.
    const feeds = new Set<string>();
    // One Beds24 id on two properties or rooms would make a booking there land in either, by chance.
    const beds24Properties = new Set<number>();
    const beds24Rooms = new Set<number>();
    file.properties.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['properties', i, 'id'], message: `duplicate property id "${p.id}"` });
      ids.add(p.id);
      if (p.beds24PropertyId !== undefined) {
        if (beds24Properties.has(p.beds24PropertyId)) {
          ctx.addIssue({ code: 'custom', path: ['properties', i, 'beds24PropertyId'], message: `Beds24 property ${p.beds24PropertyId} is already mapped to another property` });
        }
        beds24Properties.add(p.beds24PropertyId);
      }
      const rooms = new Set<string>();
      p.rooms.forEach((r, j) => {
        if (rooms.has(r.id)) ctx.addIssue({ code: 'custom', path: ['properties', i, 'rooms', j, 'id'], message: `duplicate room id "${r.id}"` });
        rooms.add(r.id);
        if (r.beds24RoomId !== undefined) {
          if (p.beds24PropertyId === undefined) {
            ctx.addIssue({ code: 'custom', path: ['properties', i, 'rooms', j, 'beds24RoomId'], message: 'needs the property\'s beds24PropertyId too' });
          }
          if (beds24Rooms.has(r.beds24RoomId)) {
            ctx.addIssue({ code: 'custom', path: ['properties', i, 'rooms', j, 'beds24RoomId'], message: `Beds24 room ${r.beds24RoomId} is already mapped to another room` });
          }
          beds24Rooms.add(r.beds24RoomId);
        }
        r.ical?.forEach((url, k) => {
          if (feeds.has(url)) ctx.addIssue({ code: 'custom', path: ['properties', i, 'rooms', j, 'ical', k], message: 'this feed is already given for another room (or twice here)' });
          feeds.add(url);
        });
      });
    });
  });

export type Property = z.infer<typeof propertySchema>;
export type Room = z.infer<typeof roomSchema>;

export interface PropertyCatalog {
  /** The file's `defaultLanguage` (unset: English). */
  readonly defaultLanguage?: Language;
  list(): readonly Property[];
  property(id: string): Property | undefined;
  room(propertyId: string, roomId: string): { property: Property; room: Room } | undefined;
}

export function catalogFrom(properties: readonly Property[], defaultLanguage: Language = 'en'): PropertyCatalog {
  const byId = new Map(properties.map((p) => [p.id, p]));
  return {
    defaultLanguage,
    list: () => properties,
    property: (id) => byId.get(id),
    room: (propertyId, roomId) => {
      const property = byId.get(propertyId);
      const room = property?.rooms.find((r) => r.id === roomId);
      return property && room ? { property, room } : undefined;
    },
  };
}

export function parseProperties(json: unknown, source: string): PropertyCatalog {
  const parsed = propertiesFileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues, `${source}: `));
  return catalogFrom(parsed.data.properties, parsed.data.defaultLanguage);
}

export function loadProperties(file: string): PropertyCatalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`PROPERTIES_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`PROPERTIES_FILE: ${file} is not valid JSON (${(err as Error).message})`]);
  }
  return parseProperties(json, file);
}
