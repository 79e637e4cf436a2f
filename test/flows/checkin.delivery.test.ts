import { describe, expect, it } from 'vitest';
import { step } from '../../src/flows/checkin.js';
import { REF, alerts, ctx, reach, readyPin } from './flow-helpers.js';

describe('a guest who blocked the bot', () => {
  const blocked = { type: 'deliveryFailed', reason: '403: bot was blocked by the user', pin: false, guestBlocked: true } as const;

  it('is reported to staff once, naming the booking, however many messages bounce', () => {
    const first = step(reach('done', { ctx: { pin: readyPin } }), blocked, ctx());
    expect(alerts(first.effects)).toEqual([
      { type: 'alertStaff', kind: 'guest_blocked', ref: REF, detail: expect.stringContaining('blocked the bot') },
    ]);
    expect(first.state.unreachable).toBe(true);
    const second = step(first.state, { ...blocked, pin: true }, ctx());
    expect(second.effects).toEqual([]);
    expect(second.state.pin.undelivered).toBe(true);
  });

  it('is reachable again once they write, and a later block is reported again', () => {
    const s = step(reach('done', { ctx: { pin: readyPin } }), blocked, ctx()).state;
    const back = step(s, { type: 'text', text: 'hello again' }, ctx({ pin: readyPin }));
    expect(back.state.unreachable).toBe(false);
    expect(alerts(step(back.state, blocked, ctx()).effects, 'guest_blocked')).toHaveLength(1);
  });

  it('names the undelivered PIN message so staff know to call', () => {
    const r = step(reach('done', { ctx: { pin: readyPin } }), { type: 'deliveryFailed', reason: '63016', pin: true }, ctx());
    expect(alerts(r.effects, 'delivery_failed')[0]!.detail).toContain('door code was not delivered');
  });
});
