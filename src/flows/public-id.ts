import { createHmac } from 'node:crypto';

/** The label logs, audit entries, alert texts and job ids use for a conversation. */
export type PublicId = (convKey: string) => string;

/**
 * A conversation key can hold a phone number (WhatsApp chats are keyed by the guest's number).
 * Logs, audit entries, alert texts and job ids carry a short, stable label instead, so the same
 * chat can be followed without the number ever being written down. Keyed with the deployment's
 * secret (`loadPublicId`): an unkeyed hash of a phone number is undone by hashing every
 * number of the country, a few billion tries.
 */
export function publicIdWith(secret: string): PublicId {
  return (convKey) => {
    const i = convKey.indexOf(':');
    const channel = i > 0 ? convKey.slice(0, i) : 'chat';
    const mac = createHmac('sha256', secret).update(convKey).digest();
    // 72 bits as 14 base-36 characters: collisions are negligible at any number of chats.
    const n = (mac.readBigUInt64BE(0) << 8n) | BigInt(mac[8]!);
    return `${channel}#${n.toString(36).padStart(14, '0')}`;
  };
}

/** Where no secret is at hand (one-shot commands): the channel only, nothing about the chat. */
export const hiddenId: PublicId = (convKey) => {
  const i = convKey.indexOf(':');
  return `${i > 0 ? convKey.slice(0, i) : 'chat'}#hidden`;
};
