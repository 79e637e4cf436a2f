import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisMutex } from '../../../src/redis/mutex.js';
import { ThreadRegistry } from '../../../src/bot/staff/thread-registry.js';
import type { MirrorLine } from '../../../src/conversation/mirror.js';
import { bookingToday, GUEST } from '../../helpers/checkin.js';
import { waitFor } from '../../helpers/runtime.js';
import { startStaffHarness, type StaffHarness } from '../../helpers/staff.js';

describe('one topic per conversation, across processes and restarts', () => {
  let a: StaffHarness;
  let b: StaffHarness;

  beforeAll(async () => {
    a = await startStaffHarness({ bookings: [bookingToday('TOP100', { guestName: 'Jane Smith' })] });
    b = await startStaffHarness({ join: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const line = (convKey: string, text: string, from: MirrorLine['from'] = 'guest'): MirrorLine => {
    const [channel, chatId] = convKey.split(/:(.*)/s) as ['whatsapp', string];
    return { convKey, channel, chatId, ref: undefined, from, text };
  };

  it('two processes mirroring the first lines at once create one topic, and every line lands in it', async () => {
    const key = 'whatsapp:+447400555301';
    // A slow createForumTopic widens the race: both processes want the topic while it is being made.
    a.fake.failWhen('createForumTopic', () => true, { kind: 'slow', ms: 400 });
    const [mirrorA, mirrorB] = [a.mirror, b.mirror];
    await Promise.all([
      mirrorA.mirror(line(key, 'first from A')),
      mirrorB.mirror(line(key, 'first from B')),
      mirrorA.mirror(line(key, 'second from A', 'bot')),
      mirrorB.mirror(line(key, 'second from B', 'bot')),
    ]);
    const topic = await a.topicOf(key);
    for (const text of ['first from A', 'first from B', 'second from A', 'second from B']) await a.waitForPost(topic, text);
    expect(a.fake.callsOf('createForumTopic').filter((c) => c.payload.name === 'WhatsApp +447400555301')).toHaveLength(1);
    expect(await b.t.redis.get(b.t.keys.staffConv(topic))).toBe(key);
  });

  it('the creation lock: two registries asked at once call create once and agree on the id', async () => {
    const mutex = new RedisMutex(a.t.redis);
    const keys = { thread: (c: string) => `${a.t.prefix}race:${c}`, conv: (id: number) => `${a.t.prefix}race:id:${id}`, lock: (c: string) => `${a.t.prefix}race:${c}:lock` };
    const one = new ThreadRegistry(a.t.redis, mutex, keys, { waitMs: 5_000, pollMs: 10 });
    const two = new ThreadRegistry(b.t.redis, new RedisMutex(b.t.redis), keys, { waitMs: 5_000, pollMs: 10 });
    let created = 0;
    const create = async () => {
      created += 1;
      await new Promise((r) => setTimeout(r, 200));
      return 4242;
    };
    const ids = await Promise.all([one.ensure('c1', create), two.ensure('c1', create), one.ensure('c1', create), two.ensure('c1', create)]);
    expect(ids).toEqual([4242, 4242, 4242, 4242]);
    expect(created).toBe(1);
    expect(await one.conversationOf(4242)).toBe('c1');
  });

  it('a restarted process reuses the topic; the topic is renamed once the booking is known', async () => {
    const number = '+447400555302';
    const key = `whatsapp:${number}`;
    await a.whatsapp(number, 'hello');
    const topic = await a.topicOf(key);
    await a.waitForPost(topic, '👤 Guest: hello');
    expect(a.group.topics.get(topic)?.name).toBe(`WhatsApp ${number}`);

    // A new process (same deployment) takes over the traffic.
    const c = await startStaffHarness({ join: a });
    try {
      await a.staff.stop();
      await b.staff.stop();
      await c.whatsapp(number, 'TOP100');
      await c.waitForPost(topic, '👤 Guest: TOP100');
      await waitFor(() => a.group.topics.get(topic)?.name === 'Jane Smith · TOP100', 10_000, 'the rename');
      expect(a.fake.callsOf('createForumTopic').filter((x) => String(x.payload.name).includes('555302'))).toHaveLength(1);
    } finally {
      await c.close();
      a.staff.start();
      b.staff.start();
    }
  });

  it('a topic deleted by hand is replaced; a closed one is reopened', async () => {
    const number = '+447400555303';
    const key = `whatsapp:${number}`;
    await a.whatsapp(number, 'knock knock');
    const first = await a.topicOf(key);
    await a.waitForPost(first, 'knock knock');

    a.fake.closeTopic(a.staffChatId, first);
    await a.whatsapp(number, 'anyone there?');
    await a.waitForPost(first, 'anyone there?');
    expect(a.group.topics.get(first)?.closed).toBe(false);

    a.fake.deleteTopic(a.staffChatId, first);
    await a.whatsapp(number, 'hello again');
    const second = await waitFor(async () => {
      const id = Number(await a.t.redis.get(a.t.keys.staffTopic(key)));
      return id !== first ? id : undefined;
    }, 10_000, 'a new topic');
    await a.waitForPost(second, 'hello again');
    expect(await a.t.redis.get(a.t.keys.staffConv(second))).toBe(key);
    expect(await a.t.redis.get(a.t.keys.staffConv(first))).toBeNull();
  });
});

describe('a staff chat without topics', () => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await startStaffHarness({ forum: false, bookings: [bookingToday('NOF100')] });
  });
  afterAll(() => h?.close());

  it('threads each conversation by reply, and a staff reply to any of its posts addresses it', async () => {
    const number = '+447400555401';
    const key = `whatsapp:${number}`;
    await h.whatsapp(number, 'NOF100');
    const header = await h.waitForPost(undefined, '👤 Guest: NOF100');
    expect(header.text.startsWith(`💬 Alex Morgan · NOF100\n`)).toBe(true);
    expect(header.replyTo).toBeUndefined();
    expect(h.fake.callsOf('createForumTopic')).toHaveLength(0);

    await h.whatsapp(number, GUEST.name);
    const later = await h.waitForPost(undefined, `👤 Guest: ${GUEST.name}`);
    expect(later.replyTo).toBe(header.messageId);

    const maria = h.member();
    await h.post(maria.replyTo(later.messageId, '/takeover'));
    const note = await h.waitForPost(undefined, '@maria took over');
    expect(note.replyTo).toBe(header.messageId);
    expect((await h.t.runtime.store.load(key))?.state.takenOver).toBe(true);

    await h.post(maria.replyTo(note.messageId, 'Hi, Maria here.'));
    await waitFor(() => h.twilio.messages(number).find((m) => m.body === 'Hi, Maria here.\n\n- The team'), 10_000, 'the relay');
    await h.post(maria.replyTo(header.messageId, '/release'));
    await h.waitForPost(undefined, '@maria handed the conversation back to the bot');
    // A message that replies to nothing of ours is staff talking among themselves.
    await h.post(maria.inGeneral('lunch?'));
    expect((await h.t.runtime.store.load(key))?.state.takenOver).toBe(false);
  });

  it('falls back the same way when the group says it has topics but creating one is refused', async () => {
    const other = await startStaffHarness({ bookings: [bookingToday('NOF200')] });
    try {
      other.fake.failWhen('createForumTopic', () => true, { kind: 'error', status: 400, description: 'Bad Request: not enough rights to create a topic' });
      const number = '+447400555402';
      await other.whatsapp(number, 'NOF200');
      const post = await other.waitForPost(undefined, '👤 Guest: NOF200');
      expect(post.text.startsWith('💬 Alex Morgan · NOF200\n')).toBe(true);
      expect(await other.t.redis.get(other.t.keys.staffTopic(`whatsapp:${number}`))).toBeNull();
    } finally {
      await other.close();
    }
  });
});
