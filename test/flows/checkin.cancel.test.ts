import { describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { KEY, PIN_CODE, REF, alerts, bookingView, pendingPin, reach, readyPin, run, sends } from './flow-helpers.js';

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
