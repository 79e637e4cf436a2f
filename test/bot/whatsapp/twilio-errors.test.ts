import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../../src/bot/whatsapp/twilio-errors.js';
import { DeliveryError } from '../../../src/errors.js';

const rest = (statusCode: number, body: object) => new twilio.RestException({ statusCode, body: JSON.stringify(body) });

describe('Twilio errors → DeliveryError', () => {
  it('retries 429/20429, 5xx and connections that never got through', () => {
    expect(toDeliveryError(rest(429, { code: 20429, message: 'Too Many Requests' })).retryable).toBe(true);
    expect(toDeliveryError(rest(503, { code: 20503, message: 'Service Unavailable' })).retryable).toBe(true);
    expect(toDeliveryError(rest(500, {})).retryable).toBe(true);
    expect(toDeliveryError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).retryable).toBe(true);
  });

  it.each(['ETIMEDOUT', 'ECONNRESET', 'ECONNABORTED'])('does not retry %s: the message may already have been delivered', (code) => {
    const err = toDeliveryError(Object.assign(new Error(code), { code }));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('may or may not have been delivered');
  });

  it('never retries any other 4xx, and says why in words staff can use', () => {
    const bad = toDeliveryError(rest(400, { code: 21211, message: "The 'To' number is not a valid phone number." }));
    expect(bad).toBeInstanceOf(DeliveryError);
    expect(bad.retryable).toBe(false);
    expect(bad.message).toContain('not a valid phone number (Twilio 21211)');
    const auth = toDeliveryError(rest(401, { code: 20003, message: 'Authenticate' }));
    expect(auth.retryable).toBe(false);
    expect(auth.message).toContain('TWILIO_AUTH_TOKEN');
    expect(toDeliveryError(rest(400, { code: 21610, message: 'unsubscribed' })).guestBlocked).toBe(true);
    expect(toDeliveryError(rest(404, { code: 20404, message: 'not found' })).message).toContain('not found (Twilio 20404)');
  });
});
