/**
 * Every Redis key the app uses, in one place. Keys that one Lua script touches together
 * belong to one conversation or one booking, so a move to Redis Cluster only needs hash tags here.
 */
export function redisKeys(prefix: string) {
  return {
    prefix,
    booking: (ref: string) => `${prefix}booking:${ref}`,
    bookingIndex: () => `${prefix}bookings`,
    conv: (convKey: string) => `${prefix}conv:${convKey}`,
    convInbox: (convKey: string) => `${prefix}conv:${convKey}:inbox`,
    convOutbox: (convKey: string) => `${prefix}conv:${convKey}:outbox`,
    convLock: (convKey: string) => `${prefix}conv:${convKey}:lock`,
    convIndex: () => `${prefix}convs`,
    /** Conversations with queued inbound or outbound work, swept in case their process died. */
    convPending: () => `${prefix}convs:pending`,
    convByBooking: (ref: string) => `${prefix}conv:byBooking:${ref}`,
    dedupe: (channel: string, deliveryId: string) => `${prefix}dedupe:${channel}:${deliveryId}`,
    pin: (ref: string) => `${prefix}pin:${ref}`,
    /** Conversations waiting for this booking's PIN job to finish. */
    pinWatchers: (ref: string) => `${prefix}pin:${ref}:watchers`,
    audit: (ref: string) => `${prefix}audit:${ref}`,
    staffAlerts: () => `${prefix}staff:alerts`,
    ttlockToken: () => `${prefix}ttlock:token`,
    /** WhatsApp: the buttons last offered to a chat as "Reply 1 for ...", so any process can read a "1". */
    waButtons: (chatId: string) => `${prefix}wa:buttons:${chatId}`,
    /** WhatsApp: the conversation an outbound MessageSid belongs to, for its status callbacks. */
    waMessage: (messageSid: string) => `${prefix}wa:msg:${messageSid}`,
    simLock: (lockId: number) => `${prefix}sim:lock:${lockId}`,
    simLockFailures: (lockId: number) => `${prefix}sim:fail:${lockId}`,
    bullPrefix: () => `${prefix}bull`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
