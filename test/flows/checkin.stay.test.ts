import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { de } from '../../src/flows/messages/de.js';
import { en } from '../../src/flows/messages/en.js';
import { REF, audits, ctx, ofType, reach, readyPin, sends, texts } from './flow-helpers.js';

/** The guest's first opening and the check-out morning, as the lock records and the clock tell a conversation. */

const WIFI = { network: 'HarbourGuest', password: 'quay-street-1' };
const arrived = (over: Partial<Extract<FlowEvent, { type: 'guestArrived' }>> = {}): FlowEvent => ({
  type: 'guestArrived',
  ref: REF,
  lock: 'the front door',
  time: '14:05',
  welcome: true,
  wifi: WIFI,
  ...over,
});
const reminder: FlowEvent = { type: 'checkoutReminder', ref: REF, checkOutTime: '11:00' };
/** Checked in, door code received. */
const served = () => reach('done', { ctx: { pin: readyPin } });
const notes = (r: ReturnType<typeof step>) => ofType(r.effects, 'note').map((n) => n.text);

describe('the guest arrives (first opening with their code)', () => {
  it('welcomes them with the room and the Wi-Fi, as a proactive message with its template variables; staff get one line; audited', () => {
    const r = step(served(), arrived(), ctx());
    expect(texts(r.effects)).toEqual([en.arrivalWelcome('Room 3', WIFI)]);
    expect(texts(r.effects)[0]).toContain('quay-street-1');
    expect(sends(r.effects)[0]!.proactive).toEqual({ template: 'welcome', variables: { 1: 'Room 3', 2: 'HarbourGuest', 3: 'quay-street-1' } });
    expect(notes(r)).toEqual(['Guest arrived: their door code opened the front door at 14:05.']);
    expect(audits(r.effects)).toEqual(['arrived']);
  });

  it('in the guest\'s language; without Wi-Fi in properties.json the template gets dashes', () => {
    const r = step({ ...served(), lang: 'de' }, arrived({ wifi: undefined }), ctx());
    expect(texts(r.effects)).toEqual([de.arrivalWelcome('Room 3', undefined)]);
    expect(texts(r.effects)[0]).not.toContain('WLAN');
    expect(sends(r.effects)[0]).toMatchObject({ lang: 'de', proactive: { template: 'welcome', variables: { 2: '-', 3: '-' } } });
  });

  it('ARRIVAL_MESSAGES off: staff still hear it, the guest gets nothing', () => {
    const r = step(served(), arrived({ welcome: false }), ctx());
    expect(texts(r.effects)).toEqual([]);
    expect(notes(r)).toHaveLength(1);
  });

  it('a conversation staff took over: no welcome, and staff read why', () => {
    const r = step({ ...served(), takenOver: true }, arrived(), ctx());
    expect(texts(r.effects)).toEqual([]);
    expect(notes(r)).toEqual(['Guest arrived: their door code opened the front door at 14:05.', 'No welcome message sent: you have this conversation.']);
  });

  it('nothing for a chat that never got the code, that moved on to another booking, or is blocked', () => {
    const notSent = reach('done');
    expect(notSent.pin.sent).toBe(false);
    expect(step(notSent, arrived(), ctx()).effects).toEqual([]);
    expect(step({ ...served(), ref: 'ZZ9999' }, arrived(), ctx()).effects).toEqual([]);
    expect(step({ ...served(), step: 'blocked', blockedReason: 'booking_cancelled' }, arrived(), ctx()).effects).toEqual([]);
  });
});

describe('the check-out morning', () => {
  it('reminds the guest of the check-out time, as a proactive message with its template variables; audited', () => {
    const r = step(served(), reminder, ctx());
    expect(texts(r.effects)).toEqual([en.checkoutReminder('11:00', 'Room 3')]);
    expect(sends(r.effects)[0]!.proactive).toEqual({ template: 'checkout', variables: { 1: '11:00', 2: 'Room 3' } });
    expect(audits(r.effects)).toEqual(['checkout_reminder']);
  });

  it('staff have the conversation: not sent, staff told; a chat without the code: nothing', () => {
    const r = step({ ...served(), takenOver: true }, reminder, ctx());
    expect(texts(r.effects)).toEqual([]);
    expect(notes(r)[0]).toMatch(/No check-out reminder sent \(check-out at 11:00\)/);
    expect(step(reach('done'), reminder, ctx()).effects).toEqual([]);
  });
});

describe('no check-out reminder for a guest who already left', () => {
  it.each(['requested', 'done'] as const)('departure %s: nothing is sent', (status) => {
    const left = { ...served(), departure: { status, endsAt: Date.UTC(2026, 10, 27, 14, 15), endsAtLabel: '14:15' } };
    const r = step(left, reminder, ctx({ pin: { ...readyPin, endsAt: Date.UTC(2026, 10, 27, 14, 15) } }));
    expect(sends(r.effects)).toEqual([]);
    expect(audits(r.effects)).toEqual([]);
  });
});
