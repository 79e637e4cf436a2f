/**
 * Words only the Telegram channel says (the conversation's own text is in src/flows/messages).
 * English for now, like the rest of the bot.
 */
export const telegramTexts = {
  shareContactButton: 'Share my phone number',
  /** At most 64 characters (Telegram's limit for input_field_placeholder). */
  contactPlaceholder: 'Or type your number, e.g. +44 7400 123456',
  staleButton: "That button isn't active any more. Please use the latest message, or type your answer.",
  groupNote:
    "Hi! I check guests in one at a time, in a private chat, so I don't answer in groups. Please open a chat with me directly (tap my name, then Start).",
  commands: [
    { command: 'start', description: 'Check in (start or continue)' },
    { command: 'pin', description: 'Show my door code again' },
    { command: 'help', description: 'What I can do' },
    { command: 'human', description: 'Talk to a person' },
    { command: 'restart', description: 'Start again with another booking' },
  ],
} as const;
