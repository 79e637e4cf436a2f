import type { ChannelContext, GuestChannel } from './guest-channel.js';
import { createTelegramChannel } from './telegram/telegram-channel.js';
import { WhatsAppChannel } from './whatsapp/whatsapp-channel.js';

/** The channels whose credentials are configured; a channel without credentials is not started. */
export function createGuestChannels(ctx: ChannelContext): GuestChannel[] {
  const channels: GuestChannel[] = [];
  if (ctx.config.telegram) channels.push(createTelegramChannel(ctx, ctx.config.telegram));
  if (ctx.config.twilio) channels.push(new WhatsAppChannel(ctx));
  return channels;
}
