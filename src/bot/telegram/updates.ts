import { z } from 'zod';

/**
 * The parts of a Telegram Update the channel reads. Loose on purpose: Telegram adds fields all
 * the time, and an update we cannot read must still be acknowledged (a non-2xx answer would make
 * Telegram hold back that chat's later messages while it retries).
 */
const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  language_code: z.string().optional(),
});

const chat = z.looseObject({
  id: z.number().int(),
  type: z.string(),
});

export const messageSchema = z.looseObject({
  message_id: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  contact: z
    .looseObject({
      phone_number: z.string(),
      user_id: z.number().int().optional(),
    })
    .optional(),
});
export type TgMessage = z.infer<typeof messageSchema>;

const callbackQuery = z.looseObject({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  // Absent when the button sat on an inline-mode message; chat then is the user's private chat.
  message: z.looseObject({ chat }).optional(),
});

const chatMemberUpdated = z.looseObject({
  chat,
  from: user,
  old_chat_member: z.looseObject({ status: z.string() }),
  new_chat_member: z.looseObject({ status: z.string() }),
});

/** Just enough to tell a Telegram update from anything else posted to the webhook. */
export const updateEnvelopeSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

export const updateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: messageSchema.optional(),
  edited_message: messageSchema.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: chatMemberUpdated.optional(),
});
export type TgUpdate = z.infer<typeof updateSchema>;

/** What the bot subscribes to (setWebhook and getUpdates). The staff group's messages come as `message` too. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;
