import { z } from 'zod';

/**
 * The parts of a staff group update the staff adapter reads. Loose, like the guest side: an
 * update we cannot read is still acknowledged.
 */
const person = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

export const staffMessageSchema = z.looseObject({
  message_id: z.number().int(),
  chat: z.looseObject({ id: z.number().int(), type: z.string() }),
  from: person.optional(),
  /** Set when an admin writes anonymously (as the group) or a channel posts. */
  sender_chat: z.looseObject({ id: z.number().int() }).optional(),
  text: z.string().optional(),
  message_thread_id: z.number().int().optional(),
  /** Only then is message_thread_id a topic (in General, a reply carries the replied message's id there). */
  is_topic_message: z.boolean().optional(),
  reply_to_message: z.looseObject({ message_id: z.number().int() }).optional(),
});
export type StaffMessage = z.infer<typeof staffMessageSchema>;

export const staffUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: staffMessageSchema.optional(),
  edited_message: staffMessageSchema.optional(),
});

/** Message fields that carry something other than text: staff sent a file, photo, sticker... */
export const NON_TEXT_FIELDS = [
  'photo',
  'video',
  'animation',
  'video_note',
  'voice',
  'audio',
  'document',
  'sticker',
  'contact',
  'location',
  'venue',
  'poll',
  'dice',
] as const;
