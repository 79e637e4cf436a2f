import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import { DEPARTURE_NOTICE_MS } from '../../src/flows/checkin/departure.js';
import type { Effect } from '../../src/flows/effects.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { CATALOGS, type Language } from '../../src/flows/messages/index.js';
import type { ConversationState } from '../../src/flows/state.js';
import { KEY_ID, NOW, OTHER_KEY, REF, alerts, audits, bookingView, ctx, ofType, reach, readyPin, run, sends, texts, type CtxOverrides } from './flow-helpers.js';

const HOUR = 3600_000;
/** Checked in an hour ago, leaving in two days. */
const staying = bookingView({ checkInAt: NOW - HOUR, checkOutAt: NOW + 48 * HOUR });
const during: CtxOverrides = { booking: staying, pin: { ...readyPin, endsAt: NOW + 48 * HOUR } };
/** What the flow asks the job for: whole minutes, never more than the notice. */
const ENDS_AT = Math.floor((NOW + DEPARTURE_NOTICE_MS) / 60_000) * 60_000;

/** Checked in, door code received, writing in `lang`. */
function checkedIn(lang: Language = 'en', patch: Partial<ConversationState> = {}): ConversationState {
  return { ...reach('done', { ctx: { pin: readyPin } }), lang, langSource: 'chosen', ...patch };
}

const shortens = (effects: readonly Effect[]) => ofType(effects, 'shortenCode');
const notes = (effects: readonly Effect[]) => ofType(effects, 'note').map((n) => n.text);
const yes: FlowEvent = { type: 'button', id: 'left_yes' };

describe('"I\'ve left" after check-in: asked first, because it takes the guest\'s own access away', () => {
  it.each([
    ['en', "I've left"],
    ['en', 'We just checked out, thanks!'],
    ['es', 'Ya nos fuimos, ¡gracias!'],
    ['fr', "Nous sommes partis, merci pour tout"],
    ['de', 'Wir sind abgereist'],
    ['it', 'Abbiamo fatto il check-out'],
    ['pt', 'Já fomos embora'],
    ['nl', 'We zijn vertrokken'],
    ['pl', 'Wyjechaliśmy już, dziękujemy'],
  ] as const)('%s: "%s" asks "Have you left?" with yes/no buttons, in the language, and shortens nothing yet', (lang, said) => {
    const r = step(checkedIn(lang), { type: 'text', text: said }, ctx(during));
    expect(texts(r.effects)).toEqual([CATALOGS[lang].departure.confirm()]);
    expect(sends(r.effects)[0]!.buttons?.map((b) => b.id)).toEqual(['left_yes', 'left_no']);
    expect(sends(r.effects)[0]!.buttons?.map((b) => b.label)).toEqual([CATALOGS[lang].buttons.left_yes, CATALOGS[lang].buttons.left_no]);
    expect(shortens(r.effects)).toEqual([]);
    expect(r.state.departure.status).toBe('asked');
    expect(r.state.lang).toBe(lang);
  });

  it.each([
    ['the yes button', yes],
    ['a typed yes', { type: 'text', text: 'yes' } as FlowEvent],
  ])('confirmed with %s: the code is to end within 15 minutes; the guest is told it is under way, the audit says who', (_, answer) => {
    const r = run(checkedIn(), ["I've left", answer], during);
    const confirm = r.results[1]!;
    expect(shortens(confirm.effects)).toEqual([{ type: 'shortenCode', ref: REF, endsAt: ENDS_AT }]);
    expect(ENDS_AT).toBeGreaterThan(NOW + DEPARTURE_NOTICE_MS - 60_000);
    expect(ENDS_AT).toBeLessThanOrEqual(NOW + DEPARTURE_NOTICE_MS);
    expect(texts(confirm.effects)).toEqual([CATALOGS.en.departure.started()]);
    expect(ofType(confirm.effects, 'audit')).toEqual([{ type: 'audit', ref: REF, action: 'departure_requested', detail: KEY_ID }]);
    expect(r.state.departure).toEqual({ status: 'requested', endsAt: ENDS_AT });
    // The door code itself is not sent again.
    expect(confirm.effects.some((e) => e.type === 'send' && e.secret)).toBe(false);
  });

  it('a Spanish guest confirms with "sí"', () => {
    const r = run(checkedIn('es'), ['me fui', 'sí'], during);
    expect(shortens(r.results[1]!.effects)).toHaveLength(1);
    expect(texts(r.results[1]!.effects)).toEqual([CATALOGS.es.departure.started()]);
  });

  it.each([
    ['the no button', { type: 'button', id: 'left_no' } as FlowEvent],
    ['a typed no', { type: 'text', text: 'no' } as FlowEvent],
  ])('answered with %s: nothing changes, and the guest hears until when the code works', (_, answer) => {
    const r = run(checkedIn(), ["I've left", answer], during);
    expect(shortens(r.effects)).toEqual([]);
    expect(texts(r.results[1]!.effects)).toEqual([CATALOGS.en.departure.kept(staying.checkOutLabel)]);
    expect(r.state.departure.status).toBe('none');
  });

  it('another message instead of an answer: the question lapses, and a later "yes" shortens nothing', () => {
    const r = run(checkedIn(), ["I've left", 'Where do I leave the towels?', 'yes'], during);
    expect(shortens(r.effects)).toEqual([]);
    expect(r.state.departure.status).toBe('none');
    expect(texts(r.results[2]!.effects)).toEqual([CATALOGS.en.alreadyConfirmed()]);
  });

  it.each(['I left my charger in the room', 'What time is check out?', 'we are out of towels', 'left', 'no'])('"%s" is not a departure', (said) => {
    const r = step(checkedIn(), { type: 'text', text: said }, ctx(during));
    expect(r.state.departure.status).toBe('none');
    expect(texts(r.effects)).not.toContain(CATALOGS.en.departure.confirm());
    expect(shortens(r.effects)).toEqual([]);
  });

  it('before check-in: the guest hears when the stay starts; nothing is asked or shortened', () => {
    const early = bookingView({ checkInAt: NOW + 2 * HOUR, checkOutAt: NOW + 50 * HOUR });
    const r = run(checkedIn(), ["I've left", yes], { booking: early, pin: readyPin });
    expect(texts(r.effects)).toEqual([CATALOGS.en.departure.tooEarly(early.checkInLabel), CATALOGS.en.departure.tooEarly(early.checkInLabel)]);
    expect(shortens(r.effects)).toEqual([]);
    expect(r.state.departure.status).toBe('none');
  });

  it('the code ends within 15 minutes anyway (by the booking, or by the code\'s own end): nothing to change', () => {
    const leaving = bookingView({ checkInAt: NOW - 48 * HOUR, checkOutAt: NOW + 10 * 60_000 });
    const r1 = step(checkedIn(), { type: 'text', text: "I've left" }, ctx({ booking: leaving, pin: readyPin }));
    expect(texts(r1.effects)).toEqual([CATALOGS.en.departure.alreadyEnding(leaving.checkOutLabel)]);
    const r2 = step(checkedIn(), yes, ctx({ booking: staying, pin: { ...readyPin, endsAt: NOW + DEPARTURE_NOTICE_MS } }));
    expect(texts(r2.effects)).toEqual([CATALOGS.en.departure.alreadyEnding(staying.checkOutLabel)]);
    expect(shortens([...r1.effects, ...r2.effects])).toEqual([]);
  });

  it('once requested, saying it again does not ask or shorten again; once done, the guest hears the time again', () => {
    const requested = run(checkedIn(), ["I've left", yes, "we're gone", yes], during);
    expect(shortens(requested.effects)).toHaveLength(1);
    expect(texts(requested.results[2]!.effects)).toEqual([CATALOGS.en.departure.started()]);
    const done = checkedIn('en', { departure: { status: 'done', endsAt: ENDS_AT, endsAtLabel: '14:15' } });
    const r = step(done, { type: 'text', text: "I've left" }, ctx({ ...during, pin: { ...readyPin, endsAt: ENDS_AT } }));
    expect(texts(r.effects)).toEqual([CATALOGS.en.departure.done('14:15')]);
    expect(shortens(r.effects)).toEqual([]);
  });
});

describe('a chat that has not proven the booking cannot shorten anything', () => {
  it('held for identity: "I\'ve left" is heard (staff get a note), and neither the words nor the yes button shorten the code', () => {
    const held = checkedIn('en', { identity: 'mismatch', approved: false });
    const r = run(held, ["I've left", yes, 'yes'], { ...during, bookingOwner: undefined });
    expect(shortens(r.effects)).toEqual([]);
    expect(texts(r.results[0]!.effects)).toEqual([CATALOGS.en.departure.noted()]);
    expect(texts(r.results[1]!.effects)).toEqual([CATALOGS.en.departure.noted()]);
    expect(notes(r.effects)[0]).toContain('nothing was changed: this chat does not hold the booking');
    // Nothing about the booking's dates reaches it either.
    expect(texts(r.effects).join('\n')).not.toContain(staying.checkOutLabel);
  });

  it('held for identity: the "no" button does not tell it the check-out date either', () => {
    const held = checkedIn('en', { identity: 'mismatch', approved: false });
    const r = step(held, { type: 'button', id: 'left_no' }, ctx({ ...during, bookingOwner: undefined }));
    expect(texts(r.effects)).toEqual([CATALOGS.en.departure.noted()]);
  });

  it('a chat whose booking another chat holds gets no shortening (and no dates)', () => {
    const r = step(checkedIn(), yes, ctx({ ...during, bookingOwner: OTHER_KEY }));
    expect(shortens(r.effects)).toEqual([]);
    expect(texts(r.effects).join('\n')).not.toContain(staying.checkOutLabel);
  });
});

describe('DEPARTURE_MESSAGES off', () => {
  it('"I\'ve left" is still understood, and passed to staff instead of shortening', () => {
    const r = run(checkedIn('de'), ['Wir sind abgereist', yes], { ...during, departureMessages: false });
    expect(shortens(r.effects)).toEqual([]);
    expect(texts(r.effects)).toEqual([CATALOGS.de.departure.noted(), CATALOGS.de.departure.noted()]);
    expect(notes(r.effects)[0]).toContain('DEPARTURE_MESSAGES');
    expect(notes(r.effects)[0]).toContain('/checkout');
  });
});

describe('the departure job reports back', () => {
  const requested = () => checkedIn('fr', { departure: { status: 'requested', endsAt: ENDS_AT } });

  it('shortened: the guest hears when the code stops, the staff topic says so, the audit names who asked', () => {
    const r = step(requested(), { type: 'codeShortened', ref: REF, endsAt: ENDS_AT, endsAtLabel: '14:15', by: '@maria' }, ctx(during));
    expect(texts(r.effects)).toEqual([CATALOGS.fr.departure.done('14:15')]);
    expect(notes(r.effects)).toEqual([`${staying.roomName}: guest checked out; code ends 14:15.`]);
    expect(ofType(r.effects, 'audit')).toEqual([{ type: 'audit', ref: REF, action: 'checked_out', detail: 'door code ends 14:15', by: '@maria' }]);
    expect(r.state.departure).toEqual({ status: 'done', endsAt: ENDS_AT, endsAtLabel: '14:15' });
    expect(r.effects.some((e) => e.type === 'send' && e.secret)).toBe(false);
  });

  it('shortened while staff have the conversation: the bot stays silent to the guest; the note says so', () => {
    const r = step({ ...requested(), takenOver: true }, { type: 'codeShortened', ref: REF, endsAt: ENDS_AT, endsAtLabel: '14:15' }, ctx(during));
    expect(sends(r.effects)).toEqual([]);
    expect(notes(r.effects)[0]).toContain('not told');
  });

  it('failed for good: the guest hears staff were told, and staff get an alert naming the booking', () => {
    const r = step(requested(), { type: 'codeShortenFailed', ref: REF, reason: 'lock 2001: gateway offline' }, ctx(during));
    expect(texts(r.effects)).toEqual([CATALOGS.fr.departure.failed(staying.contactPhone)]);
    const a = alerts(r.effects, 'checkout_failed');
    expect(a).toHaveLength(1);
    expect(a[0]!.ref).toBe(REF);
    expect(a[0]!.detail).toContain(`Booking ${REF}`);
    expect(a[0]!.detail).toContain('gateway offline');
    expect(r.state.departure.status).toBe('failed');
  });

  it('about another booking (the chat restarted since): ignored', () => {
    const r = step(requested(), { type: 'codeShortened', ref: 'ZZ9999', endsAt: ENDS_AT, endsAtLabel: '14:15' }, ctx(during));
    expect(r.effects).toEqual([]);
  });
});

describe('staff /checkout', () => {
  const checkout: FlowEvent = { type: 'staffCheckout', by: '@maria' };

  it('for the chat holding the booking: the code is to end within 15 minutes, audited with the staff member; no question to the guest', () => {
    const r = step(checkedIn(), checkout, ctx(during));
    expect(shortens(r.effects)).toEqual([{ type: 'shortenCode', ref: REF, endsAt: ENDS_AT, by: '@maria' }]);
    expect(ofType(r.effects, 'audit')).toEqual([{ type: 'audit', ref: REF, action: 'checkout_requested', detail: 'staff /checkout', by: '@maria' }]);
    expect(sends(r.effects)).toEqual([]);
    expect(r.state.departure.status).toBe('requested');
  });

  it('works while staff have the conversation, and with DEPARTURE_MESSAGES off', () => {
    const r = step({ ...checkedIn(), takenOver: true }, checkout, ctx({ ...during, departureMessages: false }));
    expect(shortens(r.effects)).toHaveLength(1);
  });

  it.each([
    ['a chat that does not hold the booking', { ...during, bookingOwner: OTHER_KEY }, 'does not hold the booking'],
    ['before check-in', { booking: bookingView({ checkInAt: NOW + HOUR, checkOutAt: NOW + 49 * HOUR }) }, 'has not started'],
    ['a code ending within 15 minutes', { booking: bookingView({ checkInAt: NOW - HOUR, checkOutAt: NOW + 5 * 60_000 }) }, 'anyway'],
  ] as const)('refused for %s: a note says why, the refusal is audited, nothing is shortened', (_, overrides, why) => {
    const r = step(checkedIn(), checkout, ctx(overrides as CtxOverrides));
    expect(shortens(r.effects)).toEqual([]);
    expect(notes(r.effects)[0]).toContain(why);
    expect(audits(r.effects)).toEqual(['checkout_refused']);
    expect(sends(r.effects)).toEqual([]);
  });

  it('a second /checkout while the first runs is refused', () => {
    const r = run(checkedIn(), [checkout, checkout], during);
    expect(shortens(r.effects)).toHaveLength(1);
    expect(notes(r.results[1]!.effects)[0]).toContain('already checked out');
  });
});

describe('a stale "Have you left?" never takes the code away', () => {
  const MINUTE = 60_000;
  const at = (now: number): CtxOverrides => ({ ...during, now });

  it('a yes more than 10 minutes after the question (typed, the button, or an old stored question) asks again and shortens nothing', () => {
    for (const answer of [yes, { type: 'text', text: 'yes' } as FlowEvent]) {
      const asked = step(checkedIn(), { type: 'text', text: "I've left" }, ctx(during)).state;
      const late = step(asked, answer, ctx(at(NOW + 11 * MINUTE)));
      expect(shortens(late.effects)).toEqual([]);
    }
    // Stored before questions had a time: taken as stale.
    const old = step(checkedIn('en', { departure: { status: 'asked' } }), yes, ctx(during));
    expect(shortens(old.effects)).toEqual([]);
    expect(texts(old.effects)).toEqual([CATALOGS.en.departure.confirm()]);
    expect(old.state.departure).toEqual({ status: 'asked', askedAt: NOW });
  });

  it('within 10 minutes the yes still counts', () => {
    const r = run(checkedIn(), ["I've left"], during);
    expect(shortens(step(r.state, yes, ctx(at(NOW + 9 * MINUTE))).effects)).toHaveLength(1);
  });

  it('the yes button with no question asked (an old Telegram button, WhatsApp "1") asks first', () => {
    const r = step(checkedIn(), yes, ctx(during));
    expect(shortens(r.effects)).toEqual([]);
    expect(texts(r.effects)).toEqual([CATALOGS.en.departure.confirm()]);
    expect(r.state.departure.status).toBe('asked');
  });

  it.each([
    ['staff took over and released', [{ type: 'staffTakeover', by: '@maria' }, { type: 'staffRelease', by: '@maria' }]],
    ['staff wrote (and released)', [{ type: 'staffMessage', by: '@maria', text: 'Do you need anything?' }, { type: 'staffRelease', by: '@maria' }]],
    ['the check-out reminder went out', [{ type: 'checkoutReminder', ref: REF, checkOutTime: '11:00' }]],
  ] as Array<[string, FlowEvent[]]>)('the question lapses when %s: a later "yes" shortens nothing', (_, between) => {
    const r = run(checkedIn(), ["I've left", ...between, 'yes'], during);
    expect(shortens(r.effects)).toEqual([]);
  });
});

describe('a departure that no longer holds', () => {
  it('after staff extended the stay (the code ends after the departure\'s end): "I\'ve left" asks again, /checkout works again', () => {
    const done = checkedIn('en', { departure: { status: 'done', endsAt: ENDS_AT, endsAtLabel: '14:15' } });
    const extended: CtxOverrides = { ...during, pin: { ...readyPin, endsAt: NOW + 72 * HOUR } };
    const r = step(done, { type: 'text', text: "I've left" }, ctx(extended));
    expect(texts(r.effects)).toEqual([CATALOGS.en.departure.confirm()]);
    const c = step(done, { type: 'staffCheckout', by: '@maria' }, ctx(extended));
    expect(shortens(c.effects)).toHaveLength(1);
  });
});

describe('the result of a staff /checkout reaches a WhatsApp guest only as a message they did not ask for', () => {
  it('staff /checkout: sent as proactive (no template: WhatsApp sends it only within its 24-hour window); the guest\'s own: a plain reply', () => {
    const requested = checkedIn('en', { departure: { status: 'requested', endsAt: ENDS_AT } });
    const byStaff = step(requested, { type: 'codeShortened', ref: REF, endsAt: ENDS_AT, endsAtLabel: '14:15', by: '@maria' }, ctx(during));
    expect(sends(byStaff.effects)[0]).toMatchObject({ text: CATALOGS.en.departure.done('14:15'), proactive: {} });
    const failed = step(requested, { type: 'codeShortenFailed', ref: REF, reason: 'offline', by: '@maria' }, ctx(during));
    expect(sends(failed.effects)[0]!.proactive).toEqual({});
    const byGuest = step(requested, { type: 'codeShortened', ref: REF, endsAt: ENDS_AT, endsAtLabel: '14:15' }, ctx(during));
    expect(sends(byGuest.effects)[0]!.proactive).toBeUndefined();
  });
});

describe('held for staff approval while holding the booking', () => {
  it('a chat that owns the booking but waits for approval (IDENTITY_POLICY=staff) cannot shorten the code', () => {
    const held = checkedIn('en', { identity: 'matched', approvalRequired: true, approved: false });
    const r = run(held, ["I've left", yes, 'yes'], during);
    expect(shortens(r.effects)).toEqual([]);
    expect(texts(r.results[0]!.effects)).toEqual([CATALOGS.en.departure.noted()]);
    expect(notes(r.effects)[0]).toContain('held for identity');
    expect(texts(r.effects).join('\n')).not.toContain(staying.checkOutLabel);
  });
});
