import { z } from 'zod';
import { PROOFS } from './identity.js';

export const CHANNELS = ['telegram', 'whatsapp', 'console'] as const;
export type Channel = (typeof CHANNELS)[number];

export const STEPS = ['ref', 'name', 'phone', 'email', 'car', 'confirm', 'done', 'blocked'] as const;
export type Step = (typeof STEPS)[number];

/** Fields a guest can correct from the summary ("change email"). */
export const EDITABLE_FIELDS = ['name', 'phone', 'email', 'car'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export const CURRENT_SCHEMA = 2;

/**
 * One conversation, as stored in Redis. `schema` lets an old conversation survive a deploy:
 * `migrateState` upgrades whatever was stored before `step` sees it.
 */
export const conversationStateSchema = z.object({
  schema: z.literal(CURRENT_SCHEMA),
  key: z.string(),
  channel: z.enum(CHANNELS),
  chatId: z.string(),
  lang: z.string().default('en'),
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
  /** The guest blocked the bot or cannot be reached; cleared when they write again. */
  unreachable: z.boolean().default(false),
  takenOver: z.boolean().default(false),
  blockedReason: z.enum(['claimed_elsewhere', 'booking_cancelled', 'reassigned']).optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export type ConversationState = z.infer<typeof conversationStateSchema>;

export function conversationKey(channel: Channel, chatId: string): string {
  return `${channel}:${chatId}`;
}

export function newConversation(channel: Channel, chatId: string, now: number, lang = 'en'): ConversationState {
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

/** Upgrades a stored conversation of any past schema to the current one. */
export function migrateState(stored: unknown): ConversationState {
  const s = stored as { schema?: unknown; step?: unknown } | null;
  return conversationStateSchema.parse(s?.schema === 1 ? fromV1(s) : stored);
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
