import { describe, expect, it } from 'vitest';
import { SendLimiter } from '../../../src/bot/whatsapp/send-limiter.js';

describe('the WhatsApp send limiter', () => {
  it('lets an urgent message (the PIN) go ahead of other chats waiting for the sender rate', async () => {
    const limiter = new SendLimiter({ maxConcurrent: 10, minTimeMs: 300, perChatMinTimeMs: 0 });
    const order: string[] = [];
    const send = (chat: string, urgent = false) => limiter.schedule(chat, async () => void order.push(chat), urgent);
    await Promise.all([send('a'), send('b'), send('c'), send('d'), send('pin', true)]);
    // Not fifth, behind every other chat's paced message.
    expect(order.indexOf('pin')).toBeLessThanOrEqual(1);
  });

  it('still counts the urgent message against the rate: the next message waits its gap', async () => {
    const limiter = new SendLimiter({ maxConcurrent: 10, minTimeMs: 300, perChatMinTimeMs: 0 });
    const at: Record<string, number> = {};
    const send = (chat: string, urgent = false) => limiter.schedule(chat, async () => void (at[chat] = performance.now()), urgent);
    await send('pin', true);
    await send('next');
    expect(at.next! - at.pin!).toBeGreaterThanOrEqual(250);
  });
});
