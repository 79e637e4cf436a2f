import { describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import type { FlowEvent } from '../../src/flows/events.js';
import {
  KEY,
  OTHER_KEY,
  PIN_CODE,
  PIN_TIMEOUT_MS,
  REF,
  alerts,
  audits,
  failedPin,
  ofType,
  pendingPin,
  reach,
  readyPin,
  run,
  sends,
} from './flow-helpers.js';

const WRONG_NAME = 'Peter Parker';
const approve: FlowEvent = { type: 'staffApproved', ref: REF, by: 'staff:@maria' };

describe('staff approval of a held PIN', () => {
  const heldAndConfirmed = () => reach('done', { answers: { name: WRONG_NAME } });

  it('after confirm: claims the booking and starts its PIN job (a held chat never had one); the PIN goes out when ready', () => {
    const s = heldAndConfirmed();
    expect(s.identity).toBe('mismatch');
    expect(s.pin.requested).toBe(false);
    const r = run(s, [approve, { type: 'pinReady', ref: REF }], (_, i) => ({ pin: i === 0 ? pendingPin : readyPin }));
    expect(r.results[0]!.claim).toBe(REF);
    expect(r.state.approved).toBe(true);
    expect(ofType(r.results[0]!.effects, 'enqueuePin')).toEqual([{ type: 'enqueuePin', ref: REF }]);
    expect(sends(r.results[0]!.effects).map((e) => e.text)).toEqual([en.pinComing()]);
    expect(r.state.pin.sent).toBe(true);
    expect(sends(r.results[1]!.effects)[0]!.text).toContain(PIN_CODE);
    expect(audits(r.effects)).toEqual(['approved', 'pin_sent']);
  });

  it('a PIN the booking already has (made for this chat before it restarted) goes out at once', () => {
    const r = run(heldAndConfirmed(), [approve], { pin: readyPin });
    expect(sends(r.effects)[0]!.text).toContain(PIN_CODE);
  });

  it('a failure on record from an earlier run is not news: the guest hears the new job is on its way', () => {
    const r = run(heldAndConfirmed(), [approve], { pin: failedPin });
    expect(sends(r.effects).map((e) => e.text)).toEqual([en.pinComing()]);
  });

  it('with the PIN still pending: tells the guest it is coming and starts the deadline', () => {
    const r = run(heldAndConfirmed(), [approve], { pin: pendingPin });
    expect(sends(r.effects).map((e) => e.text)).toEqual([en.pinComing()]);
    expect(ofType(r.effects, 'schedulePinDeadline')).toEqual([{ type: 'schedulePinDeadline', ref: REF, delayMs: PIN_TIMEOUT_MS }]);
  });

  it('the job then fails: guest and staff are told', () => {
    const r = run(heldAndConfirmed(), [approve, { type: 'pinFailed', ref: REF, reason: 'gateway offline' }], { pin: failedPin });
    expect(sends(r.results[1]!.effects).map((e) => e.text)).toEqual([en.pinFailed('+44 20 7946 0958')]);
    expect(alerts(r.effects, 'pin_failed')).toHaveLength(1);
  });

  it('before the guest confirmed: approves quietly, and the PIN goes out at confirm', () => {
    const s = reach('confirm', { answers: { name: WRONG_NAME } });
    const approved = run(s, [approve], { pin: readyPin });
    expect(sends(approved.effects)).toEqual([]);
    expect(approved.claims).toEqual([REF]);
    const confirmed = run(approved.state, ['yes'], { pin: readyPin, bookingOwner: KEY });
    expect(sends(confirmed.effects)[0]!.text).toContain(PIN_CODE);
  });

  it('is refused when another chat owns the booking: no claim, no PIN', () => {
    const r = run(heldAndConfirmed(), [approve], { pin: readyPin, bookingOwner: OTHER_KEY });
    expect(r.claims).toEqual([]);
    expect(r.state.approved).toBe(false);
    expect(sends(r.effects)).toEqual([]);
    expect(audits(r.effects)).toEqual(['approve_refused']);
  });

  it('does nothing for a chat that was never held, or for another booking', () => {
    const matched = reach('done');
    expect(run(matched, [approve], { pin: readyPin }).effects).toEqual([]);
    const other = run(heldAndConfirmed(), [{ ...approve, ref: 'ZZ9999' }], { pin: readyPin });
    expect(other.effects).toEqual([]);
  });

  it('while staff have taken the conversation over: approves but sends nothing', () => {
    const r = run({ ...heldAndConfirmed(), takenOver: true }, [approve], { pin: readyPin });
    expect(r.state.approved).toBe(true);
    expect(sends(r.effects)).toEqual([]);
  });
});
