import { describe, expect, it } from 'vitest';
import { conversationTitle, renderPost } from '../../../src/bot/staff/render-post.js';
import type { StaffItem } from '../../../src/bot/staff/staff-items.js';

const at = 0;
const bolds = (post: { text: string; entities: Array<{ offset: number; length: number }> }) => post.entities.map((e) => post.text.slice(e.offset, e.offset + e.length));

describe('staff posts', () => {
  it('labels every line by who said it, in order, with bold labels at the right offsets', () => {
    const items: StaffItem[] = [
      { kind: 'line', from: 'guest', text: 'hi 👋', at },
      { kind: 'line', from: 'bot', text: "What's your booking reference?", at },
      { kind: 'line', from: 'staff', text: 'Hello!\n\n- Harbour House team', by: 'admin-api:Maria', at },
      { kind: 'line', from: 'action', text: 'took over: the bot is paused for this guest.', by: 'staff-group:@sam (7)', at },
      { kind: 'alert', alert: 'identity_mismatch', ref: 'AB1234', detail: 'Guest gave the name "P. Parker".', at },
      { kind: 'line', from: 'note', text: 'Verified by name only.', at },
      { kind: 'reply', text: 'Nothing to approve.', at },
    ];
    const { post, count } = renderPost(items);
    expect(count).toBe(7);
    expect(post.text).toBe(
      [
        '👤 Guest: hi 👋',
        "🤖 Bot: What's your booking reference?",
        '🧑‍💼 Maria (admin API) → guest: Hello!\n\n- Harbour House team',
        '🧑‍💼 @sam took over: the bot is paused for this guest.',
        '🚨 Identity not proven: door code held · booking AB1234\nGuest gave the name "P. Parker".\nNo door code is made. Check who they are against the booking (its phone and email are in your booking system, or GET /admin/bookings/<ref>), then /approve; /status shows the booking.',
        'ℹ️ Note: Verified by name only.',
        'ℹ️ Nothing to approve.',
      ].join('\n'),
    );
    expect(bolds(post)).toEqual(['Guest:', 'Bot:', 'Maria (admin API) → guest:', '@sam', 'Identity not proven: door code held · booking AB1234', 'Note:']);
  });

  it('an alert about a lock names no booking', () => {
    const { post } = renderPost([{ kind: 'alert', alert: 'lock_attention', detail: 'Lock 2001 (Harbour House, Room 1):\n- clock is 5 min slow', at }]);
    expect(post.text.split('\n').slice(0, 3)).toEqual(['🚨 Lock needs attention', 'Lock 2001 (Harbour House, Room 1):', '- clock is 5 min slow']);
    expect(bolds(post)).toEqual(['Lock needs attention']);
  });

  it('keeps a post within 4,096 characters: later items wait, an item too long alone is cut', () => {
    const long = 'x'.repeat(3_000);
    const items: StaffItem[] = [
      { kind: 'line', from: 'guest', text: long, at },
      { kind: 'line', from: 'guest', text: long, at },
    ];
    const first = renderPost(items);
    expect(first.count).toBe(1);
    expect(first.post.text.length).toBeLessThanOrEqual(4_096);
    const huge = renderPost([{ kind: 'line', from: 'bot', text: '😀'.repeat(3_000), at }], { title: 'Alex · AB1234' });
    expect(huge.count).toBe(1);
    expect(huge.post.text.length).toBeLessThanOrEqual(4_096);
    expect(huge.post.text.startsWith('💬 Alex · AB1234\n🤖 Bot: ')).toBe(true);
    expect(huge.post.text.endsWith('😀…')).toBe(true);
  });

  it('names a conversation by the guest and booking, else by its chat', () => {
    expect(conversationTitle({ channel: 'whatsapp', chatId: '+447400123456', name: undefined, ref: undefined })).toBe('WhatsApp +447400123456');
    expect(conversationTitle({ channel: 'telegram', chatId: '42', name: 'Jane Smith', ref: 'AB1234' })).toBe('Jane Smith · AB1234');
    expect(conversationTitle({ channel: 'telegram', chatId: '42', name: 'J'.repeat(200), ref: 'AB1234' })).toHaveLength(128);
  });
});
