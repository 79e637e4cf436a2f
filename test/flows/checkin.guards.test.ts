import { describe, expect, it } from 'vitest';
import { bookingRefFor, step } from '../../src/flows/checkin.js';
import type { StepContext } from '../../src/flows/context.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { en } from '../../src/flows/messages/en.js';
import type { ConversationState, Step } from '../../src/flows/state.js';
import {
  ANSWERS,
  KEY,
  KEY_ID,
  NOW,
  OTHER_KEY,
  PIN_CODE,
  PUBLIC_ID,
  REF,
  alerts,
  bookingView,
  ctx,
  deepFreeze,
  eventsTo,
  fresh,
  ofType,
  reach,
  readyPin,
  run,
  text,
  texts,
} from './flow-helpers.js';

const b = bookingView();
const found = en.refAccepted();
const KNOWN = '+447911123456';
const KNOWN_DISPLAY = '+44 7911 123456';
const FLOW_STEPS = ['ref', 'name', 'phone', 'email', 'car', 'confirm', 'done'] as const;

describe('booking references', () => {
  it.each([['AB1234'], ['ab1234'], ['Ab 12 34'], ['ab-12-34'], ['  AB-1234  '], ['ref: ab1234'], ['#AB1234'], ['ＡＢ１２３４']])(
    '%j is forgiven → the booking',
    (typed) => {
      const r = step(reach('ref'), text(typed), ctx());
      expect(r.state).toMatchObject({ step: 'name', ref: REF });
      expect(texts(r.effects)).toEqual([found]);
    },
  );

  it('an unknown ref → refNotFound naming the normalised ref, counted as a miss, still at ref', () => {
    const r = step(reach('ref'), text('zz-9999'), ctx());
    expect(r.effects).toEqual([{ type: 'send', text: en.refNotFound('ZZ9999') }]);
    expect(r.refMiss).toBe(true);
    expect(r.state.step).toBe('ref');
    expect(r.state.ref).toBeUndefined();
  });

  it('an unknown ref when the engine loaded no booking at all → refNotFound', () => {
    const r = step(reach('ref'), text('ZZ9999'), ctx({ booking: undefined }));
    expect(texts(r.effects)).toEqual([en.refNotFound('ZZ9999')]);
  });

  it('the miss that reaches the hourly limit alerts staff once and offers the team; the count comes from Redis, not the chat', () => {
    const limits = { identityTries: 3, refMissesPerHour: 5, refFailuresPerMinute: 60 };
    const at = (chatMisses: number) => step(reach('ref'), text('ZZ0005'), ctx({ booking: undefined, limits, refLookup: { chatMisses } }));
    expect(alerts(at(3).effects)).toEqual([]);
    const fifth = at(4);
    expect(alerts(fifth.effects)).toEqual([{ type: 'alertStaff', kind: 'ref_attempts', ref: undefined, detail: expect.stringContaining('ZZ0005') }]);
    expect(texts(fifth.effects)).toEqual([en.refNotFound('ZZ0005'), en.refGivingUp()]);
  });

  it('RESTART does not reset the count: a restarted chat past its limit is still not looked up', () => {
    const r = run(reach('ref'), ['restart', 'AB1234'], { refLookup: { chatMisses: 5, paused: 'chat' } });
    expect(r.state.step).toBe('ref');
    expect(r.state.ref).toBeUndefined();
    expect(texts(r.results[1]!.effects)).toEqual([en.lookupsPaused()]);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('paused look-ups answer the same for a real and a made-up ref, and learn nothing', () => {
    const paused = { refLookup: { chatMisses: 5, paused: 'chat' as const } };
    const real = step(reach('ref'), text(ANSWERS.ref), ctx({ ...paused, booking: undefined }));
    const fake = step(reach('ref'), text('ZZ0009'), ctx({ ...paused, booking: undefined }));
    expect(real.effects).toEqual(fake.effects);
    expect(real.state).toEqual(fake.state);
    expect(real.refMiss).toBeUndefined();
  });

  it('past the global rate every chat is paused, and staff hear once per minute whoever meets it first', () => {
    const r = step(reach('ref'), text('ZZ0009'), ctx({ booking: undefined, refLookup: { chatMisses: 0, paused: 'global' } }));
    expect(texts(r.effects)).toEqual([en.lookupsPaused()]);
    expect(alerts(r.effects)).toEqual([
      { type: 'alertStaff', kind: 'lookups_paused', ref: undefined, detail: expect.any(String), once: { key: 'lookups-paused-global', ttlSeconds: 60 } },
    ]);
  });

  it('malformed refs are not looked up and do not count; empty messages neither', () => {
    const r = run(reach('ref'), ['', '<b>x</b>', '   ', '😀'], { booking: undefined });
    expect(r.results.map((x) => x.refMiss ?? false)).toEqual([false, false, false, false]);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('nothing about the booking is said before proof: active, cancelled and claimed refs get the same answer', () => {
    const answers = [bookingView(), bookingView({ status: 'cancelled' })].flatMap((booking) =>
      [KEY, OTHER_KEY].map((owner) => step(reach('ref'), text(ANSWERS.ref), ctx({ booking, bookingOwner: owner }))),
    );
    for (const r of answers) {
      expect(r.state).toMatchObject({ step: 'name', ref: REF });
      expect(texts(r.effects)).toEqual([found]);
      expect(alerts(r.effects)).toEqual([]);
    }
    const said = JSON.stringify(answers.map((r) => r.effects));
    for (const secret of [b.propertyName, b.roomName, b.checkInLabel, b.checkOutLabel, b.contactPhone]) expect(said).not.toContain(secret);
  });

  it('a cancelled booking is said only once the chat proves it: blocked, booking_cancelled alert naming the ref, no PIN', () => {
    const cancelled = { booking: bookingView({ status: 'cancelled' }) };
    const r = run(reach('ref'), [ANSWERS.ref, ANSWERS.name, ANSWERS.phone, ANSWERS.email], cancelled);
    expect(r.results.slice(0, 3).map((x) => x.state.step)).toEqual(['name', 'phone', 'email']);
    expect(r.state).toMatchObject({ step: 'blocked', blockedReason: 'booking_cancelled', ref: REF });
    const last = r.results[3]!;
    expect(texts(last.effects)).toEqual([en.bookingCancelled(REF, b.contactPhone)]);
    expect(alerts(last.effects)).toEqual([{ type: 'alertStaff', kind: 'booking_cancelled', ref: REF, detail: expect.stringContaining(REF) }]);
    expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
    expect(r.claims).toEqual([]);
  });

  it('a booking cancelled after proof → blocked at the next answer', () => {
    const r = step(reach('car'), text(ANSWERS.car), ctx({ booking: bookingView({ status: 'cancelled' }) }));
    expect(r.state).toMatchObject({ step: 'blocked', blockedReason: 'booking_cancelled' });
    expect(alerts(r.effects, 'booking_cancelled')).toHaveLength(1);
  });

  it('a wrong guest is not told the booking is cancelled: held like any failed proof', () => {
    const r = run(reach('ref'), [ANSWERS.ref, 'Robert Brown', '+44 7400 999999', 'rob@example.org'], { booking: bookingView({ status: 'cancelled' }) });
    expect(r.state).toMatchObject({ step: 'car', identity: 'mismatch' });
    expect(JSON.stringify(r.effects)).not.toContain('cancelled');
  });
});

describe('a booking owned by another conversation', () => {
  const owned: Partial<StepContext> = { bookingOwner: OTHER_KEY, pin: readyPin };

  const proveWhileOwned = () => step(reach('email'), text(ANSWERS.email), ctx(owned));

  it('at the ref → the same answer as any booking (nothing is said before proof)', () => {
    const r = step(reach('ref'), text(ANSWERS.ref), ctx(owned));
    expect(r.state).toMatchObject({ step: 'name', ref: REF });
    expect(texts(r.effects)).toEqual([found]);
  });

  it('once the chat proves it → blocked, claimed_elsewhere alert naming the ref and both chats', () => {
    const r = proveWhileOwned();
    expect(r.state).toMatchObject({ step: 'blocked', blockedReason: 'claimed_elsewhere', ref: REF });
    expect(texts(r.effects)).toEqual([en.claimedElsewhere(REF, b.contactPhone)]);
    const a = alerts(r.effects);
    expect(a).toEqual([{ type: 'alertStaff', kind: 'claimed_elsewhere', ref: REF, detail: expect.stringContaining(REF) }]);
    expect(a[0]!.detail).toContain(PUBLIC_ID(OTHER_KEY));
    expect(a[0]!.detail).toContain(KEY_ID);
    expect(a[0]!.detail).not.toContain(OTHER_KEY);
    expect(r.claim).toBeUndefined();
    expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
  });

  it('then nothing moves and no PIN is ever sent, whatever the guest or the system says', () => {
    const blocked = proveWhileOwned().state;
    const events: FlowEvent[] = [
      text('yes'),
      { type: 'button', id: 'confirm' },
      text('pin'),
      { type: 'button', id: 'resend_pin' },
      text('edit'),
      text('change email'),
      text(ANSWERS.name),
      text('back'),
      { type: 'start', ref: REF },
      { type: 'pinReady', ref: REF },
      { type: 'pinDeadline', ref: REF },
    ];
    const r = run(blocked, events, owned);
    for (const x of r.results) expect(x.state.step).toBe('blocked');
    const guestReplies = r.results.slice(0, 8).map((x) => texts(x.effects));
    expect(guestReplies).toEqual(Array(8).fill([en.blocked(b.contactPhone)]));
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
    expect(ofType(r.effects, 'schedulePinDeadline')).toEqual([]);
    expect(r.claims).toEqual([]);
    expect(alerts(r.effects)).toEqual([]);
  });

  it('claimed by another chat after this one proved it → blocked at the next answer, no PIN', () => {
    const r = step(reach('car'), text(ANSWERS.car), ctx(owned));
    expect(r.state).toMatchObject({ step: 'blocked', blockedReason: 'claimed_elsewhere' });
    expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
    expect(r.claim).toBeUndefined();
  });

  it('at the summary → blocked on "yes", no PIN', () => {
    const r = step(reach('confirm'), text('yes'), ctx(owned));
    expect(r.state.step).toBe('blocked');
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
  });

  it('an approved but unclaimed chat does not get the PIN once another chat owns the booking', () => {
    const s = reach('done', { answers: { name: 'Robert Brown' }, patch: { approved: true } });
    const r = run(s, [{ type: 'pinReady', ref: REF }, 'pin'], owned);
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    expect(r.state.pin.sent).toBe(false);
    expect(r.results[0]!.effects).toEqual([]);
    expect(r.state).toMatchObject({ step: 'blocked', blockedReason: 'claimed_elsewhere' });
    expect(alerts(r.effects, 'claimed_elsewhere')).toHaveLength(1);
  });

  it('owner = this conversation → the flow continues as usual', () => {
    const r = run(reach('ref'), [ANSWERS.ref, ANSWERS.name, ANSWERS.phone, ANSWERS.email, ANSWERS.car, 'yes', 'pin'], {
      bookingOwner: KEY,
      pin: readyPin,
    });
    expect(r.results.map((x) => x.state.step)).toEqual(['name', 'phone', 'email', 'car', 'confirm', 'done', 'done']);
    expect(alerts(r.effects)).toEqual([]);
    expect(texts(r.effects).filter((t) => t.includes(PIN_CODE))).toHaveLength(2);
  });

  it('restart from blocked → the ref question, and another booking works', () => {
    const blocked = proveWhileOwned().state;
    const other = bookingView({ ref: 'CD5678' });
    const r = run(blocked, ['restart', 'CD5678'], { booking: other });
    expect(r.state).toMatchObject({ step: 'name', ref: 'CD5678' });
    expect(r.state.blockedReason).toBeUndefined();
  });
});

describe('phone', () => {
  const withKnown = () => reach('phone', { patch: { knownPhone: KNOWN } });

  it('a known number is offered with a button when the phone question is asked', () => {
    const r = step(reach('name', { patch: { knownPhone: KNOWN } }), text(ANSWERS.name), ctx());
    expect(r.effects).toEqual([
      { type: 'send', text: en.askPhone(KNOWN_DISPLAY), buttons: [{ id: 'use_known_phone', label: `Use ${KNOWN_DISPLAY}` }] },
    ]);
  });

  it.each<[string, FlowEvent]>([
    ['the use_known_phone button', { type: 'button', id: 'use_known_phone' }],
    ['typed "yes"', text('yes')],
    ['typed "Yes!"', text('Yes!')],
  ])('%s accepts the known number', (_, ev) => {
    const r = step(withKnown(), ev, ctx());
    expect(r.state).toMatchObject({ step: 'email', guest: { phone: KNOWN } });
    expect(texts(r.effects)).toEqual([en.askEmail()]);
  });

  it('"no" asks for another number (with the contact button), then a typed one is taken', () => {
    const r = run(withKnown(), ['no', ANSWERS.phone]);
    expect(r.results[0]!.effects).toEqual([{ type: 'send', text: en.askPhone(undefined), askContact: true }]);
    expect(r.results[0]!.state.step).toBe('phone');
    expect(r.state).toMatchObject({ step: 'email', guest: { phone: ANSWERS.phoneE164 } });
  });

  it('a typed number wins over the known one', () => {
    const r = step(withKnown(), text(ANSWERS.phone), ctx());
    expect(r.state.guest.phone).toBe(ANSWERS.phoneE164);
  });

  it('the use_known_phone button with no known number → the question again', () => {
    const s = reach('phone', { patch: { knownPhone: undefined } });
    const r = step(s, { type: 'button', id: 'use_known_phone' }, ctx());
    expect(r.effects).toEqual([{ type: 'send', text: en.askPhone(undefined), askContact: true }]);
    expect(r.state.step).toBe('phone');
    expect(r.state.guest.phone).toBeUndefined();
  });

  it('a shared contact at the phone step is accepted', () => {
    const r = step(reach('phone'), { type: 'contact', phone: '+44 7400 123456' }, ctx());
    expect(r.state).toMatchObject({ step: 'email', guest: { phone: ANSWERS.phoneE164 } });
    expect(texts(r.effects)).toEqual([en.askEmail()]);
  });

  it('an unreadable shared contact → phoneInvalid, still at phone', () => {
    const r = step(reach('phone'), { type: 'contact', phone: 'not a number' }, ctx());
    expect(texts(r.effects)).toEqual([en.phoneInvalid()]);
    expect(r.state.step).toBe('phone');
  });

  it.each(FLOW_STEPS.filter((s) => s !== 'phone'))('a shared contact at the %s step → remembered as verified, pleaseType and the question again', (at) => {
    const s = reach(at, { ctx: { pin: readyPin } });
    const r = step(s, { type: 'contact', phone: KNOWN }, ctx({ pin: readyPin }));
    expect(texts(r.effects)[0]).toBe(en.pleaseType());
    expect(r.effects).toHaveLength(2);
    expect(r.state).toEqual({ ...s, knownPhone: KNOWN, updatedAt: NOW });
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
  });
});

describe('media at every step', () => {
  it.each(FLOW_STEPS)('%s: pleaseType, the question again, nothing lost', (at) => {
    const s = reach(at, { patch: { knownPhone: undefined }, ctx: { pin: readyPin } });
    const prompts: Record<(typeof FLOW_STEPS)[number], string> = {
      ref: en.askRef(),
      name: en.askName(),
      phone: en.askPhone(undefined),
      email: en.askEmail(),
      car: en.askCarAgain(),
      confirm: texts(step(s, text('help'), ctx()).effects)[1] ?? '',
      done: en.done(b.roomName),
    };
    for (const kind of ['photo', 'voice', 'sticker', 'location', 'document', 'other'] as const) {
      const r = step(s, { type: 'media', kind }, ctx({ pin: readyPin }));
      expect(texts(r.effects)).toEqual([en.pleaseType(), prompts[at]]);
      expect(r.effects.filter((e) => e.type !== 'send')).toEqual([]);
      expect(r.state).toEqual({ ...s, updatedAt: NOW });
      expect(r.claim).toBeUndefined();
    }
  });

  it('blocked: pleaseType and the blocked message', () => {
    const s = step(reach('email'), text(ANSWERS.email), ctx({ bookingOwner: OTHER_KEY })).state;
    const r = step(s, { type: 'media', kind: 'photo' }, ctx({ bookingOwner: OTHER_KEY }));
    expect(texts(r.effects)).toEqual([en.pleaseType(), en.blocked(b.contactPhone)]);
  });
});

describe('start mid-flow', () => {
  it.each(['name', 'phone', 'email', 'car', 'confirm'] as const)('/start at %s re-asks the question without losing anything', (at) => {
    const s = reach(at);
    const r = step(s, { type: 'start', ref: 'CD5678' }, ctx());
    expect(r.state).toEqual({ ...s, updatedAt: NOW });
    expect(r.effects).toHaveLength(1);
  });

  it('/start on a conversation restored without greeting → welcome then the question', () => {
    const s = reach('email', { patch: { greeted: false } });
    const r = step(s, { type: 'start' }, ctx());
    expect(texts(r.effects)).toEqual([en.welcome(), en.askEmail()]);
  });
});

describe('purity', () => {
  /** Every step, every kind of event: guest answers, globals, bad input, system events. */
  const SCRIPT: FlowEvent[] = [
    ...eventsTo('confirm'),
    text('help'),
    text('edit'),
    text('email'),
    text('x'),
    text('new@example.com'),
    text('back'),
    text('change name'),
    text('Robert Brown'),
    text('yes'),
    { type: 'pinReady', ref: REF },
    { type: 'pinDeadline', ref: REF },
    { type: 'pinFailed', ref: REF, reason: 'x' },
    { type: 'deliveryFailed', reason: 'x', pin: true },
    { type: 'media', kind: 'photo' },
    { type: 'contact', phone: KNOWN },
    text('pin'),
    text('human'),
    text('change name'),
    text('Jane Smith'),
    text('pin'),
    text('restart'),
    text('ZZ0001'),
  ];

  it('step never mutates its input state, context or event (deep-frozen inputs, clone compared)', () => {
    let s: ConversationState = deepFreeze(fresh({ knownPhone: KNOWN }));
    for (const event of SCRIPT) {
      const c = deepFreeze(ctx({ pin: readyPin, bookingOwner: KEY }));
      const before = structuredClone(s);
      const e = deepFreeze(structuredClone(event));
      const r = step(s, e, c);
      expect(s).toEqual(before);
      s = deepFreeze(r.state);
    }
    expect(s.step).toBe('ref');
  });

  it('same inputs → same outputs', () => {
    const once = run(fresh(), SCRIPT, { pin: readyPin });
    const twice = run(fresh(), SCRIPT, { pin: readyPin });
    expect(twice).toEqual(once);
    expect(once.effects.length).toBeGreaterThan(SCRIPT.length);
  });

  it('the returned state is a new object; updatedAt comes from ctx.now', () => {
    const s = reach('name');
    const r = step(s, text(ANSWERS.name), ctx({ now: NOW + 5 }));
    expect(r.state).not.toBe(s);
    expect(r.state.updatedAt).toBe(NOW + 5);
    expect(r.state.createdAt).toBe(s.createdAt);
  });
});

describe('bookingRefFor', () => {
  it('state.ref wins over anything typed', () => {
    const s = reach('name');
    expect(bookingRefFor(s, text('CD5678'))).toBe(REF);
    expect(bookingRefFor(s, { type: 'pinReady', ref: 'ZZ9999' })).toBe(REF);
    expect(bookingRefFor(s, { type: 'start', ref: 'CD5678' })).toBe(REF);
  });

  it.each([
    ['ab-12 34', 'AB1234'],
    ['ref: cd5678', 'CD5678'],
    ['  xy 99 ', 'XY99'],
  ])('at the ref step, text %j → %j', (typed, ref) => {
    expect(bookingRefFor(reach('ref'), text(typed))).toBe(ref);
  });

  it('at the ref step, a deep-link start → the normalised ref; a plain start → undefined', () => {
    expect(bookingRefFor(fresh(), { type: 'start', ref: 'ab-1234' })).toBe(REF);
    expect(bookingRefFor(fresh(), { type: 'start' })).toBeUndefined();
  });

  it.each<[string, FlowEvent]>([
    ['malformed text', text('<b>x</b>')],
    ['empty text', text('')],
    ['a button', { type: 'button', id: 'confirm' }],
    ['media', { type: 'media', kind: 'photo' }],
    ['a system event', { type: 'pinReady', ref: REF }],
  ])('at the ref step, %s → undefined', (_, ev) => {
    expect(bookingRefFor(fresh(), ev)).toBeUndefined();
  });

  it.each<Step>(['name', 'phone', 'email', 'car', 'confirm', 'done'])('at the %s step without a ref, text → undefined', (at) => {
    expect(bookingRefFor(fresh({ step: at }), text('AB1234'))).toBeUndefined();
  });

  it('agrees with what step does with the same text', () => {
    const s = reach('ref');
    const ref = bookingRefFor(s, text(' ab-12-34 '));
    const r = step(s, text(' ab-12-34 '), ctx({ booking: bookingView({ ref: ref! }) }));
    expect(r.state.ref).toBe(ref);
  });
});
