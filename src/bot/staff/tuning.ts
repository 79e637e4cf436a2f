/** Timings and limits of the staff group. Production uses the defaults; tests shorten them. */
export interface StaffTuning {
  /**
   * Telegram takes about 20 messages a minute into one group, all topics together. `postsPerWindow`
   * is what every process together may post per `windowMs`; the mirror may use only
   * `mirrorPostsPerWindow` of it, so alerts and answers to staff always find room.
   */
  windowMs: number;
  postsPerWindow: number;
  mirrorPostsPerWindow: number;
  /** Gap between any two posts to the group, from any process (Telegram: about one a second per chat). */
  minGapMs: number;
  /** Gap between two mirror posts: spreads the mirror's share over the window, so lines queue up and share a post. */
  mirrorGapMs: number;
  /** A mirrored line waits this long for the lines that follow it (the bot's answer) to share its post. */
  lingerMs: number;
  /** How often a process looks for posts queued by other processes (its own wake it at once). */
  idlePollMs: number;
  /** A Bot API call with no answer by then is given up (and the post tried again). */
  requestTimeoutMs: number;
  /** Pauses after failed posts to one conversation; the last repeats. */
  retryDelaysMs: number[];
  /** How long a process trusts getChat's word on whether the group has topics. */
  chatModeTtlMs: number;
  /** How long a process waits for another one creating the same topic before trying itself. */
  topicWaitMs: number;
  /** Most items one conversation keeps queued (a long Telegram outage): the oldest go first. */
  maxQueuedItems: number;
  /** On shutdown, how long to let staff commands already taken finish. */
  stopGraceMs: number;
  /** How long getChatMember's "administrator" / "not an administrator" is trusted, and how long it may take. */
  adminTtlSeconds: number;
  notAdminTtlSeconds: number;
  adminCheckTimeoutMs: number;
}

export const DEFAULT_STAFF_TUNING: StaffTuning = {
  windowMs: 60_000,
  postsPerWindow: 19,
  mirrorPostsPerWindow: 14,
  minGapMs: 1_000,
  mirrorGapMs: 3_000,
  lingerMs: 1_500,
  idlePollMs: 1_000,
  requestTimeoutMs: 20_000,
  retryDelaysMs: [1_000, 3_000, 10_000, 30_000, 60_000],
  chatModeTtlMs: 10 * 60_000,
  topicWaitMs: 15_000,
  maxQueuedItems: 1_000,
  stopGraceMs: 5_000,
  adminTtlSeconds: 300,
  notAdminTtlSeconds: 60,
  adminCheckTimeoutMs: 5_000,
};
