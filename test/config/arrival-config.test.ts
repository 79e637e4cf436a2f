import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.js';
import { loadConfig } from '../../src/config.js';

/** The settings of arrival and departure (README "Arrival and departure"). */

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'f'.repeat(32),
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
  PUBLIC_BASE_URL: 'https://checkin.example.com',
};

describe('arrival and departure settings', () => {
  it('on by default: welcome, reminder at 08:00, records read every 5 minutes', () => {
    const c = loadConfig({});
    expect(c.arrival).toEqual({ messages: true, pollMs: 5 * 60_000 });
    expect(c.departure).toEqual({ messages: true, reminderTime: '08:00' });
  });

  it('switches read as true/false, yes/no, on/off, 1/0; the poll can be turned off', () => {
    expect(loadConfig({ ARRIVAL_MESSAGES: 'false', DEPARTURE_MESSAGES: 'No', LOCK_RECORD_POLL_MINUTES: '0' })).toMatchObject({
      arrival: { messages: false, pollMs: 0 },
      departure: { messages: false },
    });
    expect(loadConfig({ ARRIVAL_MESSAGES: 'ON', DEPARTURE_MESSAGES: '1' })).toMatchObject({ arrival: { messages: true }, departure: { messages: true } });
  });

  it('a bad value is one line naming the setting', () => {
    expect(problems({ ARRIVAL_MESSAGES: 'maybe' })).toEqual(['ARRIVAL_MESSAGES: must be true or false']);
    expect(problems({ CHECKOUT_REMINDER_TIME: '8am' })).toEqual(['CHECKOUT_REMINDER_TIME: must be HH:MM (24-hour), e.g. 08:00']);
    expect(problems({ CHECKOUT_REMINDER_TIME: '24:00' })).toHaveLength(1);
    expect(problems({ ...TWILIO, TWILIO_WELCOME_CONTENT_SID: 'welcome' })).toEqual(['TWILIO_WELCOME_CONTENT_SID: must look like HX followed by 32 hex digits']);
  });

  it('the WhatsApp templates travel with the Twilio settings', () => {
    const sid = `HX${'a'.repeat(32)}`;
    const c = loadConfig({ ...TWILIO, TWILIO_WELCOME_CONTENT_SID: sid, CHECKOUT_REMINDER_TIME: '07:30' });
    expect(c.twilio).toMatchObject({ welcomeContentSid: sid, checkoutContentSid: undefined });
    expect(c.departure.reminderTime).toBe('07:30');
  });
});
