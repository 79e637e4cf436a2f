import type { Redis } from 'ioredis';
import { COMPARE_AND_DELETE } from '../redis/mutex.js';
import type { RedisKeys } from '../redis-keys.js';

/**
 * Forgets what the staff group keeps about a conversation, keyed by its chat key (a WhatsApp one
 * is the guest's phone number): its forum topic both ways and the topic's name (guest name or
 * number), the header post both ways (groups without topics), and posts still queued for it.
 * Done from Redis keys rather than through the staff group, so it works in a process that has
 * no staff group configured. The Telegram topic itself stays; staff can still read it. Reverse
 * entries of single posts (groups without topics) are not listed anywhere; they expire by themselves.
 */
export async function forgetStaffThreads(redis: Redis, keys: RedisKeys, convKey: string): Promise<void> {
  const [topic, header] = await redis.mget(keys.staffTopic(convKey), keys.staffHeader(convKey));
  await redis
    .multi()
    .del(keys.staffTopic(convKey), keys.staffTopicName(convKey), keys.staffHeader(convKey), keys.staffQueue(convKey))
    .zrem(keys.staffDue(), convKey)
    .exec();
  // A reverse entry goes only while it still names this chat.
  if (topic !== null) await COMPARE_AND_DELETE.run(redis, [keys.staffConv(Number(topic))], [convKey]);
  if (header !== null) await COMPARE_AND_DELETE.run(redis, [keys.staffPost(Number(header))], [convKey]);
}
