import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import type { Effect } from '../../src/flows/effects.js';
import { en } from '../../src/flows/messages/en.js';
import type { ConversationState } from '../../src/flows/state.js';
import {
  ANSWERS,
  REF,
  bookingView,
  ctx,
  ofType,
  pendingPin,
  reach,
  readyPin,
  text,
} from './flow-helpers.js';

const EMPTY = '';
const WHITESPACE = ' \t\n\u00a0 ';
const HUGE = 'a'.repeat(5000);
const EMOJI = '😀🎉';
const MARKUP = '<b>x</b>';
const SQL = "'; DROP TABLE bookings;--";

const b = bookingView();
const confirmButtons = [
  { id: 'confirm', label: 'Confirm' },
  { id: 'edit', label: 'Edit' },
];
const doneButtons = [
  { id: 'resend_pin', label: 'Show my code' },
  { id: 'code_trouble', label: "The code doesn't work" },
];
const say = (t: string, extra: object = {}): Effect => ({ type: 'send', text: t, ...extra });

/** Everything a bad answer must leave alone: the step, every collected field, the ref, the PIN bookkeeping. */
function expectNothingLost(before: ConversationState, after: ConversationState): void {
  expect(after.step).toBe(before.step);
  expect(after.ref).toBe(before.ref);
  expect(after.guest).toEqual(before.guest);
  expect(after.identity).toBe(before.identity);
  expect(after.pin).toEqual(before.pin);
  expect(after.editing).toBe(before.editing);
  expect(after.confirmedAt).toBe(before.confirmedAt);
}

function expectNoPinWork(effects: Effect[], claim: string | undefined): void {
  expect(ofType(effects, 'enqueuePin')).toEqual([]);
  expect(ofType(effects, 'schedulePinDeadline')).toEqual([]);
  expect(claim).toBeUndefined();
  expect(JSON.stringify(effects)).not.toContain(readyPin.code);
}

type Case = [label: string, input: string, reply: Effect];

const generic = (empty: Effect, huge: Effect, bad: Effect): Case[] => [
  ['empty', EMPTY, empty],
  ['whitespace only', WHITESPACE, empty],
  ['5,000 characters', HUGE, huge],
  ['emoji only', EMOJI, bad],
  ['markup', MARKUP, bad],
  ['SQL-looking', SQL, bad],
];

describe('bad input at the ref step', () => {
  const state = reach('ref');
  // Only a ref that was looked up and not found counts against the chat's limit; bad input is never looked up.
  it.each<[string, string, Effect, boolean]>([
    ['empty', EMPTY, say(en.refEmpty()), false],
    ['whitespace only', WHITESPACE, say(en.refEmpty()), false],
    ['5,000 characters', HUGE, say(en.refTooLong()), false],
    ['emoji only', EMOJI, say(en.refFormat()), false],
    ['markup', MARKUP, say(en.refFormat()), false],
    ['SQL-looking', SQL, say(en.refFormat()), false],
    ['too short', 'A1', say(en.refFormat()), false],
    ['well-formed but unknown', 'ZZ 99-99', say(en.refNotFound('ZZ9999')), true],
  ])('%s → re-ask, still at ref (counted as a miss: %s)', (_, input, reply, miss) => {
    const r = step(state, text(input), ctx());
    expect(r.effects).toEqual([reply]);
    expectNothingLost(state, r.state);
    expect(r.refMiss === true).toBe(miss);
    expectNoPinWork(r.effects, r.claim);
  });
});

describe.each<[string, () => ConversationState, Case[]]>([
  [
    'name',
    () => reach('name'),
    [
      ...generic(say(en.nameEmpty()), say(en.nameTooLong()), say(en.nameInvalid())),
      ['digits', 'Jane 5mith', say(en.nameInvalid())],
      ['an email address', 'jane@example.com', say(en.nameInvalid())],
    ],
  ],
  [
    'phone',
    () => reach('phone'),
    [
      ...generic(say(en.phoneEmpty()), say(en.tooLong()), say(en.phoneInvalid())),
      ['letters', 'call me maybe', say(en.phoneInvalid())],
      ['letters after digits', '+44 7400 12345X', say(en.phoneInvalid())],
      ['too short', '+44 12', say(en.phoneInvalid())],
      ['no country code and the booking has no default country', '07400 123456', say(en.phoneNeedsCountry())],
      ['"yes" with no number known', 'yes', say(en.phoneInvalid())],
    ],
  ],
  [
    'email',
    () => reach('email'),
    [
      ...generic(say(en.emailEmpty()), say(en.tooLong()), say(en.emailInvalid())),
      ['no @', 'jane.example.com', say(en.emailInvalid())],
      ['no TLD', 'jane@example', say(en.emailInvalid())],
      ['two @', 'jane@@example.com', say(en.emailInvalid())],
      ['spaces inside', 'jane smith@example.com', say(en.emailInvalid())],
    ],
  ],
  [
    'car',
    () => reach('car'),
    [
      ...generic(say(en.askCarAgain()), say(en.tooLong()), say(en.carInvalid())),
      ['accented letters', 'ÄB12 CDE', say(en.carInvalid())],
      ['a single character', 'X', say(en.carInvalid())],
    ],
  ],
  [
    'confirm',
    () => reach('confirm'),
    [
      ...generic(say(en.confirmPrompt(), { buttons: confirmButtons }), say(en.confirmPrompt(), { buttons: confirmButtons }), say(en.confirmPrompt(), { buttons: confirmButtons })),
      ['an unrelated sentence', 'what time is breakfast', say(en.confirmPrompt(), { buttons: confirmButtons })],
      ['maybe', 'maybe', say(en.confirmPrompt(), { buttons: confirmButtons })],
    ],
  ],
  [
    'done',
    () => reach('done', { ctx: { pin: readyPin } }),
    // Messages with words in them are questions for staff after check-in (test/flows/checkin.after-checkin.test.ts).
    [
      ['empty', EMPTY, say(en.done(b.roomName), { buttons: doneButtons })],
      ['whitespace only', WHITESPACE, say(en.done(b.roomName), { buttons: doneButtons })],
      ['emoji only', EMOJI, say(en.done(b.roomName), { buttons: doneButtons })],
    ],
  ],
])('bad input at the %s step', (stepName, make, cases) => {
  const state = make();

  it('starts from the expected step', () => {
    expect(state.step).toBe(stepName);
  });

  it.each(cases)('%s → the re-ask says what was wrong; step, fields and PIN untouched', (_, input, reply) => {
    const r = step(state, text(input), ctx({ booking: bookingView(), pin: stepName === 'done' ? readyPin : pendingPin }));
    expect(r.effects).toEqual([reply]);
    expectNothingLost(state, r.state);
    expectNoPinWork(r.effects, r.claim);
  });
});

describe('bad input never loses what was collected', () => {
  it('several bad answers in a row at the email step keep ref, name and phone', () => {
    let s = reach('email');
    for (const input of [EMPTY, HUGE, EMOJI, MARKUP, SQL, 'jane.example.com']) s = step(s, text(input), ctx()).state;
    expect(s.step).toBe('email');
    expect(s.ref).toBe(REF);
    expect(s.guest).toEqual({ name: ANSWERS.name, phone: ANSWERS.phoneE164 });
    const r = step(s, text(ANSWERS.email), ctx());
    expect(r.state.step).toBe('car');
    expect(ofType(r.effects, 'enqueuePin')).toEqual([{ type: 'enqueuePin', ref: REF }]);
  });

  it('a bad answer while correcting a field from the summary keeps the edit going', () => {
    const editing = step(reach('confirm'), text('change email'), ctx()).state;
    expect(editing).toMatchObject({ step: 'email', editing: true });
    const r = step(editing, text('not-an-email'), ctx());
    expect(r.effects).toEqual([say(en.emailInvalid())]);
    expectNothingLost(editing, r.state);
  });
});

describe('step-specific good formats', () => {
  it('a national number is accepted when the booking knows its country', () => {
    const r = step(reach('phone'), text('07400 123456'), ctx({ booking: bookingView({ defaultCountry: 'GB' }) }));
    expect(r.state.step).toBe('email');
    expect(r.state.guest.phone).toBe(ANSWERS.phoneE164);
  });

  it.each([['<jane@example.com>'], ['mailto:jane@example.com'], ['  jane@EXAMPLE.com ']])('email %j is unwrapped and stored', (input) => {
    const r = step(reach('email'), text(input), ctx());
    expect(r.state.step).toBe('car');
    expect(r.state.guest.email).toBe('jane@example.com');
  });

  it.each([
    ['ab12cde', 'AB12 CDE'],
    ['W-123-XYZ', 'W-123-XYZ'],
    ['B MW 1234', 'B MW 1234'],
  ])('plate %j → %j', (input, stored) => {
    const r = step(reach('car'), text(input), ctx());
    expect(r.state.step).toBe('confirm');
    expect(r.state.guest.car).toBe(stored);
  });

  it('"yes" to "will you bring a car?" asks for the registration instead of storing YES', () => {
    const state = reach('car');
    const r = step(state, text('yes'), ctx());
    expect(r.state.step).toBe('car');
    expect(r.state.guest.car).toBeUndefined();
    expect(r.effects).toEqual([say(en.askCarAgain(), { buttons: [{ id: 'no_car', label: 'No car' }] })]);
    expectNoPinWork(r.effects, r.claim);
  });
});

describe('words that are also names of JavaScript object members', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('"%s" at the summary and after confirming is an ordinary answer', (word) => {
    for (const state of [reach('confirm'), reach('done', { ctx: { pin: readyPin } })]) {
      const r = step(state, text(word), ctx({ pin: readyPin }));
      expect(typeof r.state.step).toBe('string');
      expect(r.state.editing).toBe(false);
      for (const e of ofType(r.effects, 'send')) expect(typeof e.text).toBe('string');
    }
  });
});
