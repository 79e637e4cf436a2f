import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PublicId } from './flows/public-id.js';
import type { RedisKeys } from './redis-keys.js';

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

/**
 * How this deployment names chats in logs, audit entries, alerts and job ids. The key is made by
 * whichever process starts first and shared through Redis, so every process labels a chat the
 * same way with nothing to configure. Not a credential: losing it (Redis wiped) only changes the
 * labels from then on.
 */
export async function loadPublicId(redis: Redis, keys: RedisKeys): Promise<PublicId> {
  await redis.set(keys.publicIdSecret(), randomBytes(32).toString('hex'), 'NX');
  const secret = await redis.get(keys.publicIdSecret());
  if (!secret) throw new Error('the key of public chat ids could not be read back from Redis');
  return publicIdWith(secret);
}
