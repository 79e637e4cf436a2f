import { z } from 'zod';
import { PROOFS } from './identity.js';
import { type Language, LANGUAGES, languageOfTag } from './messages/languages.js';

export const CHANNELS = ['telegram', 'whatsapp', 'console'] as const;
export type Channel = (typeof CHANNELS)[number];

export const STEPS = ['ref', 'name', 'phone', 'email', 'car', 'confirm', 'done', 'blocked'] as const;
export type Step = (typeof STEPS)[number];

/** Fields a guest can correct from the summary ("change email"). */
export const EDITABLE_FIELDS = ['name', 'phone', 'email', 'car'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * Why the chat is in its language, weakest first (checkin/language.ts): a weaker reason gives way
 * to a stronger one at once, a stronger one only to several messages in another language.
 * `default`: the property's (or the deployment's) default; `phone`: the country of the number the
 * platform knows; `platform`: the language the guest's app reports (Telegram); `detected`: the
 * guest's own messages; `chosen`: the guest asked for it (LANGUAGE, /lang, a language's name).
 */
export const LANGUAGE_SOURCES = ['default', 'phone', 'platform', 'detected', 'chosen'] as const;
export type LanguageSource = (typeof LANGUAGE_SOURCES)[number];

export const CURRENT_SCHEMA = 3;

/**
 * One conversation, as stored in Redis. `schema` lets an old conversation survive a deploy:
 * `migrateState` upgrades whatever was stored before `step` sees it.
 */
export const conversationStateSchema = z.object({
  schema: z.literal(CURRENT_SCHEMA),
  key: z.string(),
  channel: z.enum(CHANNELS),
  chatId: z.string(),
  lang: z.enum(LANGUAGES).default('en'),
  langSource: z.enum(LANGUAGE_SOURCES).default('default'),
  /** Messages in a row written in another language than `lang` (a run of `count` in `lang`): enough of them switch it. */
  langStreak: z.object({ lang: z.enum(LANGUAGES), count: z.number().int().positive() }).optional(),
  step: z.enum(STEPS),
  /** The guest has seen the welcome. */
  greeted: z.boolean().default(false),
  /** Set while correcting one field from the summary: answer it, then go back to the summary. */
  editing: z.boolean().default(false),
  ref: z.string().optional(),
  guest: z
    .object({
      name: z.string().optional(),
      phone: z.string().optional(),
      email: z.string().optional(),
      /** null = the guest has no car; undefined = not asked yet. */
      car: z.string().nullable().optional(),
    })
    .default({}),
  /**
   * A number the platform verified for this chat (the WhatsApp sender's number, a Telegram contact
   * of the sender themselves): offered to the guest, and proof of the booking when it is the booked one.
   */
  knownPhone: z.string().optional(),
  /** `matched`: the chat proved the booking (see identity.ts); `mismatch`: it tried and is held for staff. */
  identity: z.enum(['unknown', 'matched', 'mismatch']).default('unknown'),
  /** What proved it. */
  proof: z.enum(PROOFS).optional(),
  /** Proven, but the property wants every door code approved by a person (IDENTITY_POLICY=staff). */
  approvalRequired: z.boolean().default(false),
  /** Staff were told this chat is held (once). */
  holdAlerted: z.boolean().default(false),
  /** The identity hold was lifted by staff. */
  approved: z.boolean().default(false),
  pin: z
    .object({
      requested: z.boolean().default(false),
      status: z.enum(['none', 'pending', 'ready', 'failed']).default('none'),
      sent: z.boolean().default(false),
      /** The guest was told the PIN is late (once). */
      delayNotified: z.boolean().default(false),
      /** Staff were alerted that the PIN job failed (once). */
      failureAlerted: z.boolean().default(false),
      undelivered: z.boolean().default(false),
    })
    .default({ requested: false, status: 'none', sent: false, delayNotified: false, failureAlerted: false, undelivered: false }),
  confirmedAt: z.number().optional(),
  humanRequested: z.boolean().default(false),
  /**
   * The guest's departure (checkin/departure.ts): `asked` (at `askedAt`), "Have you left?" waits
   * for a yes, for a few minutes only;
   * `requested`, the code is being shortened to end at `endsAt`; `done`, it ends then
   * (`endsAtLabel` on the property's clock); `failed`, it could not be shortened (staff were told).
   */
  departure: z
    .object({
      status: z.enum(['none', 'asked', 'requested', 'done', 'failed']),
      askedAt: z.number().optional(),
      endsAt: z.number().optional(),
      endsAtLabel: z.string().optional(),
    })
    .default({ status: 'none' }),
  /** The guest blocked the bot or cannot be reached; cleared when they write again. */
  unreachable: z.boolean().default(false),
  takenOver: z.boolean().default(false),
  blockedReason: z.enum(['claimed_elsewhere', 'booking_cancelled', 'reassigned']).optional(),
  /** Answers refused in a row at one step: the third offers a person and alerts staff (checkin/retries.ts). */
  failures: z.object({ step: z.enum(STEPS), count: z.number().int().positive() }).optional(),
  /**
   * A number the phone library calls possible but not valid (its ranges lag new allocations),
   * typed once: the same number again is accepted, and staff are told to check it.
   */
  unlistedPhone: z.string().optional(),
  /**
   * After check-in, "the code doesn't work" (checkin/after-checkin.ts): when the guest said so, whether
   * the locks were checked and what was found (for staff, no digits), and whether staff were called.
   */
  codeTrouble: z
    .object({
      reportedAt: z.number(),
      checked: z.boolean().default(false),
      found: z.string().optional(),
      escalated: z.boolean().default(false),
    })
    .optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export type ConversationState = z.infer<typeof conversationStateSchema>;

export function conversationKey(channel: Channel, chatId: string): string {
  return `${channel}:${chatId}`;
}

export function newConversation(channel: Channel, chatId: string, now: number, lang: Language = 'en'): ConversationState {
  return conversationStateSchema.parse({
    schema: CURRENT_SCHEMA,
    key: conversationKey(channel, chatId),
    channel,
    chatId,
    lang,
    step: 'ref',
    createdAt: now,
    updatedAt: now,
  });
}

/** Upgrades a stored conversation of any past schema to the current one, one version at a time. */
export function migrateState(stored: unknown): ConversationState {
  let s = stored as Record<string, unknown> | null;
  if (s?.schema === 1) s = fromV1(s) as Record<string, unknown>;
  if (s?.schema === 2) s = fromV2(s) as Record<string, unknown>;
  return conversationStateSchema.parse(s);
}

/**
 * v2 stored Telegram's language_code as `lang` ("en", "de", "ru") and spoke English whatever it
 * said: a language the bot now speaks is kept as the platform's, anything else becomes English
 * with nothing known, to be decided afresh by the guest's next message.
 */
function fromV2(s: { lang?: unknown; channel?: unknown }): unknown {
  const lang = typeof s.lang === 'string' ? languageOfTag(s.lang) : undefined;
  return { ...s, schema: 3, lang: lang ?? 'en', langSource: lang && lang !== 'en' && s.channel === 'telegram' ? 'platform' : 'default' };
}

/**
 * v1 (before identity proof) set `identity` from the name alone, word by word: a chat still
 * giving its details is checked properly once they are in. One already past them keeps what v1
 * decided (it may hold the booking); staff can /reassign it.
 */
function fromV1(s: { step?: unknown }): unknown {
  const givingDetails = s.step === 'ref' || s.step === 'name' || s.step === 'phone' || s.step === 'email';
  return { ...s, schema: 2, ...(givingDetails ? { identity: 'unknown' } : {}) };
}

export function parseConversationKey(key: string): { channel: Channel; chatId: string } | undefined {
  const i = key.indexOf(':');
  const channel = key.slice(0, i);
  if (i < 1 || !(CHANNELS as readonly string[]).includes(channel)) return undefined;
  return { channel: channel as Channel, chatId: key.slice(i + 1) };
}

/** Details are in but no door code may go to this chat until a person approves it. */
export function isHeld(s: ConversationState): boolean {
  return !s.approved && (s.identity === 'mismatch' || (s.identity === 'matched' && s.approvalRequired));
}
