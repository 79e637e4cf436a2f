import { z } from 'zod';
import { ALERT_KINDS } from '../../flows/effects.js';

/** What waits in a conversation's staff queue to be posted (stored as JSON, read back through this schema). */
export const staffItemSchema = z.discriminatedUnion('kind', [
  /** A line of the conversation (guest, bot, relayed staff words) or what a staff member did. */
  z.object({
    kind: z.literal('line'),
    from: z.enum(['guest', 'bot', 'staff', 'action', 'note']),
    text: z.string(),
    by: z.string().optional(),
    at: z.number(),
  }),
  z.object({
    kind: z.literal('alert'),
    alert: z.enum(ALERT_KINDS),
    ref: z.string().optional(),
    detail: z.string(),
    at: z.number(),
  }),
  /** The bot's answer to a staff command. */
  z.object({ kind: z.literal('reply'), text: z.string(), at: z.number() }),
]);
export type StaffItem = z.infer<typeof staffItemSchema>;

/** Alerts, answers to staff and staff actions jump the queue and skip the wait for more lines. */
export function isUrgent(item: StaffItem): boolean {
  return item.kind !== 'line' || item.from === 'action';
}
