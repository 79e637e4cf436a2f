import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/flows/messages/en.js';
import { bookingToday, GUEST } from '../../helpers/checkin.js';
import { waitFor } from '../../helpers/runtime.js';
import { startStaffHarness, type StaffHarness } from '../../helpers/staff.js';

let h: StaffHarness;
const ROOM_2_LOCK = 2002;

beforeAll(async () => {
  h = await startStaffHarness({
    bookings: [bookingToday('ALP100', { roomId: 'r2' }), bookingToday('ALM100'), bookingToday('ALH100')],
  });
});
afterAll(() => h?.close());

const PIN = /Your door code is \*?(\d{6})/;

describe('staff alerts in the conversation topic', () => {
  it('a failed PIN job: the alert names the booking, within 10 s of the failure', async () => {
    const number = '+447400555201';
    await h.t.locks.injectFailures(ROOM_2_LOCK, ['permanent']);
    await h.whatsapp(number, 'ALP100');
    await h.whatsapp(number, GUEST.name);
    await h.whatsapp(number, 'yes');
    const cause = Date.now();
    await h.whatsapp(number, GUEST.email); // details accepted: the PIN job starts, and fails for good
    const topic = await h.topicOf(`whatsapp:${number}`);
    const alert = await h.waitForPost(topic, '🚨 Door code could not be created · booking ALP100');
    expect(alert.at - cause).toBeLessThan(10_000);
    expect(alert.text).toContain('Once fixed, /resend or /status pin.');
    expect(alert.entities).toContainEqual({ type: 'bold', offset: 3, length: 'Door code could not be created · booking ALP100'.length });
  });

  it('five wrong booking references within the hour, from a Telegram guest: one alert, then no more look-ups', async () => {
    const chatId = '6200001';
    const g = h.updates.guest(6_200_001);
    await h.telegramGuest(chatId, g.text('hello'));
    for (const ref of ['NOPE111', 'NOPE222', 'NOPE333', 'NOPE444']) await h.telegramGuest(chatId, g.text(ref));
    const cause = Date.now();
    await h.telegramGuest(chatId, g.text('NOPE555'));
    const topic = await h.topicOf(`telegram:${chatId}`);
    const alert = await h.waitForPost(topic, '🚨 Too many unknown booking references · booking (none yet)');
    expect(alert.at - cause).toBeLessThan(10_000);
    expect(alert.text).toContain('last tried "NOPE555"');
    // A real ref is not looked up now: the same neutral answer as for any other.
    const replies = await h.telegramGuest(chatId, g.text('ALP100'));
    expect(replies.map((m) => m.text)).toEqual([en.lookupsPaused()]);
  });

  it('a name that does not match: alert, PIN held; /approve sends it; the digits never reach the group unless asked', async () => {
    const number = '+447400555202';
    const key = `whatsapp:${number}`;
    await h.whatsapp(number, 'ALM100');
    await h.whatsapp(number, 'Peter Parker');
    await h.whatsapp(number, 'yes');
    const cause = Date.now();
    await h.whatsapp(number, GUEST.email);
    const topic = await h.topicOf(key);
    const alert = await h.waitForPost(topic, '🚨 Identity not proven: door code held · booking ALM100');
    expect(alert.at - cause).toBeLessThan(10_000);
    await h.whatsapp(number, 'no car');
    await h.whatsapp(number, 'yes');
    // Nothing is programmed on a lock before a person approves this chat.
    expect(await h.t.pinJobState('ALM100')).toBe('unknown');
    expect(h.twilio.messages(number).some((m) => PIN.test(m.body ?? ''))).toBe(false);

    await h.post(h.member().inTopic(topic, '/approve'));
    const pinMessage = await waitFor(() => h.twilio.messages(number).find((m) => PIN.test(m.body ?? '')), 10_000, 'the PIN on WhatsApp');
    const pin = PIN.exec(pinMessage.body!)![1]!;
    await h.waitForPost(topic, "@maria approved the guest's identity");
    await h.waitForPost(topic, '[door code hidden]');
    expect(h.fake.messagesTo(h.staffChatId).some((m) => m.text.includes(pin))).toBe(false);

    // /status keeps the digits back; /status pin shows them, and that is on the record.
    await h.post(h.member().inTopic(topic, '/status'));
    const status = await h.waitForPost(topic, 'Door code: ready, sent to the guest (/status pin');
    expect(status.text).not.toContain(pin);
    await h.post(h.member().inTopic(topic, '/status pin'));
    await h.waitForPost(topic, `Digits: ${pin}`);
    // /resend: the same PIN again, to the verified chat.
    const before = h.twilio.messages(number).length;
    await h.post(h.member().inTopic(topic, '/resend'));
    await waitFor(() => h.twilio.messages(number).slice(before).find((m) => PIN.exec(m.body ?? '')?.[1] === pin), 10_000, 'the PIN again');
    await h.waitForPost(topic, '@maria had the door code sent again.');

    const by = 'staff-group:@maria (777001)';
    // The audit entry follows the PIN message in the conversation's outbox.
    const audit = await waitFor(async () => {
      const entries = await h.t.runtime.audit.list('ALM100');
      return entries.some((e) => e.action === 'pin_resent') ? entries : undefined;
    }, 10_000, 'the pin_resent audit entry');
    expect(audit).toContainEqual(expect.objectContaining({ action: 'approved', by }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'pin_shown', by }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'pin_resent', by }));
    expect(JSON.stringify(audit)).not.toContain(pin);
  });

  it('a guest asking for a person', async () => {
    const number = '+447400555203';
    await h.whatsapp(number, 'ALH100');
    const cause = Date.now();
    await h.whatsapp(number, 'can I talk to a human please');
    const topic = await h.topicOf(`whatsapp:${number}`);
    const alert = await h.waitForPost(topic, '🚨 Guest asked for a person · booking ALH100');
    expect(alert.at - cause).toBeLessThan(10_000);
  });

  it('an alert about no conversation goes to General', async () => {
    await h.t.runtime.alerts.raise({ kind: 'pin_failed', ref: 'GONE01', convKey: '', detail: 'Codes of booking GONE01 could not be removed.', at: Date.now() });
    const posted = await h.waitForPost(undefined, '🚨 Door code could not be created · booking GONE01');
    expect(posted.replyTo).toBeUndefined();
  });
});
