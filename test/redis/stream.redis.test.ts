import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redactStream, streamFields } from '../../src/redis/stream.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

let r: TestRedis;
let key: string;

beforeEach(() => {
  r = testRedis();
  key = `${r.prefix}stream`;
});
afterEach(() => r.cleanup());

async function entries(): Promise<{ id: string; fields: Record<string, string> }[]> {
  return (await r.redis.xrange(key, '-', '+')).map(([id, flat]) => ({ id, fields: streamFields(flat) }));
}

describe('redactStream', () => {
  it('takes chat ids, contact details, given words and quoted text out of the chosen fields of the chosen entries, keeping ids and order', async () => {
    await r.redis.xadd(key, '*', 'ref', 'A1', 'conv', 'whatsapp:+447700900123', 'detail', 'Guest "Al Smith" (al@example.com, +44 7700 900123) is Al; Alba stays', 'by', 'Al');
    await r.redis.xadd(key, '*', 'ref', 'B2', 'conv', 'whatsapp:+447700900999', 'detail', 'Other "Al" guest', 'by', 'bot');
    await r.redis.xadd(key, '*', 'ref', '', 'conv', 'telegram:123456789', 'detail', 'asked at step "ref"', 'by', 'bot');
    const before = await entries();

    const changed = await redactStream(r.redis, key, {
      fields: ['conv', 'detail'],
      where: { ref: ['A1'], conv: ['telegram:123456789'] },
      words: ['al', ''],
      quoted: true,
    });

    expect(changed).toBe(2);
    const after = await entries();
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(after[0]!.fields).toEqual({
      ref: 'A1',
      conv: 'whatsapp:[removed]',
      detail: 'Guest "[removed]" ([removed], [removed]) is [removed]; Alba stays',
      by: 'Al', // not a chosen field
    });
    expect(after[1]!.fields).toEqual(before[1]!.fields); // not a chosen entry
    expect(after[2]!.fields).toEqual({ ref: '', conv: 'telegram:[removed]', detail: 'asked at step "[removed]"', by: 'bot' });
  });

  it('changes nothing the second time, and leaves a stream with nothing to take out as it is', async () => {
    await r.redis.xadd(key, '*', 'detail', 'seen whatsapp:+447700900123');
    expect(await redactStream(r.redis, key, { fields: ['detail'] })).toBe(1);
    expect(await redactStream(r.redis, key, { fields: ['detail'] })).toBe(0);
    expect((await entries())[0]!.fields.detail).toBe('seen whatsapp:[removed]');
    expect(await redactStream(r.redis, `${r.prefix}missing`, { fields: ['detail'] })).toBe(0);
    expect(await r.redis.exists(`${r.prefix}missing`)).toBe(0);
  });
});
