import { describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { KEY, PIN_CODE, REF, audits, pendingPin, reach, readyPin, run, sends, texts } from './flow-helpers.js';

const takeover: FlowEvent = { type: 'staffTakeover', by: 'staff:@maria' };
const release: FlowEvent = { type: 'staffRelease', by: 'staff:@maria' };
const staffSays = (text: string): FlowEvent => ({ type: 'staffMessage', by: 'staff:@maria', text });

describe('staff takeover', () => {
  it('pauses the bot: guest messages are not answered and do not move the flow', () => {
    const taken = run(reach('phone'), [takeover]);
    expect(taken.state.takenOver).toBe(true);
    expect(audits(taken.effects)).toEqual(['taken_over']);
    const guest = run(taken.state, ['+44 7400 123456', 'help', 'restart']);
    expect(guest.effects).toEqual([]);
    expect(guest.state.step).toBe('phone');
    expect(guest.state.guest.phone).toBeUndefined();
  });

  it('relays staff words to the guest as "the team" until the chat proved the booking (the property would say where the stay is)', () => {
    const r = run(reach('email'), [staffSays('Hi Jane, I can help with that.')]);
    expect(texts(r.effects)).toEqual([en.fromStaff('Hi Jane, I can help with that.', undefined)]);
  });

  it('relays staff words to the guest as the property team, and a plain staff message takes over', () => {
    const r = run(reach('car'), [staffSays('Hi Jane, I can help with that.')]);
    expect(r.state.takenOver).toBe(true);
    expect(sends(r.effects)).toEqual([{ type: 'send', text: en.fromStaff('Hi Jane, I can help with that.', 'Harbour House'), from: 'staff' }]);
    expect(texts(r.effects)[0]).toContain('Harbour House team');
    expect(audits(r.effects)).toEqual(['taken_over', 'staff_message']);
  });

  it('works before any booking is known (attributed to "the team")', () => {
    const r = run(reach('ref'), [staffSays('Hello!')], { booking: undefined });
    expect(texts(r.effects)).toEqual([en.fromStaff('Hello!', undefined)]);
  });

  it('release hands back at the same step: the next guest message is answered there', () => {
    const s = run(reach('phone'), [takeover, '+44 7400 123456', release]).state;
    expect(s.takenOver).toBe(false);
    expect(s.step).toBe('phone');
    const next = run(s, ['+44 7400 123456']);
    expect(next.state.step).toBe('email');
    expect(texts(next.effects)).toEqual([en.askEmail()]);
  });

  it('release delivers a PIN that became ready while staff had the conversation', () => {
    const confirmed = run(reach('confirm'), ['yes'], { pin: pendingPin, bookingOwner: KEY }).state;
    const during = run(confirmed, [takeover, { type: 'pinReady', ref: REF }], { pin: readyPin, bookingOwner: KEY });
    expect(sends(during.effects)).toEqual([]);
    const back = run(during.state, [release], { pin: readyPin, bookingOwner: KEY });
    expect(texts(back.effects)[0]).toContain(PIN_CODE);
    expect(back.state.pin.sent).toBe(true);
  });

  it('release of a conversation nobody took over does nothing', () => {
    expect(run(reach('name'), [release]).effects).toEqual([]);
  });
});

describe('staff /resend', () => {
  const resend: FlowEvent = { type: 'staffResend', by: 'staff:@maria' };
  const done = () => run(reach('confirm'), ['yes'], { pin: readyPin, bookingOwner: KEY }).state;

  it('sends the same PIN again to the verified chat, even while taken over', () => {
    const r = run({ ...done(), takenOver: true }, [resend], { pin: readyPin, bookingOwner: KEY });
    expect(texts(r.effects)[0]).toContain(PIN_CODE);
    expect(audits(r.effects)).toEqual(['pin_resent']);
  });

  it.each([
    ['the chat does not own the booking', { pin: readyPin, bookingOwner: 'whatsapp:+447700900999' }],
    ['the PIN is not ready', { pin: pendingPin, bookingOwner: KEY }],
  ])('refuses when %s', (_why, overrides) => {
    const r = run(done(), [resend], overrides);
    expect(sends(r.effects)).toEqual([]);
    expect(audits(r.effects)).toEqual(['resend_refused']);
  });
});
