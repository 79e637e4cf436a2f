import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { en } from '../../src/flows/messages/en.js';
import type { ConversationState } from '../../src/flows/state.js';
import {
  ANSWERS,
  KEY_ID,
  NOW,
  PIN_CODE,
  PIN_TIMEOUT_MS,
  REF,
  alerts,
  audits,
  bookingView,
  ctx,
  failedPin,
  ofType,
  pendingPin,
  reach,
  readyPin,
  run,
  sends,
  text,
  texts,
} from './flow-helpers.js';

const b = bookingView();
const pinText = en.pin({
  code: PIN_CODE,
  propertyName: b.propertyName,
  roomName: b.roomName,
  checkInLabel: b.checkInLabel,
  checkOutLabel: b.checkOutLabel,
  arrivalInstructions: b.arrivalInstructions!,
});
const ready: FlowEvent = { type: 'pinReady', ref: REF };
const failed: FlowEvent = { type: 'pinFailed', ref: REF, reason: 'lock 7 rejected the code' };
const deadline: FlowEvent = { type: 'pinDeadline', ref: REF };
const unchanged = (before: ConversationState, after: ConversationState) => expect(after).toEqual({ ...before, updatedAt: NOW });

/** Confirmed while the PIN job was still running. */
const waiting = () => reach('done', { ctx: { pin: pendingPin } });

describe('pinReady', () => {
  it('before confirm: nothing is sent, the status becomes ready', () => {
    const s = reach('car');
    const r = step(s, ready, ctx({ pin: readyPin }));
    expect(r.effects).toEqual([]);
    expect(r.state.pin).toEqual({ ...s.pin, status: 'ready' });
    expect(r.state.step).toBe('car');
  });

  it('before confirm, then confirm: the PIN is sent once, at confirm', () => {
    const r = run(reach('car'), [ready, ANSWERS.car, 'yes', ready], { pin: readyPin });
    expect(sends(r.effects).filter((e) => e.secret)).toHaveLength(1);
    expect(texts(r.results[2]!.effects)).toEqual([pinText]);
    expect(r.results[3]!.effects).toEqual([]);
  });

  it('after confirm: the PIN is pushed at once; a second pinReady sends nothing', () => {
    const s = waiting();
    expect(s.pin).toMatchObject({ status: 'pending', sent: false });
    const r = run(s, [ready, ready], { pin: readyPin });
    expect(r.results[0]!.effects).toEqual([
      { type: 'send', text: pinText, secret: { redacted: expect.not.stringContaining(PIN_CODE) }, buttons: [{ id: 'code_trouble', label: "The code doesn't work" }] },
      { type: 'audit', ref: REF, action: 'pin_sent', detail: KEY_ID },
    ]);
    expect(r.results[1]!.effects).toEqual([]);
    expect(r.state.pin).toMatchObject({ status: 'ready', sent: true });
    expect(r.state.step).toBe('done');
  });

  it('for another ref: ignored', () => {
    const s = waiting();
    const r = step(s, { type: 'pinReady', ref: 'ZZ9999' }, ctx({ pin: readyPin }));
    expect(r.effects).toEqual([]);
    unchanged(s, r.state);
  });

  it('while the PIN record is not (yet) ready in the context: nothing sent, nothing lost', () => {
    const s = waiting();
    const r = step(s, ready, ctx({ pin: pendingPin }));
    expect(r.effects).toEqual([]);
    expect(r.state.pin.sent).toBe(false);
    const later = step(r.state, text('pin'), ctx({ pin: readyPin }));
    expect(texts(later.effects)).toEqual([pinText]);
    expect(audits(later.effects)).toEqual(['pin_sent']);
  });
});

describe('pinFailed', () => {
  it('before confirm: staff are alerted once; the guest hears at confirm without a second alert', () => {
    const r = run(reach('car'), [failed, failed, ANSWERS.car, 'yes'], { pin: failedPin });
    const a = alerts(r.effects);
    expect(a).toEqual([{ type: 'alertStaff', kind: 'pin_failed', ref: REF, detail: expect.stringContaining(REF) }]);
    expect(a[0]!.detail).toContain('lock 7 rejected the code');
    expect(r.results[0]!.effects).toEqual(a);
    expect(texts(r.results[0]!.effects)).toEqual([]);
    expect(r.results[1]!.effects).toEqual([]);
    expect(texts(r.results[3]!.effects)).toEqual([en.pinFailed(b.contactPhone)]);
    expect(r.state.pin).toMatchObject({ status: 'failed', failureAlerted: true, sent: false });
    expect(ofType(r.effects, 'schedulePinDeadline')).toEqual([]);
  });

  it('after confirm: the guest is told and staff alerted (naming the ref)', () => {
    const r = step(waiting(), failed, ctx({ pin: failedPin }));
    expect(texts(r.effects)).toEqual([en.pinFailed(b.contactPhone)]);
    expect(alerts(r.effects)).toEqual([{ type: 'alertStaff', kind: 'pin_failed', ref: REF, detail: expect.stringContaining(REF) }]);
    expect(r.state.pin).toMatchObject({ status: 'failed', failureAlerted: true });
  });

  it('after the PIN was sent: its codes came off the locks, so the guest is told and staff alerted (naming the ref), once', () => {
    const s = reach('done', { ctx: { pin: readyPin } });
    const r = run(s, [failed, failed], { pin: failedPin });
    expect(texts(r.results[0]!.effects)).toEqual([en.pinFailed(b.contactPhone)]);
    const a = alerts(r.results[0]!.effects, 'pin_failed');
    expect(a).toEqual([{ type: 'alertStaff', kind: 'pin_failed', ref: REF, detail: expect.stringContaining(REF) }]);
    expect(a[0]!.detail).toContain('already received a door code');
    expect(r.results[1]!.effects).toEqual([]);
    expect(r.state.pin).toMatchObject({ status: 'failed', sent: false, failureAlerted: true });
  });

  it('after the PIN was sent, while staff have the chat: staff are still alerted', () => {
    const s = { ...reach('done', { ctx: { pin: readyPin } }), takenOver: true };
    const r = step(s, failed, ctx({ pin: failedPin }));
    expect(texts(r.effects)).toEqual([]);
    expect(alerts(r.effects, 'pin_failed')).toEqual([{ type: 'alertStaff', kind: 'pin_failed', ref: REF, detail: expect.stringContaining(REF) }]);
  });

  it('for another ref: ignored', () => {
    const s = waiting();
    const r = step(s, { type: 'pinFailed', ref: 'ZZ9999', reason: 'x' }, ctx());
    expect(r.effects).toEqual([]);
    unchanged(s, r.state);
  });

  it('then a deadline: no "late" message on top of the failure', () => {
    const r = run(waiting(), [failed, deadline], { pin: failedPin });
    expect(r.results[1]!.effects).toEqual([]);
  });
});

describe('pinDeadline', () => {
  it('after confirm with the PIN pending: guest told it is late, one pin_late alert naming the ref', () => {
    const r = step(waiting(), deadline, ctx({ pin: pendingPin }));
    expect(texts(r.effects)).toEqual([en.pinDelayed(b.contactPhone)]);
    const a = alerts(r.effects);
    expect(a).toEqual([{ type: 'alertStaff', kind: 'pin_late', ref: REF, detail: expect.stringContaining(REF) }]);
    expect(a[0]!.detail).toContain(`${PIN_TIMEOUT_MS / 1000} s`);
    expect(r.state.pin.delayNotified).toBe(true);
  });

  it('a second deadline: nothing', () => {
    const r = run(waiting(), [deadline, deadline], { pin: pendingPin });
    expect(r.results[1]!.effects).toEqual([]);
    expect(alerts(r.effects, 'pin_late')).toHaveLength(1);
  });

  it('when the PIN was already sent: nothing', () => {
    const s = reach('done', { ctx: { pin: readyPin } });
    const r = step(s, deadline, ctx({ pin: readyPin }));
    expect(r.effects).toEqual([]);
  });

  it('when the PIN is ready but its news never reached the chat: sent now, once (the event, if it comes, sends nothing more)', () => {
    const r = run(waiting(), [deadline, ready], { pin: readyPin });
    expect(texts(r.results[0]!.effects)).toEqual([pinText]);
    expect(r.results[1]!.effects).toEqual([]);
    expect(r.state.pin).toMatchObject({ sent: true, delayNotified: false });
    expect(alerts(r.effects)).toEqual([]);
  });

  it('pinReady after the delay message still sends the PIN', () => {
    const r = run(waiting(), [deadline, ready], (_, i) => ({ pin: i === 0 ? pendingPin : readyPin }));
    expect(texts(r.results[1]!.effects)).toEqual([pinText]);
    expect(r.state.pin).toMatchObject({ sent: true, delayNotified: true });
  });

  it('for another ref: ignored', () => {
    const r = step(waiting(), { type: 'pinDeadline', ref: 'ZZ9999' }, ctx({ pin: pendingPin }));
    expect(r.effects).toEqual([]);
  });
});

describe('deliveryFailed', () => {
  it('alerts staff with the ref', () => {
    const s = waiting();
    const r = step(s, { type: 'deliveryFailed', reason: '63016 outside the 24 h window', pin: false }, ctx());
    expect(r.effects).toEqual([
      { type: 'alertStaff', kind: 'delivery_failed', ref: REF, detail: expect.stringContaining('63016 outside the 24 h window') },
    ]);
    expect(r.state.pin.undelivered).toBe(false);
    expect(r.state.step).toBe('done');
  });

  it('of the PIN message: marks it undelivered', () => {
    const r = step(reach('done', { ctx: { pin: readyPin } }), { type: 'deliveryFailed', reason: 'blocked', pin: true }, ctx());
    expect(alerts(r.effects, 'delivery_failed')).toHaveLength(1);
    expect(r.state.pin.undelivered).toBe(true);
  });

  it('before any ref: alerts with ref undefined', () => {
    const r = step(reach('ref'), { type: 'deliveryFailed', reason: 'x', pin: false }, ctx());
    expect(r.effects).toEqual([{ type: 'alertStaff', kind: 'delivery_failed', ref: undefined, detail: expect.any(String) }]);
  });
});

describe('done', () => {
  const sent = () => reach('done', { ctx: { pin: readyPin } });

  it.each<[string, FlowEvent]>([
    ['"pin"', text('pin')],
    ['"resend"', text('RESEND')],
    ['"what is my code?"', text('what is my code?')],
    ['the resend_pin button', { type: 'button', id: 'resend_pin' }],
  ])('%s → the same PIN again, audited as pin_resent', (_, ev) => {
    const s = sent();
    const r = step(s, ev, ctx({ pin: readyPin }));
    expect(r.effects).toEqual([
      { type: 'send', text: pinText, secret: { redacted: expect.not.stringContaining(PIN_CODE) }, buttons: [{ id: 'code_trouble', label: "The code doesn't work" }] },
      { type: 'audit', ref: REF, action: 'pin_resent', detail: KEY_ID },
    ]);
    expect(r.state.step).toBe('done');
  });

  it('resend while the PIN is still pending → pinNotYet', () => {
    const r = step(waiting(), text('pin'), ctx({ pin: pendingPin }));
    expect(texts(r.effects)).toEqual([en.pinNotYet()]);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('resend after the job failed → pinFailed message, no new alert', () => {
    const r = step(waiting(), text('pin'), ctx({ pin: failedPin }));
    expect(texts(r.effects)).toEqual([en.pinFailed(b.contactPhone)]);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('nothing to read (emoji only) → the done help, never a dead end', () => {
    const r = step(sent(), text('🙂'), ctx({ pin: readyPin }));
    expect(r.effects).toEqual([
      {
        type: 'send',
        text: en.done(b.roomName),
        buttons: [
          { id: 'resend_pin', label: 'Show my code' },
          { id: 'code_trouble', label: "The code doesn't work" },
        ],
      },
    ]);
  });

  it('"pin" before done is not a resend (no PIN before confirm)', () => {
    const s = reach('confirm');
    const r = step(s, text('pin'), ctx({ pin: readyPin }));
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    expect(r.state.step).toBe('confirm');
  });
});

describe('taken over by staff', () => {
  const STEPS = ['ref', 'name', 'phone', 'email', 'car', 'confirm', 'done'] as const;
  const GUEST: FlowEvent[] = [
    text('hello?'),
    text('yes'),
    text('help'),
    text('human'),
    text('restart'),
    text('back'),
    text('pin'),
    text(ANSWERS.ref),
    text(ANSWERS.name),
    text(ANSWERS.phone),
    text(ANSWERS.email),
    { type: 'start', ref: REF },
    { type: 'button', id: 'confirm' },
    { type: 'media', kind: 'photo' },
    { type: 'contact', phone: '+447400123456' },
  ];

  it.each(STEPS)('%s: guest messages get no bot reply and do not move the flow', (at) => {
    const s = reach(at, { patch: { takenOver: true } });
    for (const ev of GUEST) {
      const r = step(s, ev, ctx({ pin: readyPin }));
      expect(r.effects).toEqual([]);
      expect(r.claim).toBeUndefined();
      unchanged(s, r.state);
    }
  });

  it('a first message while taken over: no welcome either', () => {
    const s = reach('ref', { patch: { takenOver: true, greeted: false } });
    expect(step(s, text('hi'), ctx()).effects).toEqual([]);
  });

  it('pinReady after confirm: status ready, nothing sent', () => {
    const s = { ...waiting(), takenOver: true };
    const r = step(s, ready, ctx({ pin: readyPin }));
    expect(r.effects).toEqual([]);
    expect(r.state.pin).toMatchObject({ status: 'ready', sent: false });
  });

  it('pinFailed after confirm: staff alerted, guest not', () => {
    const s = { ...waiting(), takenOver: true };
    const r = step(s, failed, ctx({ pin: failedPin }));
    expect(sends(r.effects)).toEqual([]);
    expect(alerts(r.effects, 'pin_failed')).toHaveLength(1);
    expect(r.state.pin).toMatchObject({ status: 'failed', failureAlerted: true });
  });

  it('pinDeadline: staff alerted, guest not', () => {
    const s = { ...waiting(), takenOver: true };
    const r = step(s, deadline, ctx({ pin: pendingPin }));
    expect(sends(r.effects)).toEqual([]);
    expect(alerts(r.effects, 'pin_late')).toHaveLength(1);
  });

  it('deliveryFailed: staff alerted', () => {
    const s = { ...waiting(), takenOver: true };
    const r = step(s, { type: 'deliveryFailed', reason: 'x', pin: false }, ctx());
    expect(sends(r.effects)).toEqual([]);
    expect(alerts(r.effects, 'delivery_failed')).toHaveLength(1);
  });
});
