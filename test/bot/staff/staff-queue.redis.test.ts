import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffQueue } from '../../../src/bot/staff/staff-queue.js';
import { testRedis, type TestRedis } from '../../helpers/redis.js';

let r: TestRedis;

beforeAll(() => {
  r = testRedis();
});
afterAll(() => r?.cleanup());

describe('the staff mirror queue', () => {
  it('keeps at most maxItems per conversation, dropping the oldest, however fast a guest writes', async () => {
    const queue = new StaffQueue(r.redis, r.keys, { lingerMs: 1_000, maxItems: 5 });
    for (let i = 1; i <= 12; i++) await queue.push('whatsapp:+447400000001', { kind: 'line', from: 'guest', text: `msg ${i}`, at: i });
    await queue.push('console:other', { kind: 'line', from: 'guest', text: 'hello', at: 1 });

    expect(await r.redis.llen(r.keys.staffQueue('whatsapp:+447400000001'))).toBe(5);
    const kept = await queue.peek('whatsapp:+447400000001', 100);
    expect(kept.map((item) => (item.kind === 'line' ? item.text : item.kind))).toEqual(['msg 8', 'msg 9', 'msg 10', 'msg 11', 'msg 12']);
    expect(await r.redis.llen(r.keys.staffQueue('console:other'))).toBe(1);
  });
});
