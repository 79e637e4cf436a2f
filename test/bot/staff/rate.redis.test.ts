import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingToday } from '../../helpers/checkin.js';
import { waitFor } from '../../helpers/runtime.js';
import { startStaffHarness, type StaffHarness } from '../../helpers/staff.js';

/**
 * Telegram's group limit (about 20 messages a minute) at ten times the speed: 20 per 6 s,
 * enforced by the fake with 429s. The staff group is tuned the same way production is, scaled.
 */
const WINDOW_MS = 6_000;
let h: StaffHarness;

beforeAll(async () => {
  h = await startStaffHarness({
    bookings: [bookingToday('RAT100'), bookingToday('RAT200'), bookingToday('RAT300')],
    groupLimit: { count: 20, windowMs: WINDOW_MS },
    tuning: { windowMs: WINDOW_MS, postsPerWindow: 19, mirrorPostsPerWindow: 14, minGapMs: 100, mirrorGapMs: 300, lingerMs: 150, idlePollMs: 100 },
  });
});
afterAll(() => h?.close());

describe('the group limit', () => {
  it('a busy wave of guests: lines are coalesced into few posts, no 429, and an alert still arrives at once', async () => {
    const guests = ['+447400555501', '+447400555502', '+447400555503'];
    const refs = ['RAT100', 'RAT200', 'RAT300'];
    // Spread over more than one window, so the window's limit (not just coalescing) is what holds.
    const chatter = Array.from({ length: 14 }, (_, j) => `message ${j}`);
    let alertCause = 0;
    await Promise.all(
      guests.map(async (number, i) => {
        await h.whatsapp(number, refs[i]!);
        for (const [j, text] of chatter.entries()) {
          if (i === 1 && j === 11) {
            alertCause = Date.now();
            await h.whatsapp(number, 'human');
          }
          await h.whatsapp(number, `${text} (${i})`);
          await new Promise((r) => setTimeout(r, 350));
        }
      }),
    );
    const topics = await Promise.all(guests.map((n) => h.topicOf(`whatsapp:${n}`)));
    const alert = await h.waitForPost(topics[1]!, '🚨 Guest asked for a person · booking RAT200', 10_000);
    // Raised while the mirror's share of the window is used up: it does not wait for it.
    expect(alert.at - alertCause).toBeLessThan(3_000);

    for (const [i, topic] of topics.entries()) {
      await waitFor(() => chatter.every((text) => h.topicPosts(topic).some((m) => m.text.includes(`👤 Guest: ${text} (${i})`))), 30_000, `every line of guest ${i}`);
    }
    const toGroup = h.fake.calls.filter((c) => String(c.payload.chat_id) === h.staffChatId && ['sendMessage', 'createForumTopic'].includes(c.method));
    expect(toGroup.filter((c) => c.status === 429)).toEqual([]);
    const posts = h.fake.messagesTo(h.staffChatId);
    const lines = posts.reduce((n, m) => n + m.text.split('\n').filter((l) => /^(👤|🤖|🚨)/u.test(l)).length, 0);
    // Each guest line has a bot answer: far more lines than posts.
    expect(lines).toBeGreaterThanOrEqual(guests.length * chatter.length * 2);
    expect(posts.at(-1)!.at - posts[0]!.at).toBeGreaterThan(WINDOW_MS);
    expect(posts.length).toBeLessThan(lines / 2);
  }, 60_000);
});
