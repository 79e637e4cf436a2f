import { z } from 'zod';
import type { GuestInfoView } from '../flows/context.js';
import { type Language, LANGUAGES } from '../flows/messages/languages.js';
import type { Property, Room } from './properties.js';

/**
 * A text the host writes once or per language: `"Park in bay 4"` or
 * `{ "en": "Park in bay 4", "es": "Aparque en la plaza 4" }`.
 */
export const localizedText = z.union([
  z.string().min(1),
  z.partialRecord(z.enum(LANGUAGES), z.string().min(1)).refine((r) => Object.keys(r).length > 0, 'give the text in at least one language'),
]);
export type LocalizedText = z.infer<typeof localizedText>;

/**
 * What a checked-in guest asks about (Wi-Fi, parking, check-out, the way there, house rules).
 * Set on the property; a room's own `info` overrides it field by field.
 */
export const guestInfoSchema = z.object({
  wifi: z.object({ network: z.string().min(1), password: z.string() }).optional(),
  parking: localizedText.optional(),
  houseRules: localizedText.optional(),
  /** A map link for the address (Google/Apple/OSM); the property's `address` is the text. */
  mapUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type GuestInfo = z.infer<typeof guestInfoSchema>;

/** Guest info in one language, every text resolved. */
export interface ResolvedGuestInfo {
  wifi?: { network: string; password: string };
  parking?: string;
  houseRules?: string;
  address?: string;
  mapUrl?: string;
  /** Local HH:MM. */
  checkOutTime: string;
}

/** The guest's language, else the property's default, else English, else whichever the host wrote. */
export function pickText(text: LocalizedText | undefined, language: Language, fallback: Language | undefined): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  return text[language] ?? (fallback ? text[fallback] : undefined) ?? text.en ?? Object.values(text)[0];
}

export function resolveGuestInfo(property: Property, room: Room | undefined, language: Language): ResolvedGuestInfo {
  const p = property.info ?? {};
  const r = room?.info ?? {};
  const fallback = property.defaultLanguage;
  const wifi = r.wifi ?? p.wifi;
  const parking = pickText(r.parking ?? p.parking, language, fallback);
  const houseRules = pickText(r.houseRules ?? p.houseRules, language, fallback);
  const mapUrl = r.mapUrl ?? p.mapUrl;
  return {
    ...(wifi ? { wifi } : {}),
    ...(parking ? { parking } : {}),
    ...(houseRules ? { houseRules } : {}),
    ...(property.address ? { address: property.address } : {}),
    ...(mapUrl ? { mapUrl } : {}),
    checkOutTime: property.checkOutTime,
  };
}

/** What the flow's context carries (`guestInfo`): every language's, since a turn may switch language. */
export function guestInfoByLanguage(property: Property, room: Room | undefined): Record<Language, GuestInfoView> {
  return Object.fromEntries(
    LANGUAGES.map((lang) => {
      // The booking's own check-out time is the flow's (a booking may end at another hour).
      const { checkOutTime: _checkOutTime, ...view } = resolveGuestInfo(property, room, lang);
      return [lang, view satisfies GuestInfoView];
    }),
  ) as Record<Language, GuestInfoView>;
}
