import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { en } from '../../src/flows/messages/en.js';
import { ANSWERS, REF, alerts, audits, bookingView, ctx, failedPin, reach, readyPin, run, texts, type CtxOverrides } from './flow-helpers.js';

/** The booking moved to Room 4 until Tue 1 Dec, and the PIN with it (new digits this time). */
const moved = bookingView({ roomName: 'Room 4', checkOutLabel: 'Tue 1 Dec 2026, 11:00' });
const MOVED_CODE = '730185';
const movedCtx: CtxOverrides = { booking: moved, pin: { status: 'ready', code: MOVED_CODE } };
const movedText = en.pin({
  code: MOVED_CODE,
  propertyName: moved.propertyName,
  roomName: moved.roomName,
  checkInLabel: moved.checkInLabel,
  checkOutLabel: moved.checkOutLabel,
  arrivalInstructions: moved.arrivalInstructions!,
});
const renewedReady: FlowEvent = { type: 'pinReady', ref: REF, renewed: true };
const renewedFailed: FlowEvent = { type: 'pinFailed', ref: REF, reason: 'lock 2004: the lock has no space left (-3009)', renewed: true };

/** Checked in, PIN received. */
const served = () => reach('done', { ctx: { pin: readyPin } });

describe('a PIN moved because the booking changed (renewed)', () => {
  it('is sent again to a guest who already had the old one, with the new room and dates', () => {
    const s = served();
    expect(s.pin.sent).toBe(true);
    const r = step(s, renewedReady, ctx(movedCtx));
    expect(texts(r.effects)).toEqual([movedText]);
    expect(r.effects[0]).toMatchObject({ secret: { redacted: expect.not.stringContaining(MOVED_CODE) } });
    expect(audits(r.effects)).toEqual(['pin_sent']);
    expect(r.state.pin).toMatchObject({ status: 'ready', sent: true });
  });

  it('a plain pinReady after it is still a no-op (told once)', () => {
    const r = run(served(), [renewedReady, { type: 'pinReady', ref: REF }], movedCtx);
    expect(texts(r.results[1]!.effects)).toEqual([]);
  });

  it('before confirm: nothing yet; the guest gets the moved PIN at confirm, once', () => {
    const r = run(reach('car'), [renewedReady, ANSWERS.car, 'yes'], movedCtx);
    expect(r.results[0]!.effects).toEqual([]);
    expect(texts(r.results[2]!.effects)).toEqual([movedText]);
  });

  it('held for staff (name mismatch): not sent', () => {
    const s = { ...served(), identity: 'mismatch' as const, approved: false };
    expect(texts(step(s, renewedReady, ctx(movedCtx)).effects)).toEqual([]);
  });

  it('a move that failed is told to a guest who had the old PIN, and staff are alerted even after an earlier failure alert', () => {
    const s = { ...served(), pin: { ...served().pin, failureAlerted: true } };
    const r = step(s, renewedFailed, ctx({ pin: failedPin }));
    expect(texts(r.effects)).toEqual([en.pinFailed(bookingView().contactPhone)]);
    const a = alerts(r.effects, 'pin_failed');
    expect(a).toHaveLength(1);
    expect(a[0]!.detail).toContain('-3009');
    // A failed move leaves the guest's code where it worked; the reason says where, so no guess is added.
    expect(a[0]!.detail).not.toContain('may no longer work');
    expect(r.state.pin).toMatchObject({ status: 'failed', sent: false, failureAlerted: true });
  });

  it('a plain pinFailed after a PIN was sent (a move that failed before it was flagged) still reaches guest and staff', () => {
    const r = step(served(), { type: 'pinFailed', ref: REF, reason: 'x' }, ctx({ pin: failedPin }));
    expect(texts(r.effects)).toEqual([en.pinFailed(bookingView().contactPhone)]);
    expect(alerts(r.effects, 'pin_failed')).toEqual([{ type: 'alertStaff', kind: 'pin_failed', ref: REF, detail: expect.stringContaining(REF) }]);
  });

  it('for another ref: ignored', () => {
    const r = step(served(), { type: 'pinReady', ref: 'ZZ9999', renewed: true }, ctx(movedCtx));
    expect(r.effects).toEqual([]);
  });
});

describe('a pinFailed event that arrives after the guest already heard', () => {
  it('at confirm (the record said failed first): no second message, no second alert', () => {
    const r = run(reach('car'), [ANSWERS.car, 'yes', { type: 'pinFailed', ref: REF, reason: 'x' }], { pin: failedPin });
    expect(texts(r.results[1]!.effects)).toEqual([en.pinFailed(bookingView().contactPhone)]);
    expect(r.results[2]!.effects).toEqual([]);
    expect(alerts(r.effects, 'pin_failed')).toHaveLength(1);
  });
});
