import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leftovers, PinStore } from '../../src/locks/pin-store.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const REF = 'STORE1';
let r: TestRedis;
let pins: PinStore;

beforeEach(() => {
  r = testRedis();
  pins = new PinStore(r.redis, r.keys, () => 1_000);
});
afterEach(async () => r.cleanup());

describe('the PIN record', () => {
  it('tracks each code per lock: the PIN on its locks, and codes left from before', async () => {
    await pins.setTarget(REF, { code: '482915', start: 10, end: 20, locks: [1001, 2001] }, { renewing: false });
    await pins.hold(REF, { lockId: 1001, code: '482915', start: 10, end: 20 });
    let record = (await pins.get(REF))!;
    // Sent, answer not back yet: the lock may hold it, but the PIN is not there for sure.
    expect(record).toMatchObject({ status: 'pending', targets: [1001, 2001], locks: {}, used: [1001], renewing: false });
    expect(record.given).toBeUndefined();
    await pins.hold(REF, { lockId: 1001, code: '482915', start: 10, end: 20, codeId: 7 });
    await pins.hold(REF, { lockId: 2001, code: '482915', start: 10, end: 20, codeId: 8 });
    await pins.markReady(REF);
    record = (await pins.get(REF))!;
    expect(record).toMatchObject({ status: 'ready', given: '482915', locks: { 1001: 7, 2001: 8 } });

    // Moved to room 2 for longer: the old codes stay held until they come off.
    await pins.setTarget(REF, { code: '482915', start: 10, end: 30, locks: [1001, 2002] }, { renewing: true });
    record = (await pins.get(REF))!;
    expect(record).toMatchObject({ status: 'pending', renewing: true, given: '482915', locks: {} });
    expect(leftovers(record).map((h) => h.lockId)).toEqual([2001]);
    await pins.forget(REF, 2001, '482915');
    expect((await pins.get(REF))!.used).toEqual([1001]);
  });

  it('reads and converts a record written before codes were tracked per lock', async () => {
    await r.redis.hset(r.keys.pin(REF), {
      code: '739164',
      status: 'ready',
      start: '100',
      end: '200',
      updatedAt: '5',
      'lock:1001': '41',
      'lock:2001': '42',
      'used:1001': '1',
      'used:2001': '1',
      'used:2002': '1',
      revoked: '9',
    });
    const record = (await pins.get(REF))!;
    expect(record).toMatchObject({ targets: [1001, 2001], locks: { 1001: 41, 2001: 42 }, used: [1001, 2001, 2002], given: '739164' });
    expect(record.held).toEqual([
      { lockId: 1001, code: '739164', start: 100, end: 200, codeId: 41 },
      { lockId: 2001, code: '739164', start: 100, end: 200, codeId: 42 },
      { lockId: 2002, code: '739164', start: 100, end: 200 },
    ]);

    // The first write in the new shape keeps every code with the digits and window it was written for.
    await pins.setTarget(REF, { code: '739164', start: 100, end: 300, locks: [1001, 2002] }, { renewing: true });
    const fields = await r.redis.hgetall(r.keys.pin(REF));
    expect(Object.keys(fields).filter((f) => f.startsWith('lock:') || f.startsWith('used:'))).toEqual([]);
    expect(fields.revoked).toBe('9');
    const moved = (await pins.get(REF))!;
    expect(moved.held).toEqual(record.held);
    expect(moved).toMatchObject({ start: 100, end: 300, targets: [1001, 2002], given: '739164', renewing: true, status: 'pending' });
  });
});
