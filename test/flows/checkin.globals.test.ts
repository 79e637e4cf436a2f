import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import type { Effect } from '../../src/flows/effects.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { en } from '../../src/flows/messages/en.js';
import type { ConversationState, Step } from '../../src/flows/state.js';
import {
  ANSWERS,
  KEY,
  NOW,
  OTHER_KEY,
  PIN_CODE,
  REF,
  alerts,
  audits,
  bookingView,
  ctx,
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
const KNOWN = '+447911123456';
const say = (t: string, extra: object = {}): Effect => ({ type: 'send', text: t, ...extra });
const confirmButtons = [
  { id: 'confirm', label: 'Confirm' },
  { id: 'edit', label: 'Edit' },
];
const editButtons = [
  { id: 'edit_name', label: 'Name' },
  { id: 'edit_phone', label: 'Phone' },
  { id: 'edit_email', label: 'Email' },
  { id: 'edit_car', label: 'Car' },
];
const summaryOf = (s: ConversationState) =>
  en.summary({
    ref: REF,
    stay: { propertyName: b.propertyName, roomName: b.roomName, checkInLabel: b.checkInLabel, checkOutLabel: b.checkOutLabel },
    name: s.guest.name ?? '',
    phone: s.guest.phone === ANSWERS.phoneE164 ? ANSWERS.phoneDisplay : (s.guest.phone ?? ''),
    email: s.guest.email ?? '',
    car: s.guest.car ?? null,
  });

/** The question each step asks again after a global command. */
function promptFor(s: ConversationState): Effect {
  switch (s.step) {
    case 'ref':
      return say(en.askRef());
    case 'name':
      return say(en.askName());
    case 'phone':
      return say(en.askPhone(undefined), { askContact: true });
    case 'email':
      return say(en.askEmail());
    case 'car':
      return say(en.askCarAgain(), { buttons: [{ id: 'no_car', label: 'No car' }] });
    case 'confirm':
      return say(summaryOf(s), { buttons: confirmButtons });
    case 'done':
      return say(en.done(b.roomName), {
        buttons: [
          { id: 'resend_pin', label: 'Show my code' },
          { id: 'code_trouble', label: "The code doesn't work" },
        ],
      });
    case 'blocked':
      return say(en.blocked(b.contactPhone));
  }
}

function blockedState(): ConversationState {
  // Told only once the chat proved the booking: at the end of the details.
  const r = step(reach('email'), text(ANSWERS.email), ctx({ bookingOwner: OTHER_KEY }));
  expect(r.state.step).toBe('blocked');
  return r.state;
}

const FLOW_STEPS = ['ref', 'name', 'phone', 'email', 'car', 'confirm', 'done'] as const;
const ALL: Array<[Step, () => ConversationState]> = [
  ...FLOW_STEPS.map((s): [Step, () => ConversationState] => [s, () => reach(s, { patch: { knownPhone: undefined } })]),
  ['blocked', blockedState],
];

describe('help at every step', () => {
  it.each(ALL)('%s: help text (with the language button), the same question again, nothing changes', (name, make) => {
    const s = make();
    const owner = name === 'blocked' ? OTHER_KEY : undefined;
    for (const ev of [text('help'), text('HELP!'), text('/help')]) {
      const r = step(s, ev, ctx({ pin: pendingPin, bookingOwner: owner }));
      expect(r.effects).toEqual([say(en.help(), { buttons: [{ id: 'language', label: en.buttons.language }] }), promptFor(s)]);
      expect(r.state).toEqual({ ...s, updatedAt: NOW });
      expect(r.claim).toBeUndefined();
    }
  });
});

describe('restart at every step', () => {
  it.each(ALL)('%s: back to the ref question with every field cleared, knownPhone kept', (name, make) => {
    const s = { ...make(), knownPhone: KNOWN };
    const r = step(s, text('start over'), ctx({ pin: readyPin, bookingOwner: name === 'blocked' ? OTHER_KEY : undefined }));
    expect(r.state.step).toBe('ref');
    expect(r.state.ref).toBeUndefined();
    expect(r.state.guest).toEqual({});
    expect(r.state.identity).toBe('unknown');
    expect(r.state.editing).toBe(false);
    expect(r.state.confirmedAt).toBeUndefined();
    expect(r.state.blockedReason).toBeUndefined();
    expect(r.state.pin).toEqual({ requested: false, status: 'none', sent: false, delayNotified: false, failureAlerted: false, undelivered: false });
    expect(r.state.knownPhone).toBe(KNOWN);
    expect(r.state.key).toBe(KEY);
    expect(r.state.createdAt).toBe(s.createdAt);
    expect(texts(r.effects)).toEqual([en.restarted(), en.askRef()]);
    expect(ofType(r.effects, 'audit')).toEqual(s.ref ? [{ type: 'audit', ref: REF, action: 'restarted' }] : []);
    expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
    expect(r.claim).toBeUndefined();
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
  });

  it('restart after confirming: the next check-in confirms again and gets its PIN (no stale confirmedAt or ref)', () => {
    const s = reach('done', { ctx: { pin: pendingPin } });
    const r = run(s, ['restart', ANSWERS.ref, ANSWERS.name, ANSWERS.phone, ANSWERS.email, ANSWERS.car, 'yes'], { pin: readyPin });
    expect(r.results.map((x) => x.state.step)).toEqual(['ref', 'name', 'phone', 'email', 'car', 'confirm', 'done']);
    expect(texts(r.results.at(-1)!.effects)[0]).toContain(PIN_CODE);
    expect(r.state.confirmedAt).toBe(NOW);
  });

  it('after a restart the flow runs again from the ref', () => {
    const r = run(reach('car'), ['restart', ANSWERS.ref, ANSWERS.name, ANSWERS.phone, ANSWERS.email]);
    expect(r.state.step).toBe('car');
    expect(ofType(r.effects, 'enqueuePin')).toEqual([{ type: 'enqueuePin', ref: REF }]);
    expect(r.claims).toEqual([REF]);
  });
});

describe('talk to a human at every step', () => {
  it.each(ALL)('%s: one human_requested alert, the second request alerts nobody', (name, make) => {
    const s = make();
    const c = { pin: pendingPin, bookingOwner: name === 'blocked' ? OTHER_KEY : undefined };
    const r = run(s, ['human', { type: 'button', id: 'human' }, 'can I speak to a person'], c);
    const a = alerts(r.effects);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ type: 'alertStaff', kind: 'human_requested', ref: s.ref });
    expect(a[0]!.detail).toContain(name);
    expect(texts(r.effects)).toEqual([en.humanRequested(), en.humanRequested(), en.humanRequested()]);
    expect(r.state.humanRequested).toBe(true);
    expect(r.state.step).toBe(name);
    expect(r.state.guest).toEqual(s.guest);
  });
});

describe('back', () => {
  it.each<[Step, Step]>([
    ['name', 'ref'],
    ['phone', 'name'],
    ['email', 'phone'],
    ['car', 'email'],
    ['confirm', 'car'],
  ])('%s → %s, asking that question again, answers kept', (from, to) => {
    const s = reach(from as Exclude<Step, 'blocked'>);
    const r = step(s, text('back'), ctx());
    expect(r.state.step).toBe(to);
    expect(r.effects).toEqual([promptFor(r.state)]);
    expect(r.state.guest).toEqual(s.guest);
    expect(r.claim).toBeUndefined();
    if (to === 'ref') {
      expect(r.state.ref).toBeUndefined();
      expect(r.state.identity).toBe('unknown');
    } else {
      expect(r.state.ref).toBe(REF);
    }
  });

  it('at ref → cannotGoBack and the ref question', () => {
    const s = reach('ref');
    const r = step(s, text('go back'), ctx());
    expect(r.effects).toEqual([say(en.cannotGoBack()), say(en.askRef())]);
    expect(r.state.step).toBe('ref');
  });

  it('at done → the done answer, still done', () => {
    const s = reach('done');
    const r = step(s, text('back'), ctx({ pin: pendingPin }));
    expect(r.effects).toEqual([promptFor(s)]);
    expect(r.state.step).toBe('done');
  });

  it('at blocked → the blocked answer', () => {
    const s = blockedState();
    const r = step(s, text('back'), ctx({ bookingOwner: OTHER_KEY }));
    expect(r.effects).toEqual([say(en.blocked(b.contactPhone))]);
    expect(r.state.step).toBe('blocked');
  });

  it('all the way back from the summary to the ref and forward again reaches the summary with the same answers', () => {
    const s = reach('confirm');
    const r = run(s, ['back', 'back', 'back', 'back', 'back', ANSWERS.ref, ANSWERS.name, ANSWERS.phone, ANSWERS.email]);
    expect(r.results.map((x) => x.state.step)).toEqual(['car', 'email', 'phone', 'name', 'ref', 'name', 'phone', 'email', 'confirm']);
    expect(r.state.guest).toEqual(s.guest);
    expect(texts(r.results.at(-1)!.effects)).toEqual([summaryOf(s)]);
    // Leaving the ref drops the booking's PIN bookkeeping; the same ref again re-enqueues (the job id is the ref, so no second job).
    expect(ofType(r.effects, 'enqueuePin')).toEqual([{ type: 'enqueuePin', ref: REF }]);
    expect(r.claims).toEqual([REF]);
    expect(r.state.pin).toMatchObject({ requested: true, status: 'pending' });
  });

  it('back to the ref, then a different booking: the new booking gets its own PIN job and claim', () => {
    const other = bookingView({ ref: 'CD5678', guestName: 'Jane Smith' });
    const s = reach('car');
    const r = run(s, ['back', 'back', 'back', 'back'], {});
    expect(r.state.step).toBe('ref');
    const r2 = run(r.state, ['CD5678', ANSWERS.name, ANSWERS.phone, ANSWERS.email], { booking: other });
    expect(r2.state.ref).toBe('CD5678');
    expect(ofType(r2.effects, 'enqueuePin')).toEqual([{ type: 'enqueuePin', ref: 'CD5678' }]);
    expect(r2.claims).toEqual(['CD5678']);
    expect(r2.state.pin).toMatchObject({ requested: true, status: 'pending', sent: false });
  });

  it('back to the ref drops a staff approval given for the old booking', () => {
    const other = bookingView({ ref: 'CD5678', guestName: 'Somebody Else' });
    const s = reach('name', { patch: { approved: true } });
    const r = run(s, ['back', 'CD5678', ANSWERS.name, ANSWERS.phone, ANSWERS.email, ANSWERS.car, 'yes'], { booking: other, pin: readyPin });
    expect(r.state.identity).toBe('mismatch');
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    expect(texts(r.effects)).toContain(en.pinHeld());
  });
});

describe('edit', () => {
  it.each(['name', 'phone', 'email', 'car'] as const)('before the summary (%s step) → editLater and the same question', (at) => {
    const s = reach(at, { patch: { knownPhone: undefined } });
    for (const ev of [text('edit'), text('change my email'), { type: 'button', id: 'edit_name' } as FlowEvent]) {
      const r = step(s, ev, ctx());
      expect(r.effects).toEqual([say(en.editLater()), promptFor(s)]);
      expect(r.state).toEqual({ ...s, updatedAt: NOW });
    }
  });

  it('at the ref step → editLater and the ref question', () => {
    const r = step(reach('ref'), text('edit'), ctx());
    expect(r.effects).toEqual([say(en.editLater()), say(en.askRef())]);
  });

  it('"edit" at the summary asks which field, with buttons', () => {
    const s = reach('confirm');
    const r = step(s, text('edit'), ctx());
    expect(r.effects).toEqual([say(en.askWhichField(), { buttons: editButtons })]);
    expect(r.state.step).toBe('confirm');
  });

  it('"no" at the summary asks which field', () => {
    const s = reach('confirm');
    const r = step(s, text('no'), ctx());
    expect(r.effects).toEqual([say(en.askWhichField(), { buttons: editButtons })]);
    expect(r.state.step).toBe('confirm');
    expect(r.state.confirmedAt).toBeUndefined();
  });

  it('"change email" at the summary → the email question; the answer → the summary with the new value', () => {
    const s = reach('confirm');
    const r1 = step(s, text('change email'), ctx());
    expect(r1.state).toMatchObject({ step: 'email', editing: true });
    expect(r1.effects).toEqual([say(en.fieldPrompt('email'))]);
    const r2 = step(r1.state, text('new@example.org'), ctx());
    expect(r2.state).toMatchObject({ step: 'confirm', editing: false });
    expect(r2.state.guest).toEqual({ ...s.guest, email: 'new@example.org' });
    expect(r2.effects).toEqual([say(summaryOf(r2.state), { buttons: confirmButtons })]);
    expect(texts(r2.effects)[0]).toContain('Email: new@example.org');
    expect(ofType(r2.effects, 'enqueuePin')).toEqual([]);
    expect(r2.claim).toBeUndefined();
  });

  it.each<[string, FlowEvent, Step]>([
    ['bare "email"', text('email'), 'email'],
    ['bare "Name"', text('Name'), 'name'],
    ['bare "number"', text('number'), 'phone'],
    ['bare "reg"', text('reg'), 'car'],
    ['button edit_phone', { type: 'button', id: 'edit_phone' }, 'phone'],
    ['button edit_car', { type: 'button', id: 'edit_car' }, 'car'],
  ])('after "which field", %s picks the field', (_, ev, field) => {
    const s = step(reach('confirm'), text('edit'), ctx()).state;
    const r = step(s, ev, ctx());
    expect(r.state).toMatchObject({ step: field, editing: true });
    expect(r.effects).toHaveLength(1);
  });

  it('edit the phone from the summary offers the known number', () => {
    const s = reach('confirm', { patch: { knownPhone: KNOWN } });
    const r = step(s, { type: 'button', id: 'edit_phone' }, ctx());
    expect(texts(r.effects)).toEqual([en.askPhone('+44 7911 123456')]);
  });

  it('edit the car to "no car" → summary with no car', () => {
    const r = run(reach('confirm'), ['change car', 'no car']);
    expect(r.state.step).toBe('confirm');
    expect(r.state.guest.car).toBeNull();
    expect(texts(r.results[1]!.effects)[0]).toContain('Car: no car');
  });

  it('"back" while editing from the summary returns to the summary, value unchanged', () => {
    const s = reach('confirm');
    const r = run(s, ['change email', 'back']);
    expect(r.state).toMatchObject({ step: 'confirm', editing: false });
    expect(r.state.guest).toEqual(s.guest);
    expect(r.results[1]!.effects).toEqual([say(summaryOf(s), { buttons: confirmButtons })]);
  });

  describe('after confirming', () => {
    it('edit email at done → answer → done with "Updated.", no second PIN send, no second job', () => {
      const s = reach('done', { ctx: { pin: readyPin } });
      expect(s.pin.sent).toBe(true);
      const r = run(s, ['change email', 'later@example.com'], { pin: readyPin });
      expect(r.results[0]!.state).toMatchObject({ step: 'email', editing: true });
      expect(r.state).toMatchObject({ step: 'done', editing: false });
      expect(r.state.guest.email).toBe('later@example.com');
      expect(r.results[1]!.effects).toEqual([say(en.updated())]);
      expect(sends(r.effects).filter((e) => e.secret)).toEqual([]);
      expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
      expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
      expect(r.claims).toEqual([]);
      expect(r.state.confirmedAt).toBe(s.confirmedAt);
    });

    it('bare "car" at done picks the field; the answer → done "Updated."', () => {
      const s = reach('done', { ctx: { pin: readyPin } });
      const r = run(s, ['car', 'XY99 ZZZ'], { pin: readyPin });
      expect(r.state.step).toBe('done');
      expect(r.state.guest.car).toBe('XY99 ZZZ');
      expect(texts(r.effects)).toEqual([en.fieldPrompt('car'), en.updated()]);
    });

    it('"edit" at done asks which field', () => {
      const s = reach('done', { ctx: { pin: readyPin } });
      const r = step(s, text('edit'), ctx({ pin: readyPin }));
      expect(r.effects).toEqual([say(en.askWhichField(), { buttons: editButtons })]);
      expect(r.state.step).toBe('done');
    });

    it('"back" while editing after confirming returns to done, where PIN still resends', () => {
      const s = reach('done', { ctx: { pin: readyPin } });
      const r = run(s, ['change email', 'back', 'pin'], { pin: readyPin });
      expect(r.results[1]!.state).toMatchObject({ step: 'done', editing: false });
      expect(r.results[1]!.effects).toEqual([promptFor(r.results[1]!.state)]);
      expect(audits(r.results[2]!.effects)).toEqual(['pin_resent']);
      expect(texts(r.results[2]!.effects)[0]).toContain(PIN_CODE);
    });

    it('"yes" at done → alreadyConfirmed', () => {
      const s = reach('done', { ctx: { pin: readyPin } });
      const r = step(s, text('yes'), ctx({ pin: readyPin }));
      expect(r.effects).toEqual([say(en.alreadyConfirmed())]);
    });
  });
});
