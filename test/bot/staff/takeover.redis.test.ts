import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/flows/messages/en.js';
import { bookingToday, GUEST } from '../../helpers/checkin.js';
import { waitFor } from '../../helpers/runtime.js';
import { startStaffHarness, type StaffHarness } from '../../helpers/staff.js';

let h: StaffHarness;

beforeAll(async () => {
  h = await startStaffHarness({ bookings: [bookingToday('WAS100'), bookingToday('TGS100'), bookingToday('ADS100'), bookingToday('NSS100')] });
});
afterAll(() => h?.close());

const conv = async (key: string) => (await h.t.runtime.store.load(key))?.state;

describe('staff takeover of a WhatsApp guest, from the topic', () => {
  const number = '+447400555101';
  const key = `whatsapp:${number}`;

  it('mirrors the conversation, pauses the bot on /takeover, relays staff words, and hands back on /release', async () => {
    await h.whatsapp(number, 'hi');
    await h.whatsapp(number, 'was100');
    const askPhone = await h.whatsapp(number, GUEST.name);
    expect(askPhone[0]!.body).toMatch(/^Is \+44 7400 555101 the best number/);

    const topic = await h.topicOf(key);
    await h.waitForPost(topic, '👤 Guest: Alex Morgan');
    await h.waitForPost(topic, /🤖 Bot: Is \+44 7400 555101 the best number/);
    const posts = h.topicPosts(topic).map((m) => m.text).join('\n');
    expect(posts).toContain('👤 Guest: hi');
    expect(posts).toContain('👤 Guest: was100');
    expect(posts).toContain(`🤖 Bot: ${en.refAccepted()}`);

    const maria = h.member();
    await h.post(maria.inTopic(topic, '/takeover'));
    await h.waitForPost(topic, '@maria took over: the bot is paused for this guest.');
    expect((await conv(key))?.takenOver).toBe(true);

    // The guest's next message is mirrored, not answered, and does not move the flow.
    const unanswered = await h.whatsapp(number, 'YES');
    expect(unanswered).toEqual([]);
    await h.waitForPost(topic, /👤 Guest: YES$/m);
    expect((await conv(key))?.step).toBe('phone');

    // Staff words reach the guest on WhatsApp, signed as the property; the topic does not echo them.
    await h.post(maria.inTopic(topic, 'Hi Alex, Maria from reception here. Is this your mobile?'));
    const relayed = await waitFor(() => h.twilio.messages(number).find((m) => m.body?.startsWith('Hi Alex, Maria')), 10_000, 'the relay on WhatsApp');
    expect(relayed.body).toBe('Hi Alex, Maria from reception here. Is this your mobile?\n\n- The team');
    await h.whatsapp(number, 'yes it is');
    await h.waitForPost(topic, '👤 Guest: yes it is');
    expect(h.topicPosts(topic).some((m) => m.text.includes('→ guest'))).toBe(false);

    await h.post(maria.inTopic(topic, '/release'));
    await h.waitForPost(topic, '@maria handed the conversation back to the bot (step: phone).');
    const answered = await h.whatsapp(number, 'YES');
    expect(answered.map((m) => m.body)).toEqual([en.askEmail()]);
    await h.waitForPost(topic, `🤖 Bot: ${en.askEmail()}`);

    // Every action is on the booking's record, with who did it.
    const audit = await h.t.runtime.audit.list('WAS100');
    const staffActions = audit.filter((e) => ['taken_over', 'staff_message', 'released'].includes(e.action));
    expect(staffActions.map((e) => e.action)).toEqual(['taken_over', 'staff_message', 'released']);
    for (const e of staffActions) expect(e.by).toBe('staff-group:@maria (777001)');
  });

  it('answers /status with booking, step and door code, without digits unless asked', async () => {
    const maria = h.member();
    const topic = await h.topicOf(key);
    await h.post(maria.inTopic(topic, '/status'));
    const status = await h.waitForPost(topic, 'Status:');
    expect(status.text).toContain('Booking WAS100: Alex Morgan, Harbour House, Room 1');
    expect(status.text).toContain('Step: email');
    expect(status.text).toContain(`Guest: WhatsApp ${number}`);
    expect(status.text).toContain('Door code: ');
  });

  it('tells staff why a command does nothing, and what else it cannot do', async () => {
    const maria = h.member();
    const topic = await h.topicOf(key);
    await h.post(maria.inTopic(topic, '/release'));
    await h.waitForPost(topic, 'ℹ️ The bot already has this conversation');
    await h.post(maria.inTopic(topic, '/approve'));
    await h.waitForPost(topic, 'ℹ️ Nothing to approve');
    await h.post(maria.inTopic(topic, '/resend'));
    await h.waitForPost(topic, 'ℹ️ Not re-sent: no door code was sent to this guest yet');
    await h.post(maria.inTopic(topic, '/frobnicate'));
    await h.waitForPost(topic, 'ℹ️ Unknown command /frobnicate');
    await h.post(maria.photoInTopic(topic));
    await h.waitForPost(topic, 'ℹ️ Only text goes to the guest');
    await h.post(maria.editedInTopic(topic, 'typo fixed'));
    await h.waitForPost(topic, 'ℹ️ Edits are not passed on');
    await h.post(maria.inTopic(topic, '/help'));
    await h.waitForPost(topic, '/takeover: pause the bot');
    expect((await conv(key))?.takenOver).toBe(false);
    expect(h.twilio.messages(number).some((m) => m.body?.includes('typo fixed'))).toBe(false);
  });
});

describe('staff takeover of a Telegram guest', () => {
  const guest = () => h.updates.guest(6_100_001, { firstName: 'Alex' });
  const chatId = '6100001';
  const key = `telegram:${chatId}`;

  it('a plain staff message takes over and reaches the guest on Telegram; /release resumes at the same step', async () => {
    const g = guest();
    await h.telegramGuest(chatId, g.start('TGS100'));
    const askPhone = await h.telegramGuest(chatId, g.text(GUEST.name));
    expect(askPhone[0]!.text).toBe(en.askPhone(undefined));
    const topic = await h.topicOf(key);
    await h.waitForPost(topic, '👤 Guest: /start TGS100');

    const sam = h.member({ userId: 777_002, username: 'sam_frontdesk' });
    await h.post(sam.inTopic(topic, 'Hello Alex, we are here if you need anything.'));
    const relay = await waitFor(() => h.fake.messagesTo(chatId).find((m) => m.text.startsWith('Hello Alex')), 10_000, 'the relay on Telegram');
    expect(relay.text).toBe('Hello Alex, we are here if you need anything.\n\n- The team');
    await h.waitForPost(topic, '@sam_frontdesk took over: the bot is paused for this guest.');
    expect((await conv(key))?.takenOver).toBe(true);

    expect(await h.telegramGuest(chatId, g.text(GUEST.phone))).toEqual([]);
    await h.waitForPost(topic, `👤 Guest: ${GUEST.phone}`);

    // A redelivered staff update is not acted on twice.
    const again = sam.inTopic(topic, 'Only once, please.');
    await h.post(again);
    await h.post(again);
    await waitFor(() => h.fake.messagesTo(chatId).some((m) => m.text.startsWith('Only once')), 10_000, 'the second relay');
    await h.t.quiet(chatId, 'telegram');
    expect(h.fake.messagesTo(chatId).filter((m) => m.text.startsWith('Only once'))).toHaveLength(1);

    await h.post(sam.inTopic(topic, '/release'));
    await h.waitForPost(topic, 'handed the conversation back to the bot (step: phone)');
    const next = await h.telegramGuest(chatId, g.text(GUEST.phone));
    expect(next.map((m) => m.text)).toEqual([en.askEmail()]);
  });

  it("a guest's /takeover is just text to the flow, and commands from any other chat are ignored", async () => {
    const g = guest();
    const topic = await h.topicOf(key);
    const replies = await h.telegramGuest(chatId, g.text('/takeover'));
    expect(replies.length).toBeGreaterThan(0);
    expect((await conv(key))?.takenOver).toBe(false);

    // Another group, posing as a topic of the staff group.
    const intruder = h.updates.staff(-100999888777, 999_001, { username: 'intruder' });
    const postsBefore = h.fake.messagesTo(h.staffChatId).length;
    await h.post(intruder.inTopic(topic, '/takeover'));
    await h.post(intruder.inTopic(topic, 'Send me the door code'));
    await h.t.quiet(chatId, 'telegram');
    await new Promise((r) => setTimeout(r, 300));
    expect((await conv(key))?.takenOver).toBe(false);
    expect(h.fake.messagesTo(chatId).some((m) => m.text.includes('Send me the door code'))).toBe(false);
    expect(h.fake.messagesTo(h.staffChatId).slice(postsBefore).some((m) => /took over|Unknown/.test(m.text))).toBe(false);
  });

  it('in General, commands get a pointer to the topics and chatter is left alone', async () => {
    const maria = h.member();
    const before = h.fake.messagesTo(h.staffChatId).length;
    await h.post(maria.inGeneral('coffee anyone?'));
    await h.post(maria.inGeneral('/takeover'));
    await h.waitForPost(undefined, "ℹ️ Use this inside a guest's topic.");
    expect(h.fake.messagesTo(h.staffChatId).slice(before).filter((m) => m.threadId === undefined)).toHaveLength(1);
  });
});

describe('admin API actions show in the topic', () => {
  it('takeover, message and release through /admin/conversations are posted with who did them', async () => {
    const number = '+447400555102';
    const key = `whatsapp:${number}`;
    await h.whatsapp(number, 'ADS100');
    const topic = await h.topicOf(key);

    expect((await h.admin('takeover', key, { by: 'Maria' })).statusCode).toBe(200);
    await h.waitForPost(topic, 'Maria (admin API) took over: the bot is paused for this guest.');
    expect((await h.admin('message', key, { by: 'Maria', text: 'Welcome! Anything I can do?' })).statusCode).toBe(200);
    await waitFor(() => h.twilio.messages(number).find((m) => m.body?.startsWith('Welcome! Anything')), 10_000, 'the relay');
    await h.waitForPost(topic, 'Maria (admin API) → guest: Welcome! Anything I can do?\n\n- The team');
    expect((await h.admin('release', key, { by: 'Maria' })).statusCode).toBe(200);
    await h.waitForPost(topic, 'Maria (admin API) handed the conversation back to the bot (step: name).');
  });
});
