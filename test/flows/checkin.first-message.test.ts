import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import { en } from '../../src/flows/messages/en.js';
import { whatsappInviteText } from '../../src/bookings/invite.js';
import { ctx, fresh, REF, texts } from './flow-helpers.js';

describe('the first message of a conversation', () => {
  it.each(['hi', 'hello', 'Good evening!', '👋'])('%j is greeted with the welcome', (first) => {
    const r = step(fresh(), { type: 'text', text: first }, ctx({ booking: undefined }));
    expect(texts(r.effects)).toEqual([en.welcome()]);
    expect(r.refMiss).toBeUndefined();
  });

  it('a ref with a typo is answered as a ref, not with the welcome', () => {
    const r = step(fresh(), { type: 'text', text: 'AB9999' }, ctx({ booking: undefined }));
    expect(texts(r.effects)).toEqual([en.refNotFound('AB9999')]);
    expect(r.refMiss).toBe(true);
  });

  it('the sentence a WhatsApp invitation link types in starts the check-in with its ref', () => {
    const r = step(fresh(), { type: 'text', text: whatsappInviteText(REF) }, ctx());
    expect(r.state).toMatchObject({ ref: REF, step: 'name' });
    expect(texts(r.effects)).toEqual([en.refAccepted()]);
  });
});
