import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/flows/messages/en.js';
import { bookingToday, GUEST } from '../../helpers/checkin.js';
import { waitFor } from '../../helpers/runtime.js';
import { startStaffHarness, type StaffHarness } from '../../helpers/staff.js';

let h: StaffHarness;
/** In STAFF_APPROVER_IDS, and only a plain member of the group. */
const APPROVER_ID = 777_301;

beforeAll(async () => {
  h = await startStaffHarness({
    bookings: [
      ...['PRM100', 'PRM200', 'PRM300', 'PRM400', 'PRM500'].map((ref) => bookingToday(ref)),
      bookingToday('PRM600', { guestPhone: '+447400555306' }),
    ],
    env: { STAFF_APPROVER_IDS: `123, ${APPROVER_ID}` },
  });
});
afterAll(() => h?.close());

const PIN = /Your door code is \*?(\d{6})/;
const conv = async (key: string) => (await h.t.runtime.store.load(key))?.state;
const memberChecks = (userId: number) => h.fake.callsOf('getChatMember').filter((c) => c.payload.user_id === userId);
const pinTo = (number: string) => h.twilio.messages(number).find((m) => PIN.test(m.body ?? ''));

/** A WhatsApp guest whose name does not match the booking: held for /approve, no door code made. */
async function heldGuest(number: string, ref: string): Promise<{ key: string; topic: number }> {
  const key = `whatsapp:${number}`;
  for (const text of [ref, 'Peter Parker', 'yes', GUEST.email, 'no car', 'yes']) await h.whatsapp(number, text);
  const topic = await h.topicOf(key);
  await h.waitForPost(topic, `🚨 Identity not proven: door code held · booking ${ref}`);
  return { key, topic };
}

describe('door-code commands in the staff group: administrators and STAFF_APPROVER_IDS only', () => {
  it("a member's /approve and /status pin are refused in one line and change nothing; Telegram is asked once", async () => {
    const number = '+447400555301';
    const { key, topic } = await heldGuest(number, 'PRM100');
    const olga = h.member({ userId: 777_101, username: 'olga', status: 'member' });

    await h.post(olga.inTopic(topic, '/approve'));
    const refused = await h.waitForPost(topic, 'Only group administrators can /approve.');
    expect(refused.text.split('\n')).toContain('ℹ️ Only group administrators can /approve. Ask an admin, or add your id (777101) to STAFF_APPROVER_IDS.');
    await h.post(olga.inTopic(topic, '/status pin'));
    await h.waitForPost(topic, 'Only group administrators can /status pin.');

    await h.t.quiet(number, 'whatsapp');
    const state = await conv(key);
    expect(state?.approved).toBe(false);
    expect(state?.takenOver).toBe(false);
    expect(pinTo(number)).toBeUndefined();
    expect(await h.t.pinJobState('PRM100')).toBe('unknown');
    expect(h.topicPosts(topic).some((m) => /approved|Digits:/.test(m.text))).toBe(false);
    const actions = (await h.t.runtime.audit.list('PRM100')).map((e) => e.action);
    expect(actions).not.toContain('approved');
    expect(actions).not.toContain('pin_shown');
    // The "no" is in Redis: the second command did not ask Telegram again.
    expect(memberChecks(777_101)).toHaveLength(1);
    expect(await h.t.redis.get(h.t.keys.staffAdmin(777_101))).toBe('0');
  });

  it("an administrator's /approve sends the held code; their /status pin shows it without asking Telegram again", async () => {
    const number = '+447400555302';
    const { key, topic } = await heldGuest(number, 'PRM200');
    const anna = h.member({ userId: 777_201, username: 'anna' });

    await h.post(anna.inTopic(topic, '/approve'));
    await h.waitForPost(topic, "@anna approved the guest's identity");
    const pin = PIN.exec((await waitFor(() => pinTo(number), 10_000, 'the PIN on WhatsApp')).body!)![1]!;
    expect((await conv(key))?.approved).toBe(true);

    await h.post(anna.inTopic(topic, '/status pin'));
    await h.waitForPost(topic, `Digits: ${pin}`);
    expect(memberChecks(777_201)).toHaveLength(1);
    expect(await h.t.redis.ttl(h.t.keys.staffAdmin(777_201))).toBeGreaterThan(250);
  });

  it('an id in STAFF_APPROVER_IDS may /approve without being an administrator, and Telegram is not asked', async () => {
    const number = '+447400555303';
    const { topic } = await heldGuest(number, 'PRM300');
    const pat = h.member({ userId: APPROVER_ID, username: 'pat', status: 'member' });

    await h.post(pat.inTopic(topic, '/approve'));
    await h.waitForPost(topic, "@pat approved the guest's identity");
    await waitFor(() => pinTo(number), 10_000, 'the PIN on WhatsApp');
    expect(memberChecks(APPROVER_ID)).toHaveLength(0);
  });

  it('an anonymous admin (writing as the group) may /approve', async () => {
    const number = '+447400555304';
    const { topic } = await heldGuest(number, 'PRM400');
    const before = h.fake.callsOf('getChatMember').length;

    await h.post(h.member().anonymousInTopic(topic, '/approve'));
    await h.waitForPost(topic, "anonymous admin approved the guest's identity");
    await waitFor(() => pinTo(number), 10_000, 'the PIN on WhatsApp');
    expect(h.fake.callsOf('getChatMember')).toHaveLength(before);
  });

  it('when Telegram cannot say (500), the command is refused with "could not check", and the next try asks again', async () => {
    const number = '+447400555305';
    const { key, topic } = await heldGuest(number, 'PRM500');
    const ben = h.member({ userId: 777_401, username: 'ben' });

    h.fake.failNext('getChatMember', { kind: 'error', status: 500 });
    await h.post(ben.inTopic(topic, '/approve'));
    const refused = await h.waitForPost(topic, 'Could not check with Telegram');
    expect(refused.text.split('\n')).toContain('ℹ️ Could not check with Telegram that you are a group administrator, so /approve was not done. Try again in a minute.');
    await h.t.quiet(number, 'whatsapp');
    expect((await conv(key))?.approved).toBe(false);
    expect(pinTo(number)).toBeUndefined();
    expect(await h.t.redis.exists(h.t.keys.staffAdmin(777_401))).toBe(0);

    await h.post(ben.inTopic(topic, '/approve'));
    await h.waitForPost(topic, "@ben approved the guest's identity");
    expect(memberChecks(777_401)).toHaveLength(2);
  });

  it('/reassign and /unlock: refused to a member; an administrator takes the booking from the chat that claimed it and gives it to the real guest', async () => {
    // A stranger with the right name and the booked number typed in claims PRM600 and gets its code.
    const stranger = '+447400555399';
    for (const text of ['PRM600', GUEST.name, '+44 7400 555306', GUEST.email, 'no car', 'yes']) await h.whatsapp(stranger, text);
    const oldPin = PIN.exec((await waitFor(() => pinTo(stranger), 10_000, "the stranger's PIN")).body!)![1]!;
    // The real guest, writing from the booked number, is refused: the booking belongs to another chat.
    const real = '+447400555306';
    for (const text of ['PRM600', GUEST.name, 'yes', GUEST.email]) await h.whatsapp(real, text);
    const topic = await h.topicOf(`whatsapp:${real}`);
    await h.waitForPost(topic, '🚨 Booking already checked in from another chat');

    const olga = h.member({ userId: 777_101, username: 'olga', status: 'member' });
    await h.post(olga.inTopic(topic, '/reassign'));
    await h.waitForPost(topic, 'Only group administrators can /reassign.');
    await h.post(olga.inTopic(topic, '/unlock'));
    await h.waitForPost(topic, 'Only group administrators can /unlock.');
    expect(await h.t.runtime.store.owner('PRM600')).toBe(`whatsapp:${stranger}`);

    const anna = h.member({ userId: 777_201, username: 'anna' });
    await h.post(anna.inTopic(topic, '/reassign'));
    await h.waitForPost(topic, 'Booking PRM600 taken away from the chat that had it');
    // The real guest is checked again with what they gave, and gets a new code; the stranger hears only that the team has it.
    await h.whatsapp(real, 'no car');
    await h.whatsapp(real, 'yes');
    const newPin = PIN.exec((await waitFor(() => pinTo(real), 15_000, "the real guest's PIN")).body!)![1]!;
    expect(newPin).not.toBe(oldPin);
    expect(await h.t.runtime.store.owner('PRM600')).toBe(`whatsapp:${real}`);
    await waitFor(() => h.twilio.messages(stranger).some((m) => m.body === en.reassigned()), 5_000, 'the stranger told');
    expect((await h.t.runtime.audit.list('PRM600')).find((e) => e.action === 'reassigned')?.by).toBe('staff-group:@anna (777201)');

    await h.post(anna.inTopic(topic, '/unlock'));
    await h.waitForPost(topic, 'Unlocked: this chat can look up booking references again');
  });

  it('a member can still read /status, take over and write to the guest', async () => {
    const number = '+447400555301';
    const key = `whatsapp:${number}`;
    const topic = await h.topicOf(key);
    const olga = h.member({ userId: 777_101, username: 'olga', status: 'member' });

    await h.post(olga.inTopic(topic, '/status'));
    await h.waitForPost(topic, 'Booking PRM100');
    await h.post(olga.inTopic(topic, '/takeover'));
    await h.waitForPost(topic, '@olga took over: the bot is paused for this guest.');
    await h.post(olga.inTopic(topic, 'Hello, Olga here. Could you spell your name for me?'));
    await waitFor(() => h.twilio.messages(number).find((m) => m.body?.startsWith('Hello, Olga here')), 10_000, 'the relay on WhatsApp');
    expect((await conv(key))?.takenOver).toBe(true);
  });
});
