import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import type { StepContext, StepResult } from '../../src/flows/context.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { en } from '../../src/flows/messages/en.js';
import type { ConversationState } from '../../src/flows/state.js';
import {
  ANSWERS,
  KEY,
  OTHER_KEY,
  PIN_CODE,
  REF,
  alerts,
  audits,
  bookingView,
  ctx,
  fresh,
  ofType,
  pendingPin,
  reach,
  readyPin,
  text,
  texts,
} from './flow-helpers.js';

/** Booked: Bob Jones, +44 7400 123456, bob.jones@example.com. */
const BOB = bookingView({
  guestName: 'Bob Jones',
  defaultCountry: 'GB',
  identity: { policy: 'name+contact', phone: '+447400123456', email: 'bob.jones@example.com' },
});
const STRANGER = { phone: '+44 7400 654321', email: 'someone@else.example' };
const ready: FlowEvent = { type: 'pinReady', ref: REF };

/**
 * Plays events as the engine would with Redis behind it: failed identity tries are counted
 * outside the conversation (so RESTART cannot reset them) and a claim makes this chat the owner.
 */
function play(
  state: ConversationState,
  events: ReadonlyArray<FlowEvent | string>,
  over: Partial<StepContext> = {},
  counted: { tries: number } = { tries: 0 },
): { state: ConversationState; results: StepResult[]; effects: StepResult['effects']; tries: number } {
  let s = state;
  let owner: string | undefined = over.bookingOwner;
  const results: StepResult[] = [];
  for (const e of events) {
    const event = typeof e === 'string' ? text(e) : e;
    const r = step(s, event, ctx({ booking: BOB, bookingOwner: owner, ...over, identityTries: counted.tries }));
    if (r.identityCheck && !r.identityCheck.passed) counted.tries++;
    if (r.claim && owner === undefined) owner = KEY;
    results.push(r);
    s = r.state;
  }
  return { state: s, results, effects: results.flatMap((r) => r.effects), tries: counted.tries };
}

const details = (name: string, phone = STRANGER.phone, email = STRANGER.email) => [ANSWERS.ref, name, phone, email];
const start = () => reach('ref');

function expectHeld(r: { state: ConversationState; effects: StepResult['effects'] }) {
  expect(r.state.identity).toBe('mismatch');
  expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
  expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
}

describe('the attacks of issue 12, one each', () => {
  it('a name made of every letter and common surname does not prove "Bob Jones"', () => {
    const r = play(start(), details('A B C D E F G H I J K L M N O P Q R S T U V W X Y Z Smith Jones Brown Taylor Wilson Evans', '+44 7400 123456'));
    expectHeld(r);
    expect(alerts(r.effects, 'identity_mismatch')).toHaveLength(1);
  });

  it('an initial for a first name the booking does not have ("X Jones") does not prove it', () => {
    const r = play(start(), details('X Jones', '+44 7400 123456'));
    expectHeld(r);
  });

  it('EDIT NAME is not unlimited: after 3 failed tries even the right details are not accepted', () => {
    const guesses = ['Ann Jones', 'Carl Jones', 'Dave Jones'];
    const r = play(start(), [...details(guesses[0]!, '+44 7400 123456'), ANSWERS.car, ...guesses.slice(1).flatMap((g) => ['change name', g]), 'change name', 'Bob Jones', 'yes']);
    expect(r.tries).toBe(3);
    expectHeld(r);
    expect(texts(r.results.at(-1)!.effects)).toEqual([en.pinHeld()]);
    // Raised by whichever chat meets the lock; the once-key makes it one alert a day.
    const locked = alerts(r.effects, 'identity_locked');
    expect(locked.length).toBeGreaterThanOrEqual(1);
    for (const a of locked) expect(a.once).toEqual({ key: `identity-locked:${REF}`, ttlSeconds: 86400 });
    // Staff hear of the held chat once, not at every guess.
    expect(alerts(r.effects, 'identity_mismatch')).toHaveLength(1);
  });

  it('the right name with a wrong phone and a wrong email does not prove it', () => {
    const r = play(start(), details('Bob Jones'));
    expectHeld(r);
    const alert = alerts(r.effects, 'identity_mismatch')[0]!;
    expect(alert.detail).toContain('no phone number or email matches');
    // What was given against what is booked, without a whole number or address.
    for (const whole of ['7400654321', '+447400654321', STRANGER.email, '+447400123456', 'bob.jones@example.com']) expect(alert.detail).not.toContain(whole);
    expect(alert.detail).toContain('…21');
    expect(alert.detail).toContain('b…@example.com');
  });

  it('RESTART does not reset the tries: they are the booking\'s, counted outside the chat', () => {
    const counted = { tries: 0 };
    for (const g of ['Ann Jones', 'Carl Jones', 'Dave Jones']) play(start(), ['restart', ...details(g, '+44 7400 123456')], {}, counted);
    const r = play(start(), ['restart', ...details('Bob Jones', '+44 7400 123456')], {}, counted);
    expectHeld(r);
    expect(r.results.at(-1)!.identityCheck).toBeUndefined();
  });

  it('the engine\'s lock-out wins even when the step saw tries to spare (another chat used them meanwhile)', () => {
    const r = play(reach('email', { answers: { name: 'Bob Jones' } }), [ANSWERS.email], { identityLocked: true, booking: BOB });
    expectHeld(r);
    expect(r.results[0]!.claim).toBeUndefined();
  });
});

describe('what proves a booking', () => {
  it('the WhatsApp sender\'s own number, when it is the booked one, proves it with the name (typed contact details wrong)', () => {
    const s = { ...start(), knownPhone: '+447400123456' };
    const r = play(s, details('Bob Jones'));
    expect(r.state).toMatchObject({ identity: 'matched', proof: 'platform_phone' });
    expect(r.results.at(-1)!.claim).toBe(REF);
    expect(ofType(r.effects, 'enqueuePin')).toEqual([{ type: 'enqueuePin', ref: REF }]);
  });

  it('a sender number that is not the booked one proves nothing', () => {
    const r = play({ ...start(), knownPhone: '+447400654321' }, details('Bob Jones'));
    expectHeld(r);
  });

  it.each([
    ['the typed phone, any format', 'bob jones', '07400 123456', STRANGER.email, 'phone'],
    ['the email, case and spaces forgiven', 'JONES bob', STRANGER.phone, '  Bob.Jones@EXAMPLE.com ', 'email'],
  ])('%s', (_, name, phone, email, proof) => {
    const r = play(start(), details(name, phone, email));
    expect(r.state).toMatchObject({ identity: 'matched', proof });
  });

  it('the last 4 digits when that is all the booking holds', () => {
    const last4 = bookingView({ guestName: 'Bob Jones', identity: { policy: 'name+contact', phoneLast4: '3456' } });
    expect(play(start(), details('Bob Jones', '+44 7400 123456'), { booking: last4 }).state).toMatchObject({ identity: 'matched', proof: 'phone_last4' });
    expectHeld(play(start(), details('Bob Jones', '+44 7400 123457'), { booking: last4 }));
  });

  it('a booked number that is not a valid one (an extension) proves only digit for digit: held, never matched by its last 4', () => {
    const typo = bookingView({ guestName: 'Bob Jones', identity: { policy: 'name+contact', phoneDigits: '740012345612' } });
    expectHeld(play(start(), details('Bob Jones', '+44 7400 123456'), { booking: typo }));
  });

  it('a booking with no phone or email is proven by the name alone, and the staff topic says "verified by name only"', () => {
    const bare = bookingView({ guestName: 'Bob Jones', identity: { policy: 'name+contact' } });
    const r = play(start(), details('Bob Jones'), { booking: bare });
    expect(r.state).toMatchObject({ identity: 'matched', proof: 'name_only' });
    expect(ofType(r.effects, 'enqueuePin')).toHaveLength(1);
    expect(alerts(r.effects)).toEqual([]);
    expect(ofType(r.effects, 'note')).toEqual([{ type: 'note', text: expect.stringContaining('Verified by name only') }]);
  });

  it('IDENTITY_POLICY=name: the name alone', () => {
    const r = play(start(), details('Bob Jones'), { booking: { ...BOB, identity: { ...BOB.identity!, policy: 'name' } } });
    expect(r.state).toMatchObject({ identity: 'matched', proof: 'name_policy' });
  });

  it('IDENTITY_POLICY=staff: proven chats get their PIN made, but it goes out only after /approve', () => {
    const booking = { ...BOB, identity: { ...BOB.identity!, policy: 'staff' as const } };
    const r = play(start(), [...details('Bob Jones', '+44 7400 123456'), ANSWERS.car, 'yes', ready], { booking, pin: readyPin });
    expect(ofType(r.effects, 'enqueuePin')).toHaveLength(1);
    expect(alerts(r.effects, 'approval_needed')).toHaveLength(1);
    expect(texts(r.results[5]!.effects)).toEqual([en.pinHeld()]);
    expect(JSON.stringify(r.effects)).not.toContain(PIN_CODE);
    const approved = play(r.state, [{ type: 'staffApproved', ref: REF, by: 'staff:@maria' }], { booking, pin: readyPin, bookingOwner: KEY });
    expect(texts(approved.effects)[0]).toContain(PIN_CODE);
  });

  it('the details are checked once they are all in, never word by word', () => {
    const r = play(start(), [ANSWERS.ref, 'Bob Jones', '+44 7400 123456']);
    expect(r.results.every((x) => x.identityCheck === undefined)).toBe(true);
    expect(r.state.identity).toBe('unknown');
  });
});

describe('a held chat', () => {
  const held = () => play(start(), [...details('Bob Jones'), ANSWERS.car]).state;

  it('is told only that the team will check, at the car question and at confirm; no PIN job starts', () => {
    const r = play(start(), [...details('Bob Jones'), ANSWERS.car, 'yes', 'pin']);
    expect(texts(r.results[3]!.effects)[0]).toBe(en.askCar(false));
    expect(texts(r.results[5]!.effects)).toEqual([en.pinHeld()]);
    expect(texts(r.results[6]!.effects)).toEqual([en.pinHeld()]);
    expect(ofType(r.effects, 'enqueuePin')).toEqual([]);
    expect(ofType(r.effects, 'schedulePinDeadline')).toEqual([]);
  });

  it('learns nothing about the booking from the summary or anything after it: no property, room, dates or contact number', () => {
    const r = play(start(), [...details('Bob Jones'), ANSWERS.car, 'help', 'yes', 'where is the room?', 'pin', 'back', { type: 'media', kind: 'photo' }]);
    const said = texts(r.effects).join('\n');
    for (const secret of [BOB.propertyName, BOB.roomName, BOB.checkInLabel, BOB.checkOutLabel, BOB.contactPhone]) expect(said).not.toContain(secret);
    expect(said).toContain(`Booking: ${REF}`);
  });

  it('correcting the email from the summary proves it (a try), claims and starts the PIN', () => {
    const r = play(held(), ['change email', 'bob.jones@example.com']);
    expect(r.state).toMatchObject({ identity: 'matched', proof: 'email', step: 'confirm' });
    expect(r.results[1]!.claim).toBe(REF);
    expect(ofType(r.effects, 'enqueuePin')).toHaveLength(1);
  });

  it('corrected after confirming: the PIN job starts and the guest hears it is coming; the ready PIN then goes out', () => {
    const s = play(held(), ['yes']).state;
    const r = play(s, ['change email', 'bob.jones@example.com'], { pin: pendingPin });
    expect(texts(r.results[1]!.effects)).toEqual([en.updated(), en.pinComing()]);
    const later = play(r.state, [ready], { pin: readyPin, bookingOwner: KEY });
    expect(texts(later.effects)[0]).toContain(PIN_CODE);
  });

  it('sharing its own Telegram contact with the booked number proves it', () => {
    const r = play(held(), [{ type: 'contact', phone: '+44 7400 123456' }]);
    expect(r.state).toMatchObject({ identity: 'matched', proof: 'platform_phone' });
    expect(r.results[0]!.claim).toBe(REF);
  });

  it('/approve claims the booking and starts the PIN job; after confirm the guest hears it is coming, then gets it', () => {
    const s = play(held(), ['yes']).state;
    const approve: FlowEvent = { type: 'staffApproved', ref: REF, by: 'staff:@maria' };
    const r = play(s, [approve], { pin: pendingPin });
    expect(r.results[0]!.claim).toBe(REF);
    expect(ofType(r.effects, 'enqueuePin')).toEqual([{ type: 'enqueuePin', ref: REF }]);
    expect(texts(r.results[0]!.effects)).toEqual([en.pinComing()]);
    expect(audits(r.effects)).toContain('approved');
    const later = play(r.state, [ready], { pin: readyPin, bookingOwner: KEY });
    expect(texts(later.effects)[0]).toContain(PIN_CODE);
  });

  it('a chat staff took the booking from cannot prove it again', () => {
    const r = play(start(), details('Bob Jones', '+44 7400 123456'), { barred: true });
    expectHeld(r);
  });
});

describe('ownership', () => {
  it('a proven chat that lost the booking (cancelled and re-made, reassigned) is not sent its PIN', () => {
    const s = reach('done', { ctx: { pin: pendingPin } });
    const r = step(s, ready, ctx({ pin: readyPin, bookingOwner: undefined }));
    expect(r.effects).toEqual([]);
    const asked = step(s, text('pin'), ctx({ pin: readyPin, bookingOwner: undefined }));
    expect(JSON.stringify(asked.effects)).not.toContain(PIN_CODE);
  });

  it('bookingReassigned: the chat loses the booking and hears only that the team has it', () => {
    const s = reach('done', { ctx: { pin: readyPin } });
    const r = step(s, { type: 'bookingReassigned', ref: REF, by: 'staff:@maria' }, ctx({ bookingOwner: undefined }));
    expect(r.state).toMatchObject({ step: 'blocked', blockedReason: 'reassigned', identity: 'unknown', approved: false });
    expect(texts(r.effects)).toEqual([en.reassigned()]);
    const after = step(r.state, text('pin'), ctx({ pin: readyPin, bookingOwner: undefined }));
    expect(JSON.stringify(after.effects)).not.toContain(PIN_CODE);
  });

  it('bookingFreed: a chat refused the booking is checked again with what it gave, and claims it', () => {
    const blocked = step(reach('email'), text(ANSWERS.email), ctx({ bookingOwner: OTHER_KEY })).state;
    expect(blocked.blockedReason).toBe('claimed_elsewhere');
    const r = step(blocked, { type: 'bookingFreed', ref: REF, by: 'staff:@maria' }, ctx({ bookingOwner: undefined }));
    expect(r.claim).toBe(REF);
    expect(r.state).toMatchObject({ step: 'car', identity: 'matched' });
    expect(ofType(r.effects, 'enqueuePin')).toHaveLength(1);
    expect(texts(r.effects)[0]).toBe(en.bookingFreed());
  });

  it('bookingCancelled: the chat that proved it is told at once (no staff alert: staff cancelled it); an unproven chat hears nothing', () => {
    const proven = reach('done', { ctx: { pin: readyPin } });
    const cancelled = { booking: bookingView({ status: 'cancelled' }), bookingOwner: undefined };
    const r = step(proven, { type: 'bookingCancelled', ref: REF }, ctx(cancelled));
    expect(r.state).toMatchObject({ step: 'blocked', blockedReason: 'booking_cancelled' });
    expect(texts(r.effects)).toEqual([en.bookingCancelled(REF, bookingView().contactPhone)]);
    expect(alerts(r.effects)).toEqual([]);
    const unproven = reach('phone');
    expect(step(unproven, { type: 'bookingCancelled', ref: REF }, ctx(cancelled)).effects).toEqual([]);
  });

  it('staffUnlocked at the ref step tells the guest to try again', () => {
    const r = step(fresh({ greeted: true }), { type: 'staffUnlocked', by: 'staff:@maria' }, ctx());
    expect(texts(r.effects)).toEqual([en.lookupsResumed()]);
  });

  it('staffUnlocked for a held chat that confirmed: it may correct its details now; on the record', () => {
    const held = play(start(), [...details('Bob Jones'), ANSWERS.car, 'yes']).state;
    const r = step(held, { type: 'staffUnlocked', by: 'staff:@maria' }, ctx({ booking: BOB }));
    expect(texts(r.effects)).toEqual([en.detailsCheckedAgain()]);
    expect(ofType(r.effects, 'audit')).toEqual([{ type: 'audit', ref: REF, action: 'unlocked', detail: 'staff:@maria', by: 'staff:@maria' }]);
  });

  it('a reassigned chat ignores the booking\'s PIN news (it is the next guest\'s)', () => {
    const s = step(reach('done', { ctx: { pin: pendingPin } }), { type: 'bookingReassigned', ref: REF, by: 'staff:@maria' }, ctx({ bookingOwner: undefined })).state;
    for (const e of [ready, { type: 'pinFailed', ref: REF, reason: 'x' } as FlowEvent, { type: 'pinDeadline', ref: REF } as FlowEvent]) {
      expect(step(s, e, ctx({ pin: readyPin, bookingOwner: OTHER_KEY })).effects).toEqual([]);
    }
  });

  it('a first message without a digit gets the welcome whether or not it is a real ref (no oracle, no miss)', () => {
    const real = step(fresh(), text('ABCDEF'), ctx({ booking: bookingView({ ref: 'ABCDEF' }) }));
    const fake = step(fresh(), text('ABCDEG'), ctx({ booking: undefined }));
    expect(texts(real.effects)).toEqual([en.welcome()]);
    expect(real.effects).toEqual(fake.effects);
  });
});
