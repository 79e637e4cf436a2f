import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../src/properties/properties.js';
import { describeErrcode, ERRCODES } from '../../src/ttlock/errors.js';
import { gatewayKeyOf } from '../../src/ttlock/gateway-key.js';
import { redactBody } from '../../src/ttlock/redact.js';
import { demoPropertiesJson } from '../helpers/properties.js';

describe('the errcode table', () => {
  it.each([-3003, -3037, -3002, -3036, 1, 90000, 80000, 30006, 10004])('%i is retryable', (code) => {
    expect(describeErrcode(code)).toMatchObject({ known: true, retryable: true });
  });

  it.each([-3, -3006, -2032, -3007, -3009, -2012, -4043, -1003, -2025, -2018, 20002, 10000, 10001, 10007, 30007, 30008])(
    '%i is permanent',
    (code) => {
      expect(describeErrcode(code)).toMatchObject({ known: true, retryable: false });
    },
  );

  it('an unknown code is permanent', () => {
    expect(describeErrcode(-123456)).toEqual({ known: false, retryable: false, message: 'unknown TTLock error' });
  });

  it('every message is readable text', () => {
    for (const [code, info] of ERRCODES) expect(info.message.length, String(code)).toBeGreaterThan(8);
  });
});

describe('redactBody', () => {
  it('replaces tokens, passwords, passcodes and lock secrets at any depth', () => {
    const body = {
      errcode: -1,
      access_token: 'at1',
      nested: { refreshToken: 'rt1', list: [{ keyboardPwd: '482915', keyboardPwdName: 'Guest A1' }], noKeyPwd: '1234', LockData: 'x' },
    };
    expect(redactBody(body)).toEqual({
      errcode: -1,
      access_token: '[redacted]',
      nested: { refreshToken: '[redacted]', list: [{ keyboardPwd: '[redacted]', keyboardPwdName: 'Guest A1' }], noKeyPwd: '[redacted]', LockData: '[redacted]' },
    });
  });
});

describe('gateway keys', () => {
  it('all locks of a property share one; properties sharing a lock share theirs; unknown locks get their own', () => {
    const json = demoPropertiesJson();
    json.properties.push(
      { id: 'annex', name: 'Annex', timezone: 'Europe/London', frontDoorLockId: 1001, contactPhone: '+442079460958', rooms: [{ id: 'a1', name: 'A1', lockId: 5001 }] },
      { id: 'far', name: 'Far', timezone: 'Europe/London', frontDoorLockId: 7001, contactPhone: '+442079460958', rooms: [{ id: 'f1', name: 'F1', lockId: 7002 }] },
    );
    const key = gatewayKeyOf(parseProperties(json, 'test'));
    expect(new Set([1001, 2001, 2002, 5001].map(key)).size).toBe(1);
    expect(key(7001)).toBe(key(7002));
    expect(key(7001)).not.toBe(key(1001));
    expect(key(9999)).toBe('lock:9999');
  });
});
