import { describe, expect, it } from 'vitest';
import { describeGuestEvent, withMirrors } from '../../src/conversation/mirror.js';
import type { Effect } from '../../src/flows/effects.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { newConversation, type ConversationState } from '../../src/flows/state.js';

describe('withMirrors', () => {
  it('puts the guest message first and a copy after each reply, redacting the PIN', () => {
    const effects: Effect[] = [
      { type: 'send', text: 'Your door code is 482915', secret: { redacted: 'Your door code is [door code hidden]' } },
      { type: 'audit', ref: 'AB1234', action: 'pin_sent' },
      { type: 'send', text: 'Enjoy!' },
    ];
    expect(withMirrors({ type: 'text', text: 'yes' }, effects)).toEqual([
      { type: 'mirror', from: 'guest', text: 'yes' },
      effects[0],
      { type: 'mirror', from: 'bot', text: 'Your door code is [door code hidden]' },
      effects[1],
      effects[2],
      { type: 'mirror', from: 'bot', text: 'Enjoy!' },
    ]);
    expect(JSON.stringify(withMirrors({ type: 'text', text: 'yes' }, effects).filter((e) => e.type === 'mirror'))).not.toContain('482915');
  });

  it('labels relayed staff words as staff, and adds no guest line for system events', () => {
    const out = withMirrors({ type: 'staffMessage', by: 'x', text: 'Hi' }, [{ type: 'send', text: 'Hi\n\n- Harbour House team', from: 'staff' }]);
    expect(out.filter((e) => e.type === 'mirror')).toEqual([{ type: 'mirror', from: 'staff', text: 'Hi\n\n- Harbour House team', by: 'x' }]);
  });

  it('says what a staff action did, whoever did it, and nothing when it changed nothing', () => {
    const before = newConversation('whatsapp', '+447400123456', 0);
    const taken = { ...before, takenOver: true };
    const by = 'admin-api:Maria';
    const lines = (event: FlowEvent, b: ConversationState, a: ConversationState, effects: Effect[] = []) =>
      withMirrors(event, effects, { before: b, after: a }).filter((e) => e.type === 'mirror');
    expect(lines({ type: 'staffTakeover', by }, before, taken)).toEqual([{ type: 'mirror', from: 'action', text: 'took over: the bot is paused for this guest.', by }]);
    expect(lines({ type: 'staffTakeover', by }, taken, taken)).toEqual([]);
    expect(lines({ type: 'staffRelease', by }, { ...taken, step: 'phone' }, { ...before, step: 'phone' })).toEqual([
      { type: 'mirror', from: 'action', text: 'handed the conversation back to the bot (step: phone).', by },
    ]);
    const relay: Effect = { type: 'send', text: 'Hi\n\n- The team', from: 'staff' };
    expect(lines({ type: 'staffMessage', by, text: 'Hi' }, before, taken, [relay]).map((l) => l.from)).toEqual(['action', 'staff']);
    expect(lines({ type: 'staffMessage', by, text: 'Hi' }, taken, taken, [relay]).map((l) => l.from)).toEqual(['staff']);
    const resent: Effect = { type: 'send', text: 'Your door code is 482915', secret: { redacted: 'Your door code is [door code hidden]' } };
    expect(lines({ type: 'staffResend', by }, before, before, [resent]).map((l) => l.text)).toEqual(['had the door code sent again.', 'Your door code is [door code hidden]']);
    expect(lines({ type: 'staffResend', by }, before, before)[0]?.text).toMatch(/^asked for the door code again, but it cannot be sent/);
    expect(lines({ type: 'staffApproved', ref: 'AB1234', by }, before, { ...before, approved: true })[0]?.text).toMatch(/^approved the guest's identity/);
    expect(lines({ type: 'staffApproved', ref: 'AB1234', by }, before, before, [{ type: 'audit', ref: 'AB1234', action: 'approve_refused' }])[0]?.text).toMatch(
      /already claimed by another chat/,
    );
  });

  it.each([
    [{ type: 'button', id: 'confirm' } as const, '[pressed: confirm]'],
    [{ type: 'media', kind: 'photo' } as const, '[sent a photo]'],
    [{ type: 'start', ref: 'AB1234' } as const, '/start AB1234'],
    [{ type: 'pinReady', ref: 'AB1234' } as const, undefined],
  ])('describes %j for staff', (event, text) => {
    expect(describeGuestEvent(event)).toBe(text);
  });
});
