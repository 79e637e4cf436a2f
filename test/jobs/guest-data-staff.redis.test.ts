import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetJobId, scheduleForget } from '../../src/jobs/queues.js';
import { addUnlessPending, deadlineJobId } from '../../src/jobs/queues.js';
import { bookingToday } from '../helpers/checkin.js';
import { waitFor } from '../helpers/runtime.js';
import { startStaffHarness, type StaffHarness } from '../helpers/staff.js';

const REF = 'FGT100';
const OTHER = 'FGT200';
const NUMBER = '+447400555901';
const KEY = `whatsapp:${NUMBER}`;
const OTHER_NUMBER = '+447400555902';
const OTHER_KEY = `whatsapp:${OTHER_NUMBER}`;

const today = () => DateTime.now().setZone('Europe/London').startOf('day');

/** Every value (and key name) under the harness's prefix, except delivery dedupe keys and BullMQ's own. */
async function dump(s: StaffHarness, skip: (key: string) => boolean): Promise<string> {
  const { redis, prefix, keys } = s.t;
  const out: string[] = [];
  for (const key of await redis.keys(`${prefix}*`)) {
    if (key.includes(':dedupe:') || key.startsWith(`${keys.bullPrefix()}:`) || skip(key)) continue;
    const type = await redis.type(key);
    if (type === 'string') out.push(key, (await redis.get(key)) ?? '');
    else if (type === 'hash') out.push(key, JSON.stringify(await redis.hgetall(key)));
    else if (type === 'set') out.push(key, ...(await redis.smembers(key)));
    else if (type === 'zset') out.push(key, ...(await redis.zrange(key, 0, -1)));
    else if (type === 'list') out.push(key, ...(await redis.lrange(key, 0, -1)));
    else if (type === 'stream') out.push(key, JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return out.join('\n');
}

/** What the scenario left before the deletion ran. */
let h: StaffHarness;
let topic: number;
let otherTopic: number;

/**
 * A WhatsApp guest asks for a person before naming a booking (an alert about the chat only), gives
 * a name that does not match the booking (an alert quoting both names), and gets a staff topic and
 * a PIN deadline; another guest of another booking too. Then the first booking's retention ends.
 */
beforeAll(async () => {
  h = await startStaffHarness({
    bookings: [bookingToday(REF, { guestName: 'Jane Smith' }), bookingToday(OTHER, { guestName: 'Sam Rivers' })],
  });
  const { redis, keys } = h.t;
  await h.whatsapp(NUMBER, 'talk to a human');
  for (const line of [REF, 'Peter Parker', 'yes', 'peter.parker@example.com', 'no car', 'yes']) await h.whatsapp(NUMBER, line);
  await h.whatsapp(OTHER_NUMBER, 'talk to a human');
  await h.whatsapp(OTHER_NUMBER, OTHER);
  topic = await h.topicOf(KEY);
  otherTopic = await h.topicOf(OTHER_KEY);
  await h.waitForPost(topic, '🚨 Identity not proven');
  await h.waitForPost(otherTopic, '🚨');
  // A PIN deadline as the engine books it, already run (the PIN is held, so it changes nothing).
  const timers = h.t.runtime.queues.timers;
  await addUnlessPending(timers, 'pinDeadline', { kind: 'pinDeadline' as const, ref: REF, convKey: KEY }, { jobId: deadlineJobId(REF, KEY, h.t.publicId) });
  await waitFor(async () => (await (await timers.getJob(deadlineJobId(REF, KEY, h.t.publicId)))?.getState()) === 'completed', 10_000, 'the deadline to run');
  const alerts = JSON.stringify(await h.t.alerts());
  for (const held of [NUMBER, 'Peter Parker', 'Jane Smith']) expect(alerts).toContain(held);
  expect(await redis.get(keys.staffTopicName(KEY))).toBe('Jane Smith · FGT100');

  // The stay ended more than the retention period ago.
  await h.t.runtime.bookings.upsert(
    bookingToday(REF, { guestName: 'Jane Smith', checkIn: today().minus({ days: 33 }).toISODate()!, checkOut: today().minus({ days: 31 }).toISODate()! }),
  );
  await scheduleForget(h.t.runtime.cleanupQueue, REF, Date.now());
  await waitFor(async () => (await (await h.t.runtime.cleanupQueue.getJob(forgetJobId(REF)))?.getState()) === 'completed', 10_000, 'the deletion');
}, 60_000);

afterAll(() => h?.close());

describe('guest data after the retention period, with the staff group', () => {
  it('staff alerts about the booking or its chats stay (kind, booking, time) without the number, the chat key or the names', async () => {
    const alerts = await h.t.alerts();
    const mine = alerts.filter((a) => a.ref === REF || a.convKey === 'whatsapp:[removed]');
    expect(mine.map((a) => a.kind).sort()).toEqual(['human_requested', 'identity_mismatch']);
    expect(mine.every((a) => a.convKey === 'whatsapp:[removed]')).toBe(true);
    expect(mine.find((a) => a.kind === 'identity_mismatch')!.detail).toBe(
      'Identity not proven (the name does not match). Name given "[removed]", booked "[removed]". Phone given …01; the chat\'s own number …01; booked none. Email given p…@example.com; booked none. No door code is made until staff /approve this chat.',
    );
    const text = JSON.stringify(mine);
    for (const gone of ['7400555901', 'Peter Parker', 'Jane Smith']) expect(text).not.toContain(gone);
    // The other guest's alert is untouched.
    expect(alerts.find((a) => a.convKey === OTHER_KEY)?.kind).toBe('human_requested');
  });

  it('the staff topic map goes both ways, with the topic name and queued posts; the topic stays for staff to read', async () => {
    const { redis, keys } = h.t;
    expect(await redis.exists(keys.staffTopic(KEY), keys.staffConv(topic), keys.staffTopicName(KEY), keys.staffQueue(KEY))).toBe(0);
    expect(await redis.zscore(keys.staffDue(), KEY)).toBeNull();
    expect(h.group.topics.get(topic)).toBeDefined();
    expect(await redis.get(keys.staffConv(otherTopic))).toBe(OTHER_KEY);
    // A command in the old topic no longer reaches (or brings back) the conversation.
    await h.post(h.member().inTopic(topic, '/status'));
    await h.waitForPost(undefined, 'Use this inside a guest\'s topic');
    expect(await redis.exists(keys.conv(KEY))).toBe(0);
  });

  it('the PIN deadline job, with the chat key in its data, goes', async () => {
    expect(await h.t.runtime.queues.timers.getJob(deadlineJobId(REF, KEY, h.t.publicId))).toBeUndefined();
  });

  it('nothing else holds the number (WhatsApp delivery bookkeeping expires within days)', async () => {
    const rest = await dump(h, (key) => key.startsWith(`${h.t.prefix}wa:`));
    expect(rest).not.toContain('7400555901');
    expect(rest).toContain('7400555902');
  });
});
