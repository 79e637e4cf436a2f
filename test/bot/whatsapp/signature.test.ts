import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { incomingMessage, twilioSignature } from '../../fakes/twilio-webhooks.js';
import { TEST_TWILIO_AUTH_TOKEN } from '../../helpers/secrets.js';

const URL = 'https://checkin.example.com/webhooks/twilio';

describe('Twilio webhook signatures', () => {
  it('our implementation of the documented algorithm agrees with the SDK', () => {
    const cases = [
      incomingMessage({ accountSid: `AC${'a'.repeat(32)}`, to: 'whatsapp:+14155238886', from: '+447400123456', body: 'Hello 👋 — café & "quotes" = 100%' }),
      { Body: '', Empty: '' },
      { MediaUrl0: ['https://b.example/2', 'https://a.example/1', 'https://a.example/1'], Body: 'x' },
      {},
    ];
    for (const params of cases) {
      for (const url of [URL, `${URL}?a=1&b=two%20words`, 'https://checkin.example.com:8443/hooks/webhooks/twilio']) {
        expect(twilioSignature(TEST_TWILIO_AUTH_TOKEN, url, params)).toBe(twilio.getExpectedTwilioSignature(TEST_TWILIO_AUTH_TOKEN, url, params));
        expect(twilio.validateRequest(TEST_TWILIO_AUTH_TOKEN, twilioSignature(TEST_TWILIO_AUTH_TOKEN, url, params), url, params)).toBe(true);
      }
    }
  });

  it('fails for another URL, another token or a changed field', () => {
    const params = incomingMessage({ accountSid: `AC${'a'.repeat(32)}`, to: 'whatsapp:+14155238886', from: '+447400123456', body: 'hi' });
    const sig = twilioSignature(TEST_TWILIO_AUTH_TOKEN, URL, params);
    expect(twilio.validateRequest(TEST_TWILIO_AUTH_TOKEN, sig, URL.replace('https', 'http'), params)).toBe(false);
    expect(twilio.validateRequest('another-token', sig, URL, params)).toBe(false);
    expect(twilio.validateRequest(TEST_TWILIO_AUTH_TOKEN, sig, URL, { ...params, Body: 'hi!' })).toBe(false);
    expect(twilio.validateRequest(TEST_TWILIO_AUTH_TOKEN, sig, URL, { ...params, Extra: 'added' })).toBe(false);
  });
});
