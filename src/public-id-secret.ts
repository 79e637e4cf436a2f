import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { publicIdWith, type PublicId } from './flows/public-id.js';
import type { RedisKeys } from './redis-keys.js';

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
