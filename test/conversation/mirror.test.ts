import { describe, expect, it } from 'vitest';
import { describeGuestEvent, withMirrors } from '../../src/conversation/mirror.js';
import type { Effect } from '../../src/flows/effects.js';

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
    expect(out.filter((e) => e.type === 'mirror')).toEqual([{ type: 'mirror', from: 'staff', text: 'Hi\n\n- Harbour House team' }]);
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
