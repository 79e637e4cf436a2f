import { AxiosError, type AxiosAdapter } from 'axios';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { parseProperties } from '../../src/properties/properties.js';
import { describeErrcode, ERRCODE_TABLE, ERRCODES, errcodeText, TTLockApiError } from '../../src/ttlock/errors.js';
import { createHttp, sendRequest } from '../../src/ttlock/http.js';
import { gatewayKeyOf } from '../../src/ttlock/gateway-key.js';
import { redactBody } from '../../src/ttlock/redact.js';
import { demoPropertiesJson } from '../helpers/properties.js';

describe('the errcode table', () => {
  // Issue 16: what a gateway rebooting or a Wi-Fi blip looks like. Each must be waited out (until
  // the PIN job's horizon), not given up on after a couple of minutes.
  it.each([-2012, -3002, -3003, -3034, -3036, -3037, 1, 90000, 30006])('%i means "not now": retried until the horizon', (code) => {
    expect(describeErrcode(code)).toMatchObject({ known: true, class: 'not-now', retryable: true, notNow: true });
  });

  it.each([80000, 10003, 10004])('%i is retried a few times (PIN_JOB_ATTEMPTS), not waited for', (code) => {
    expect(describeErrcode(code)).toMatchObject({ known: true, class: 'retry', retryable: true, notNow: false });
  });

  it.each([-3, -3006, -2032, -3007, -3009, -4043, -4056, -1003, -2025, -2018, 20002, 10000, 10001, 10007, 30007, 30008])(
    '%i is permanent',
    (code) => {
      expect(describeErrcode(code)).toMatchObject({ known: true, class: 'permanent', retryable: false, notNow: false });
    },
  );

  // Invalid lock, lock full, digits new digits cannot fix, wrong account: staff must be told what to change.
  it.each([-1003, -3009, -3006, -2018, 20002, 10007, -2025, -4043])('permanent %i says what staff should do', (code) => {
    const text = errcodeText(code);
    expect(describeErrcode(code).action).toBeTruthy();
    expect(text).toContain(`(${code})`);
    expect(text).toContain(`To fix: ${describeErrcode(code).action!}`);
  });

  it('an unknown code is permanent, and its text quotes what TTLock said', () => {
    expect(describeErrcode(-123456)).toEqual({ known: false, class: 'permanent', retryable: false, notNow: false, message: 'unknown TTLock error' });
    expect(errcodeText(-123456, 'something new')).toBe('unknown TTLock error -123456: something new (-123456)');
  });

  it('every row has one class, a readable cause, and says why and where that comes from', () => {
    const codes = ERRCODE_TABLE.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const row of ERRCODE_TABLE) {
      expect(row.message.length, String(row.code)).toBeGreaterThan(8);
      expect(row.why.length, String(row.code)).toBeGreaterThan(5);
      expect(row.source, String(row.code)).toMatch(/errorCode page|facts §/);
      expect(ERRCODES.get(row.code)).toMatchObject({ class: row.class, retryable: row.class !== 'permanent', notNow: row.class === 'not-now' });
    }
  });
});

describe('failures without an errcode', () => {
  const logger = createLogger('silent');
  const request = { method: 'POST' as const, path: '/v3/keyboardPwd/add', params: {} };
  function answering(adapter: AxiosAdapter) {
    const http = createHttp('http://ttlock.invalid', 1_000);
    http.defaults.adapter = adapter;
    return http;
  }
  const reply = (status: number, data: string) => (async (config) => ({ status, statusText: '', headers: {}, config, data })) as AxiosAdapter;
  const failing = (code: string) => (async (config) => Promise.reject(new AxiosError('boom', code, config))) as AxiosAdapter;

  it.each([
    ['a 502 from a proxy', reply(502, '<html>Bad Gateway</html>')],
    ['a 503', reply(503, '')],
    ['429 (slow down)', reply(429, '')],
    ['a timeout', failing('ECONNABORTED')],
    ['a refused connection', failing('ECONNREFUSED')],
    ['a reset connection', failing('ECONNRESET')],
    ['an unreadable 200', reply(200, '<html>captive portal</html>')],
  ])('%s means "not now"', async (_what, adapter) => {
    const err = await sendRequest(answering(adapter), request, logger).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TTLockApiError);
    expect(err).toMatchObject({ retryable: true, notNow: true });
  });

  it('a 4xx is permanent', async () => {
    const err = await sendRequest(answering(reply(403, 'forbidden')), request, logger).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: false, notNow: false });
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
