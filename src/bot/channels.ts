import type { ChannelContext, GuestChannel } from './guest-channel.js';

/** The channels whose credentials are configured; a channel without credentials is not started. */
export function createGuestChannels(ctx: ChannelContext): GuestChannel[] {
  const channels: GuestChannel[] = [];
  void ctx; // each channel adapter adds itself here when its credentials are set
  return channels;
}
