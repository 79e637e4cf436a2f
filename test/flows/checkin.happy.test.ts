import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import { en } from '../../src/flows/messages/en.js';
import { newConversation } from '../../src/flows/state.js';
import {
  ANSWERS,
  KEY,
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
  fresh,
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
const found = en.refAccepted();
const pinDetails = {
  propertyName: b.propertyName,
  roomName: b.roomName,
  checkInLabel: b.checkInLabel,
  checkOutLabel: b.checkOutLabel,
  arrivalInstructions: b.arrivalInstructions!,
};
const summary = (over: Partial<Parameters<typeof en.summary>[0]> = {}) =>
  en.summary({
    ref: REF,
    stay: { propertyName: b.propertyName, roomName: b.roomName, checkInLabel: b.checkInLabel, checkOutLabel: b.checkOutLabel },
    name: ANSWERS.name,
    phone: ANSWERS.phoneDisplay,
    email: ANSWERS.emailStored,
    car: ANSWERS.carStored,
    ...over,
  });

describe('happy path, one step at a time', () => {
  it('a new conversation starts at the ref step, not greeted, nothing collected', () => {
    const s = newConversation('telegram', '4242', NOW);
    expect(s).toMatchObject({ key: KEY, step: 'ref', greeted: false, guest: {}, identity: 'unknown', takenOver: false });
    expect(s.pin).toEqual({ requested: false, status: 'none', sent: false, delayNotified: false, failureAlerted: false, undelivered: false });
  });

  it('start without a ref → the welcome, still at ref', () => {
    const r = step(fresh(), { type: 'start' }, ctx());
    expect(r.effects).toEqual([{ type: 'send', text: en.welcome() }]);
    expect(r.state.step).toBe('ref');
    expect(r.state.greeted).toBe(true);
    expect(r.claim).toBeUndefined();
  });

  it('start with a deep-link ref → straight to the name question', () => {
    const r = step(fresh(), { type: 'start', ref: 'ab1234' }, ctx());
    expect(r.state.step).toBe('name');
    expect(r.state.ref).toBe(REF);
    expect(r.state.greeted).toBe(true);
    expect(r.effects).toEqual([
      { type: 'audit', ref: REF, action: 'ref_accepted', detail: KEY_ID },
      { type: 'send', text: found },
    ]);
  });

  it('start with an unknown deep-link ref → refNotFound, one miss', () => {
    const r = step(fresh(), { type: 'start', ref: 'ZZ9999' }, ctx());
    expect(r.state.step).toBe('ref');
    expect(r.state.ref).toBeUndefined();
    expect(r.refMiss).toBe(true);
    expect(texts(r.effects)).toEqual([en.refNotFound('ZZ9999')]);
  });

  it('ref → name', () => {
    const r = run(fresh(), [{ type: 'start' }, ANSWERS.ref]);
    expect(r.state.step).toBe('name');
    expect(r.state.ref).toBe(REF);
    expect(r.results[1]!.effects).toEqual([
      { type: 'audit', ref: REF, action: 'ref_accepted', detail: KEY_ID },
      { type: 'send', text: found },
    ]);
  });

  it('a ref that found the booking as another of its refs (a channel\'s reference) → the booking goes by its own ref from then on', () => {
    const r = step(fresh(), text('hm-abc 12345'), ctx({ refAlias: 'HMABC12345' }));
    expect(r.state).toMatchObject({ step: 'name', ref: REF });
    expect(r.effects).toEqual([
      { type: 'audit', ref: REF, action: 'ref_accepted', detail: KEY_ID },
      { type: 'send', text: found },
    ]);
  });

  it('a booking loaded for another ref than the one typed, without the loader saying it found it by that ref → not found', () => {
    const r = step(fresh(), text('HMABC12345'), ctx({ refAlias: 'HMOTHER999' }));
    expect(r.state.ref).toBeUndefined();
    expect(r.refMiss).toBe(true);
    expect(texts(r.effects)).toEqual([en.refNotFound('HMABC12345')]);
  });

  it('name → phone (asks with the contact button when no number is known)', () => {
    const r = step(reach('name'), text(ANSWERS.name), ctx());
    expect(r.state.step).toBe('phone');
    expect(r.state.guest.name).toBe(ANSWERS.name);
    // Checked once every detail is in, never word by word (that would tell a guesser which one is wrong).
    expect(r.state.identity).toBe('unknown');
    expect(r.effects).toEqual([{ type: 'send', text: en.askPhone(undefined), askContact: true }]);
    expect(r.claim).toBeUndefined();
  });

  it('phone → email, stored as E.164', () => {
    const r = step(reach('phone'), text(ANSWERS.phone), ctx());
    expect(r.state.step).toBe('email');
    expect(r.state.guest.phone).toBe(ANSWERS.phoneE164);
    expect(r.effects).toEqual([{ type: 'send', text: en.askEmail() }]);
  });

  it('email → car: the details prove the booking (name and phone): a claim, exactly one enqueuePin, audits, the car question', () => {
    const before = reach('email');
    expect(before.pin.requested).toBe(false);
    const r = step(before, text(ANSWERS.email), ctx());
    expect(r.state.step).toBe('car');
    expect(r.state.guest.email).toBe(ANSWERS.emailStored);
    expect(r.claim).toBe(REF);
    expect(r.effects).toEqual([
      { type: 'audit', ref: REF, action: 'details_accepted', detail: KEY_ID },
      { type: 'audit', ref: REF, action: 'identity_verified', detail: `${KEY_ID}: name and phone number` },
      { type: 'enqueuePin', ref: REF },
      { type: 'send', text: en.askCar(true), buttons: [{ id: 'no_car', label: 'No car' }] },
    ]);
    expect(r.identityCheck).toEqual({ ref: REF, passed: true });
    expect(r.state).toMatchObject({ identity: 'matched', proof: 'phone' });
    expect(r.state.pin).toMatchObject({ requested: true, status: 'pending', sent: false });
    expect(alerts(r.effects)).toEqual([]);
  });

  it('no enqueuePin and no claim before the email step is answered', () => {
    const r = run(fresh(), [{ type: 'start' }, ANSWERS.ref, ANSWERS.name, ANSWERS.phone]);
    expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
    expect(r.claims).toEqual([]);
  });

  it('car plate → summary with every field', () => {
    const r = step(reach('car'), text(ANSWERS.car), ctx());
    expect(r.state.step).toBe('confirm');
    expect(r.state.guest.car).toBe(ANSWERS.carStored);
    expect(r.effects).toEqual([
      {
        type: 'send',
        text: summary(),
        buttons: [
          { id: 'confirm', label: 'Confirm' },
          { id: 'edit', label: 'Edit' },
        ],
      },
    ]);
    const shown = texts(r.effects)[0] ?? '';
    for (const v of [REF, b.propertyName, b.roomName, b.checkInLabel, b.checkOutLabel, ANSWERS.name, ANSWERS.phoneDisplay, ANSWERS.emailStored, ANSWERS.carStored]) {
      expect(shown).toContain(v);
    }
  });

  it.each([['no car'], ['NONE'], ['No.']])('car %j → car null, summary says no car', (answer) => {
    const r = step(reach('car'), text(answer), ctx());
    expect(r.state.step).toBe('confirm');
    expect(r.state.guest.car).toBeNull();
    expect(texts(r.effects)).toEqual([summary({ car: null })]);
    expect(texts(r.effects)[0]).toContain('Car: no car');
  });

  it('the no_car button → car null, summary', () => {
    const r = step(reach('car'), { type: 'button', id: 'no_car' }, ctx());
    expect(r.state.step).toBe('confirm');
    expect(r.state.guest.car).toBeNull();
    expect(texts(r.effects)).toEqual([summary({ car: null })]);
  });

  it('the whole conversation emits one enqueuePin and one claim in total', () => {
    const r = run(fresh(), [{ type: 'start' }, ANSWERS.ref, ANSWERS.name, ANSWERS.phone, ANSWERS.email, ANSWERS.car, 'yes'], { pin: readyPin });
    expect(ofType(r.effects, 'enqueuePin')).toEqual([{ type: 'enqueuePin', ref: REF }]);
    expect(r.claims).toEqual([REF]);
    expect(r.state.step).toBe('done');
    expect(audits(r.effects)).toEqual(['ref_accepted', 'details_accepted', 'identity_verified', 'confirmed', 'pin_sent']);
    expect(alerts(r.effects)).toEqual([]);
  });
});

describe('confirm', () => {
  it('(a) PIN ready → sent at once with room instructions; the redacted copy has no digits', () => {
    const r = step(reach('confirm'), text('yes'), ctx({ pin: readyPin }));
    expect(r.state.step).toBe('done');
    expect(r.state.confirmedAt).toBe(NOW);
    expect(r.state.pin).toMatchObject({ status: 'ready', sent: true });
    const pinSends = sends(r.effects);
    expect(pinSends).toHaveLength(1);
    const send = pinSends[0]!;
    expect(send.text).toBe(en.pin({ code: PIN_CODE, ...pinDetails }));
    expect(send.text).toContain(PIN_CODE);
    expect(send.text).toContain(b.arrivalInstructions);
    expect(send.secret).toEqual({ redacted: en.pin({ code: en.pinRedacted, ...pinDetails }) });
    expect(send.secret!.redacted).not.toContain(PIN_CODE);
    expect(r.effects.filter((e) => e.type !== 'send' && JSON.stringify(e).includes(PIN_CODE))).toEqual([]);
    expect(ofType(r.effects, 'audit')).toEqual([
      { type: 'audit', ref: REF, action: 'confirmed', detail: KEY_ID },
      { type: 'audit', ref: REF, action: 'pin_sent', detail: KEY_ID },
    ]);
    expect(ofType(r.effects, 'schedulePinDeadline')).toEqual([]);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('(a) the confirm button works like YES', () => {
    const r = step(reach('confirm'), { type: 'button', id: 'confirm' }, ctx({ pin: readyPin }));
    expect(r.state.step).toBe('done');
    expect(texts(r.effects)).toEqual([en.pin({ code: PIN_CODE, ...pinDetails })]);
  });

  it('(a) a property without arrival instructions gets the PIN message without them', () => {
    const noInstr = bookingView({ arrivalInstructions: undefined });
    delete noInstr.arrivalInstructions;
    const r = step(reach('confirm'), text('yes'), ctx({ pin: readyPin, booking: noInstr }));
    const { arrivalInstructions: _, ...rest } = pinDetails;
    expect(texts(r.effects)).toEqual([en.pin({ code: PIN_CODE, ...rest })]);
  });

  it('(b) PIN pending → "coming" and one schedulePinDeadline with ctx.pinTimeoutMs', () => {
    const r = step(reach('confirm'), text('yes'), ctx({ pin: pendingPin, pinTimeoutMs: 45_000 }));
    expect(r.state.step).toBe('done');
    expect(r.state.pin.sent).toBe(false);
    expect(texts(r.effects)).toEqual([en.pinComing()]);
    expect(ofType(r.effects, 'schedulePinDeadline')).toEqual([{ type: 'schedulePinDeadline', ref: REF, delayMs: 45_000 }]);
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('(b) no PIN record loaded at all is treated as pending', () => {
    const r = step(reach('confirm'), text('yes'), ctx());
    expect(texts(r.effects)).toEqual([en.pinComing()]);
    expect(ofType(r.effects, 'schedulePinDeadline')).toEqual([{ type: 'schedulePinDeadline', ref: REF, delayMs: PIN_TIMEOUT_MS }]);
  });

  it('(c) PIN failed → guest told staff are on it, one pin_failed alert naming the ref', () => {
    const r = step(reach('confirm'), text('yes'), ctx({ pin: failedPin }));
    expect(r.state.step).toBe('done');
    expect(texts(r.effects)).toEqual([en.pinFailed(b.contactPhone)]);
    const a = alerts(r.effects);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ kind: 'pin_failed', ref: REF });
    expect(a[0]!.detail).toContain(REF);
    expect(a[0]!.detail).toContain('gateway offline');
    expect(r.state.pin).toMatchObject({ status: 'failed', failureAlerted: true, sent: false });
    expect(ofType(r.effects, 'schedulePinDeadline')).toEqual([]);
  });
});

describe('first message', () => {
  it.each([['hi'], ['Hello'], ['good evening!'], ['👋']])('%j gets the welcome, not an error, and costs no ref attempt', (hello) => {
    const r = step(fresh(), text(hello), ctx());
    expect(r.effects).toEqual([{ type: 'send', text: en.welcome() }]);
    expect(r.state.step).toBe('ref');
    expect(r.refMiss).toBeUndefined();
    expect(r.state.greeted).toBe(true);
  });

  it('after the welcome, the same "hi" is treated as a (wrong) ref', () => {
    const r = run(fresh(), ['hi', 'hi']);
    expect(texts(r.results[1]!.effects)).toEqual([en.refFormat()]);
  });

  it('a known ref as the very first message goes straight to the name question', () => {
    const r = step(fresh(), text('  ab-12 34 '), ctx());
    expect(r.state.step).toBe('name');
    expect(r.state.ref).toBe(REF);
    expect(r.state.greeted).toBe(true);
    expect(texts(r.effects)).toEqual([found]);
  });

  it('"human" as the very first message reaches staff', () => {
    const r = step(fresh(), text('human'), ctx({ booking: undefined }));
    expect(alerts(r.effects, 'human_requested')).toHaveLength(1);
    expect(texts(r.effects)).toEqual([en.humanRequested()]);
    expect(r.state.humanRequested).toBe(true);
  });

  it('a first message that is media → pleaseType and the ref question', () => {
    const r = step(fresh(), { type: 'media', kind: 'sticker' }, ctx());
    expect(texts(r.effects)).toEqual([en.pleaseType(), en.askRef()]);
    expect(r.state.step).toBe('ref');
  });
});
