import { describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { KEY, PIN_CODE, REF, alerts, bookingView, pendingPin, reach, readyPin, run, sends, texts } from './flow-helpers.js';

const cancelled = bookingView({ status: 'cancelled' });
const stopped = { type: 'pinFailed', ref: REF, reason: 'booking cancelled' } as const;

describe('a booking cancelled after the guest confirmed', () => {
  it('a late pinReady sends no PIN: the guest is told the booking is cancelled and staff are alerted', () => {
    const confirmed = run(reach('confirm'), ['yes'], { pin: pendingPin, bookingOwner: KEY }).state;
    const r = run(confirmed, [{ type: 'pinReady', ref: REF }], {
      pin: readyPin,
      bookingOwner: KEY,
      booking: bookingView({ status: 'cancelled' }),
    });
    expect(r.state.step).toBe('blocked');
    expect(r.state.pin.sent).toBe(false);
    expect(sends(r.effects).map((e) => e.text)).toEqual([en.bookingCancelled(REF, '+44 20 7946 0958')]);
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    expect(alerts(r.effects, 'booking_cancelled')).toHaveLength(1);
  });

  it('"pin" after the cancellation does not resend the code', () => {
    const done = run(reach('confirm'), ['yes'], { pin: readyPin, bookingOwner: KEY }).state;
    expect(done.pin.sent).toBe(true);
    const r = run(done, ['pin'], { pin: readyPin, bookingOwner: KEY, booking: bookingView({ status: 'cancelled' }) });
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    expect(r.state.step).toBe('blocked');
  });
});

describe('the PIN job stopped because the booking was cancelled (pinFailed with the booking cancelled)', () => {
  it('a guest who confirmed and waits for the PIN is told the booking is cancelled; no PIN failure for staff', () => {
    const confirmed = run(reach('confirm'), ['yes'], { pin: pendingPin, bookingOwner: KEY }).state;
    const r = run(confirmed, [stopped, stopped, { type: 'pinDeadline', ref: REF }], { bookingOwner: KEY, booking: cancelled });
    expect(texts(r.results[0]!.effects)).toEqual([en.bookingCancelled(REF, '+44 20 7946 0958')]);
    expect(r.state.step).toBe('blocked');
    expect(alerts(r.effects, 'pin_failed')).toEqual([]);
    expect(alerts(r.effects, 'pin_late')).toEqual([]);
    // Told once: neither the repeat nor the PIN deadline says anything more.
    expect(r.results[1]!.effects).toEqual([]);
    expect(r.results[2]!.effects).toEqual([]);
  });

  it('a guest who has not confirmed yet hears nothing now (the next message is answered "cancelled")', () => {
    const r = run(reach('car'), [stopped], { booking: cancelled });
    expect(r.effects).toEqual([]);
    expect(r.state.pin.failureAlerted).toBe(false);
  });
});

describe('a chat that has not proven the booking learns nothing of its cancellation', () => {
  it('a held chat that confirmed hears no "cancelled" when the PIN job stops for a cancelled booking', () => {
    const held = { ...reach('done', { ctx: { pin: pendingPin } }), identity: 'mismatch' as const, proof: undefined };
    const r = run(held, [{ type: 'pinFailed', ref: REF, reason: 'booking cancelled' }], { booking: bookingView({ status: 'cancelled' }) });
    expect(texts(r.effects)).toEqual([]);
    expect(r.state.step).toBe('done');
    expect(alerts(r.effects)).toEqual([]);
  });

  it('PIN from a finished chat whose proof was taken back (identity unknown) hears it is held, not "cancelled"', () => {
    const unproven = { ...reach('done', { ctx: { pin: pendingPin } }), identity: 'unknown' as const, proof: undefined };
    const r = run(unproven, ['pin'], { booking: bookingView({ status: 'cancelled' }) });
    expect(texts(r.effects)).toEqual([en.pinHeld()]);
    expect(r.state.step).toBe('done');
  });
});
