import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.js';
import { loadConfig } from '../../src/config.js';
import { TEST_TWILIO_AUTH_TOKEN } from '../helpers/secrets.js';

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
  PUBLIC_BASE_URL: 'https://checkin.example.com',
};

describe('Twilio settings', () => {
  it('builds the WhatsApp config; the quick-reply template and API host are optional', () => {
    expect(loadConfig(TWILIO).twilio).toEqual({ ...{ accountSid: TWILIO.TWILIO_ACCOUNT_SID, authToken: TEST_TWILIO_AUTH_TOKEN, whatsappFrom: 'whatsapp:+14155238886' }, apiBaseUrl: undefined, confirmContentSid: undefined, sendPerSecond: 10, chatGapMs: 400, spoolDir: './var/spool' });
    expect(loadConfig({ ...TWILIO, WHATSAPP_SPOOL_DIR: '/var/lib/checkin-bot/spool' }).twilio?.spoolDir).toBe('/var/lib/checkin-bot/spool');
    expect(loadConfig({ ...TWILIO, WHATSAPP_SPOOL_DIR: ' ' }).twilio?.spoolDir).toBe('./var/spool');
    expect(loadConfig({ ...TWILIO, WHATSAPP_SEND_PER_SECOND: '50' }).twilio?.sendPerSecond).toBe(50);
    const full = loadConfig({ ...TWILIO, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010/', TWILIO_CONFIRM_CONTENT_SID: `HX${'a'.repeat(32)}` }).twilio;
    expect(full).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:4010', confirmContentSid: `HX${'a'.repeat(32)}` });
    expect(loadConfig({ ...TWILIO, TWILIO_CONFIRM_CONTENT_SID: '' }).twilio?.confirmContentSid).toBeUndefined();
  });

  it('says what a content SID looks like', () => {
    let problems: string[] = [];
    try {
      loadConfig({ ...TWILIO, TWILIO_CONFIRM_CONTENT_SID: 'my-template' });
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems;
    }
    expect(problems).toEqual(['TWILIO_CONFIRM_CONTENT_SID: must look like HX followed by 32 hex digits']);
  });

  it('invites proactively only with both INVITE_HOURS_BEFORE_CHECKIN and an invitation template, and only with WhatsApp', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return err instanceof ConfigError ? err.problems : [String(err)];
      }
    };
    const sid = `HX${'b'.repeat(32)}`;
    expect(loadConfig(TWILIO).twilio?.invite).toBeUndefined();
    expect(loadConfig({ ...TWILIO, INVITE_HOURS_BEFORE_CHECKIN: '48', TWILIO_INVITE_CONTENT_SID: sid }).twilio?.invite).toEqual({ contentSid: sid, beforeCheckInMs: 48 * 3600_000 });
    expect(problemsOf({ ...TWILIO, INVITE_HOURS_BEFORE_CHECKIN: '48' })).toEqual([
      'TWILIO_INVITE_CONTENT_SID: is required when INVITE_HOURS_BEFORE_CHECKIN is set (WhatsApp allows only approved templates outside the 24-hour window)',
    ]);
    expect(problemsOf({ INVITE_HOURS_BEFORE_CHECKIN: '48', TWILIO_INVITE_CONTENT_SID: sid })).toEqual([
      'INVITE_HOURS_BEFORE_CHECKIN: needs WhatsApp (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM)',
    ]);
  });
});

describe('a PUBLIC_BASE_URL that is no URL at all', () => {
  it('is one problem line, not a crash', () => {
    for (const value of ['not a url', 'https://', 'http://exa mple.com']) {
      let problems: string[] = [];
      try {
        loadConfig({ ...TWILIO, PUBLIC_BASE_URL: value });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        problems = (err as ConfigError).problems;
      }
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^PUBLIC_BASE_URL: /);
    }
  });
});
