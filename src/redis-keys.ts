/**
 * Every Redis key the app uses, in one place. Most scripts touch one conversation's keys, but
 * the commit script also writes the global conversation index and the booking's owner key, and
 * enqueueing also writes the pending set: a move to Redis Cluster needs those split out first.
 */
export function redisKeys(prefix: string) {
  return {
    prefix,
    /** The key of public conversation ids (see loadPublicId). */
    publicIdSecret: () => `${prefix}public-id-secret`,
    booking: (ref: string) => `${prefix}booking:${ref}`,
    bookingIndex: () => `${prefix}bookings`,
    conv: (convKey: string) => `${prefix}conv:${convKey}`,
    convInbox: (convKey: string) => `${prefix}conv:${convKey}:inbox`,
    convOutbox: (convKey: string) => `${prefix}conv:${convKey}:outbox`,
    convMutex: (convKey: string) => `${prefix}conv:${convKey}:lock`,
    /** Guest messages the chat sent in its current flood-limit window (expires with the window). */
    convInboundCount: (convKey: string) => `${prefix}conv:${convKey}:inbound-count`,
    convIndex: () => `${prefix}convs`,
    /** Conversations with queued inbound or outbound work, swept in case their process died. */
    convPending: () => `${prefix}convs:pending`,
    convByBooking: (ref: string) => `${prefix}conv:byBooking:${ref}`,
    /** Chats staff took this booking away from (`/reassign`): they cannot prove it again. */
    bookingBarred: (ref: string) => `${prefix}booking:${ref}:barred`,
    /** Guessing limits (src/conversation/guess-limits.ts): counters that expire with their window. */
    identityTries: (ref: string) => `${prefix}limits:identity:${ref}`,
    refMisses: (convKey: string) => `${prefix}limits:refmiss:${convKey}`,
    lookupFailures: (minute: number) => `${prefix}limits:lookups:${minute}`,
    dedupe: (channel: string, deliveryId: string) => `${prefix}dedupe:${channel}:${deliveryId}`,
    pin: (ref: string) => `${prefix}pin:${ref}`,
    /** Conversations waiting for this booking's PIN job to finish. */
    pinWatchers: (ref: string) => `${prefix}pin:${ref}:watchers`,
    audit: (ref: string) => `${prefix}audit:${ref}`,
    staffAlerts: () => `${prefix}staff:alerts`,
    /** An alert raised at most once while this lives (`once` on the flow's alertStaff effect). */
    staffAlertOnce: (name: string) => `${prefix}staff:alert-once:${name}`,
    /** Staff group: the forum topic of a conversation, and back. */
    staffTopic: (convKey: string) => `${prefix}staff:topic:${convKey}`,
    staffConv: (threadId: number) => `${prefix}staff:conv:${threadId}`,
    /** Held by the one process creating a conversation's topic; the others wait for its id. */
    staffTopicLock: (convKey: string) => `${prefix}staff:topic:${convKey}:creating`,
    /** The name the topic was last given, to rename it once the guest's name or booking is known. */
    staffTopicName: (convKey: string) => `${prefix}staff:topic:${convKey}:name`,
    /** Staff group without topics: a conversation's header post, and each post's conversation. */
    staffHeader: (convKey: string) => `${prefix}staff:header:${convKey}`,
    staffHeaderLock: (convKey: string) => `${prefix}staff:header:${convKey}:creating`,
    staffPost: (messageId: number) => `${prefix}staff:post:${messageId}`,
    /** What waits to be posted for a conversation ('' = the chat's General topic / root). */
    staffQueue: (target: string) => `${prefix}staff:queue:${target}`,
    staffQueueLock: (target: string) => `${prefix}staff:queue:${target}:lock`,
    /** Targets with something to post, scored by when it is due. */
    staffDue: () => `${prefix}staff:due`,
    /** Recent posts to the staff chat (a sliding window shared by every process) and a pause after a 429. */
    staffRate: () => `${prefix}staff:rate`,
    staffRateMirror: () => `${prefix}staff:rate:mirror`,
    staffPause: () => `${prefix}staff:pause`,
    /** Whether a Telegram user administers the staff group, as getChatMember last said ('1' / '0'; expires). */
    staffAdmin: (userId: number) => `${prefix}staff:admin:${userId}`,
    ttlockToken: () => `${prefix}ttlock:token`,
    /** WhatsApp: the buttons last offered to a chat as "Reply 1 for ...", so any process can read a "1". */
    waButtons: (chatId: string) => `${prefix}wa:buttons:${chatId}`,
    /** WhatsApp: the conversation an outbound MessageSid belongs to, for its status callbacks. */
    waMessage: (messageSid: string) => `${prefix}wa:msg:${messageSid}`,
    /** A WhatsApp number that wrote STOP, by its public id (the number itself is not kept). */
    waOptOut: (publicId: string) => `${prefix}wa:optout:${publicId}`,
    /** The booking's proactive invitation was sent (or refused for good): never sent again. */
    invited: (ref: string) => `${prefix}invited:${ref}`,
    /** A booking source's health between syncs (failures, backoff, distrust), see src/sources/state.ts. */
    sourceState: (sourceId: string) => `${prefix}sources:state:${sourceId}`,
    /** Held by the one process syncing booking sources. */
    sourceSyncMutex: () => `${prefix}sources:sync-lock`,
    /** A notice about a source (a booking for an unmapped room) staff were given; not given again while it lives. */
    sourceNotice: (sourceId: string, key: string) => `${prefix}sources:notice:${sourceId}:${key}`,
    /** Refs of bookings that name this other ref (a channel's reference) too: a set, checked against each booking. */
    bookingAlias: (alias: string) => `${prefix}booking-alias:${alias}`,
    /** Beds24 API v2 (src/sources/beds24): the shared access token, the modified-since cursor, how far a read cut short got, a credit pause, a refused refresh token. */
    beds24Token: () => `${prefix}beds24:token`,
    beds24Cursor: () => `${prefix}beds24:cursor`,
    beds24Progress: () => `${prefix}beds24:progress`,
    beds24Pause: () => `${prefix}beds24:pause`,
    beds24Refused: () => `${prefix}beds24:refused`,
    simLock: (lockId: number) => `${prefix}sim:lock:${lockId}`,
    simLockFailures: (lockId: number) => `${prefix}sim:fail:${lockId}`,
    /** A simulated lock's log of openings and refused codes (what TTLock's lockRecord/list would show). */
    simLockRecords: (lockId: number) => `${prefix}sim:records:${lockId}`,
    // --- arrival and departure (src/jobs/arrivals.ts, src/jobs/checkout-reminders.ts)
    /** How far a lock's records were read (epoch ms), so the next poll reads on from there. */
    lockRecordCursor: (lockId: number) => `${prefix}lock-records:${lockId}:cursor`,
    /** Refused codes seen on a lock lately (recordId → lock time), to spot a run of wrong codes. */
    lockRefusals: (lockId: number) => `${prefix}lock-records:${lockId}:refused`,
    /** Since when a lock's records cannot be read (epoch ms); gone at the next read that works. */
    lockReadFailing: (lockId: number) => `${prefix}lock-records:${lockId}:failing`,
    /** The guest's first opening was handled (welcome, staff line): never again for this booking. */
    arrived: (ref: string) => `${prefix}arrived:${ref}`,
    /** The check-out morning reminder went to the guest: never again for this booking. */
    checkoutReminded: (ref: string) => `${prefix}checkout-reminded:${ref}`,
    /** A WhatsApp chat wrote within the last 24 hours (WhatsApp's customer service window), by its public id. */
    waWindow: (publicId: string) => `${prefix}wa:window:${publicId}`,
    // ---
    bullPrefix: () => `${prefix}bull`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
