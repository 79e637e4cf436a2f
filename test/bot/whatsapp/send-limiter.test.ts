import { describe, expect, it } from 'vitest';
import { SendLimiter } from '../../../src/bot/whatsapp/send-limiter.js';

describe('the WhatsApp send limiter', () => {
  it('lets an urgent message (the PIN) go ahead of other chats waiting for the sender rate', async () => {
    const limiter = new SendLimiter({ maxConcurrent: 10, minTimeMs: 100, perChatMinTimeMs: 0 });
    const order: string[] = [];
    const send = (chat: string, urgent = false) => limiter.schedule(chat, async () => void order.push(chat), urgent);
    await Promise.all([send('a'), send('b'), send('c'), send('d'), send('pin', true)]);
    // Not fifth, behind every other chat's paced message.
    expect(order.indexOf('pin')).toBeLessThanOrEqual(1);
  });
});
