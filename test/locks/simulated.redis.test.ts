import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodeRejectedError, LockError } from '../../src/errors.js';
import { SimulatedLockProvider } from '../../src/locks/simulated.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

let r: TestRedis;
let locks: SimulatedLockProvider;

beforeEach(() => {
  r = testRedis();
  locks = new SimulatedLockProvider(r.redis, r.keys, { minLatencyMs: 0, maxLatencyMs: 0 });
});
afterEach(async () => r.cleanup());

const req = { lockId: 2001, code: '582914', name: 'SIM1', start: 60_000, end: 120_000 };

describe('simulated locks', () => {
  it('change a code’s window in place, and say when there is no such code', async () => {
    const added = await locks.addCode(req);
    expect(await locks.changeWindow({ lockId: 2001, codeId: added.codeId, start: 60_000, end: 180_000 })).toBe('changed');
    expect(await locks.listCodes(2001)).toEqual([{ ...req, codeId: added.codeId, end: 180_000 }]);
    expect(await locks.changeWindow({ lockId: 2001, codeId: 999, start: 1, end: 2 })).toBe('missing');
  });

  it('refuse the digits of another code, return their own code from an earlier try, remove by digits', async () => {
    const added = await locks.addCode(req);
    expect(await locks.addCode(req)).toEqual({ codeId: added.codeId, start: req.start, end: req.end });
    const refused = await locks.addCode({ ...req, name: 'OTHER' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CodeRejectedError);
    expect(refused).toMatchObject({ why: 'taken', retryable: false, mayHaveApplied: false });
    await locks.removeCodeByDigits(2001, req.code);
    await locks.removeCodeByDigits(2001, req.code); // gone already: fine
    expect(await locks.listCodes(2001)).toEqual([]);
  });

  it('a lost answer says the add may have happened', async () => {
    await locks.injectFailures(2001, ['lost-response']);
    const err = await locks.addCode(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockError);
    expect(err).toMatchObject({ retryable: true, mayHaveApplied: true });
    expect((await locks.listCodes(2001)).map((c) => c.code)).toEqual([req.code]);
  });
});
