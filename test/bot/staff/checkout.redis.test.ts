import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/flows/messages/en.js';
import { DEPARTURE_NOTICE_MS } from '../../../src/flows/checkin/departure.js';
import { bookingToday, GUEST } from '../../helpers/checkin.js';
import { waitFor } from '../../helpers/runtime.js';
import { startStaffHarness, type StaffHarness } from '../../helpers/staff.js';

const ZONE = 'Europe/London';
/** Began two hours ago, ends in two days. */
const staying = (ref: string) =>
  bookingToday(ref, {
    checkIn: DateTime.now().setZone(ZONE).minus({ hours: 2 }).toISO({ suppressMilliseconds: true })!,
    checkOut: DateTime.now().setZone(ZONE).plus({ days: 2 }).toISODate()!,
  });

let h: StaffHarness;
beforeAll(async () => {
  h = await startStaffHarness({ bookings: [staying('OUT100'), staying('OUT200'), staying('OUT300'), staying('OUT400')] });
});
afterAll(() => h?.close());

const PIN = /Your door code is \*?(\d{6})/;

/** A WhatsApp guest who proved the booking and holds its door code. */
async function checkedIn(number: string, ref: string): Promise<{ key: string; topic: number; pin: string }> {
  const key = `whatsapp:${number}`;
  for (const text of [ref, GUEST.name, GUEST.phone, GUEST.email, 'no car', 'yes']) await h.whatsapp(number, text);
  const message = await waitFor(() => h.twilio.messages(number).find((m) => PIN.test(m.body ?? '')), 15_000, 'the door code on WhatsApp');
  return { key, topic: await h.topicOf(key), pin: PIN.exec(message.body!)![1]! };
}

describe('staff /checkout in the guest\'s topic', () => {
  it('shortens the code on both locks in place, tells the guest and the topic, and is audited with the staff member', { timeout: 40_000 }, async () => {
    const number = '+447400555401';
    const { topic, pin } = await checkedIn(number, 'OUT100');
    const before = [...(await h.t.codes(1001)), ...(await h.t.codes(2001))].filter((c) => c.name === 'OUT100');
    expect(before.map((c) => c.code)).toEqual([pin, pin]);
    const maria = h.member({ userId: 777_501, username: 'maria' });

    const asked = Date.now();
    await h.post(maria.inTopic(topic, '/checkout'));
    await h.waitForPost(topic, '@maria checked the guest out');
    const line = await h.waitForPost(topic, 'Room 1: guest checked out; code ends', 20_000);

    const after = [...(await h.t.codes(1001)), ...(await h.t.codes(2001))].filter((c) => c.name === 'OUT100');
    expect(after.map(({ end: _end, ...c }) => c)).toEqual(before.map(({ end: _end, ...c }) => c));
    for (const c of after) {
      expect(c.end).toBeLessThanOrEqual(Date.now() + DEPARTURE_NOTICE_MS);
      expect(c.end).toBeGreaterThan(asked + DEPARTURE_NOTICE_MS - 2 * 60_000);
    }
    const label = DateTime.fromMillis(after[0]!.end, { zone: ZONE }).toFormat('HH:mm');
    expect(line.text).toContain(`code ends ${label}.`);
    expect(Date.parse((await h.t.runtime.bookings.get('OUT100'))!.checkOut)).toBe(after[0]!.end);

    await waitFor(() => h.twilio.messages(number).some((m) => m.body === en.departure.done(label)), 10_000, 'the guest to hear when the code ends');
    // The guest was not asked (staff said so), and the code was not sent again.
    expect(h.twilio.messages(number).filter((m) => m.body === en.departure.confirm())).toEqual([]);
    expect(h.twilio.messages(number).filter((m) => PIN.test(m.body ?? ''))).toHaveLength(1);

    await h.post(maria.inTopic(topic, '/status'));
    await h.waitForPost(topic, `Departure: checked out; the door code ends ${label}`);

    const audit = await h.t.runtime.audit.list('OUT100');
    const requested = audit.find((e) => e.action === 'checkout_requested');
    const done = audit.find((e) => e.action === 'checked_out');
    expect(requested?.by).toContain('@maria');
    expect(done?.by).toContain('@maria');
  });

  it('is refused to a member who is not an administrator: nothing changes', { timeout: 40_000 }, async () => {
    const number = '+447400555402';
    const { topic } = await checkedIn(number, 'OUT200');
    const before = await h.t.codes(2001);
    const olga = h.member({ userId: 777_502, username: 'olga', status: 'member' });

    await h.post(olga.inTopic(topic, '/checkout'));
    await h.waitForPost(topic, 'Only group administrators can /checkout.');
    await h.t.quiet(number, 'whatsapp');
    expect(await h.t.codes(2001)).toEqual(before);
    expect((await h.t.runtime.audit.list('OUT200')).map((e) => e.action)).not.toContain('checkout_requested');
    expect((await h.t.runtime.bookings.get('OUT200'))!.checkOut).toBe(staying('OUT200').checkOut);
  });

  it('the admin API equivalent (POST /admin/conversations/:key/checkout) does the same, audited with who; a second one is a 409', { timeout: 40_000 }, async () => {
    const number = '+447400555403';
    const { key, topic } = await checkedIn(number, 'OUT300');
    const res = await h.admin('checkout', key, { by: 'Ana' });
    expect(res.statusCode).toBe(200);
    await h.waitForPost(topic, 'Room 1: guest checked out; code ends', 20_000);
    const ends = (await h.t.codes(2001)).filter((c) => c.name === 'OUT300').map((c) => c.end);
    expect(ends).toHaveLength(1);
    expect(ends[0]).toBeLessThanOrEqual(Date.now() + DEPARTURE_NOTICE_MS);
    expect((await h.t.runtime.audit.list('OUT300')).find((e) => e.action === 'checkout_requested')?.by).toBe('admin-api:Ana');
    expect((await h.admin('checkout', key, { by: 'Ana' })).statusCode).toBe(409);
  });

  it("in the topic of a chat that has not proven the booking (held for identity): refused, nothing shortened", { timeout: 40_000 }, async () => {
    const number = '+447400555404';
    const key = `whatsapp:${number}`;
    for (const text of ['OUT400', 'Peter Parker', 'yes', GUEST.email, 'no car', 'yes']) await h.whatsapp(number, text);
    const topic = await h.topicOf(key);
    await h.waitForPost(topic, 'Identity not proven');
    const maria = h.member({ userId: 777_501, username: 'maria' });
    await h.post(maria.inTopic(topic, '/checkout'));
    await h.waitForPost(topic, 'Not checked out: this chat does not hold booking OUT400');
    await h.t.quiet(number, 'whatsapp');
    expect((await h.t.runtime.bookings.get('OUT400'))!.checkOut).toBe(staying('OUT400').checkOut);
    expect((await h.t.runtime.audit.list('OUT400')).map((e) => e.action)).not.toContain('checkout_requested');
    expect(await h.t.runtime.cleanupQueue.getJob('departure-OUT400')).toBeUndefined();
  });
});
