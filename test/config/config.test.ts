import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.js';
import { loadConfig } from '../../src/config.js';
import { loadProperties } from '../../src/properties/properties.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts with no settings at all: simulated locks, no channels', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, role: 'all', redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'checkin:' });
    expect(c.locks.provider).toBe('simulated');
    expect(c.telegram).toBeUndefined();
    expect(c.twilio).toBeUndefined();
    expect(c.pin).toEqual({
      length: 6,
      earlyMinutes: 0,
      lateMinutes: 0,
      timeoutSeconds: 90,
      attempts: 6,
      retry: { afterCheckInMs: 120 * 60_000, minPatienceMs: 30 * 60_000, firstDelayMs: 2_000, maxDelayMs: 5 * 60_000 },
      workerConcurrency: 200,
      jobLockMs: 15_000,
      provisionAheadMs: 0,
      cleanupAfterMinutes: 60,
    });
  });

  it('makes codes ahead of arrival only when PIN_PROVISION_AHEAD_HOURS is set (0-168)', () => {
    expect(loadConfig({ PIN_PROVISION_AHEAD_HOURS: '24' }).pin.provisionAheadMs).toBe(24 * 3600_000);
    expect(problems(() => loadConfig({ PIN_PROVISION_AHEAD_HOURS: '200' }))).toEqual(['PIN_PROVISION_AHEAD_HOURS: must be at most 168']);
    expect(problems(() => loadConfig({ PIN_PROVISION_AHEAD_HOURS: 'soon' }))).toHaveLength(1);
  });

  it('waits out lock outages until check-in + PIN_RETRY_HORIZON_MINUTES (0-10080, default 120)', () => {
    expect(loadConfig({ PIN_RETRY_HORIZON_MINUTES: '0' }).pin.retry.afterCheckInMs).toBe(0);
    expect(loadConfig({ PIN_RETRY_HORIZON_MINUTES: '360' }).pin.retry.afterCheckInMs).toBe(360 * 60_000);
    expect(problems(() => loadConfig({ PIN_RETRY_HORIZON_MINUTES: '-5' }))).toEqual(['PIN_RETRY_HORIZON_MINUTES: must be at least 0']);
    expect(problems(() => loadConfig({ PIN_RETRY_HORIZON_MINUTES: '20000' }))).toEqual(['PIN_RETRY_HORIZON_MINUTES: must be at most 10080']);
  });

  it('sizes the PIN worker: jobs at once (1-1000) and the lock that bounds recovery from a dead worker (10-600 s)', () => {
    expect(loadConfig({ PIN_WORKER_CONCURRENCY: '300', PIN_JOB_LOCK_SECONDS: '10' }).pin).toMatchObject({ workerConcurrency: 300, jobLockMs: 10_000 });
    expect(problems(() => loadConfig({ PIN_WORKER_CONCURRENCY: '0', PIN_JOB_LOCK_SECONDS: '2' }))).toEqual([
      'PIN_WORKER_CONCURRENCY: must be at least 1',
      'PIN_JOB_LOCK_SECONDS: must be at least 10',
    ]);
  });

  it('paces Telegram at 30 messages a second and one a second per chat unless told otherwise; 0 turns the bot-wide pace off', () => {
    const telegram = { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'polling' };
    expect(loadConfig(telegram).telegram).toMatchObject({ sendPerSecond: 30, chatGapMs: 1000 });
    expect(loadConfig({ ...telegram, TELEGRAM_SEND_PER_SECOND: '0', TELEGRAM_CHAT_GAP_MS: '0' }).telegram).toMatchObject({ sendPerSecond: 0, chatGapMs: 0 });
    expect(problems(() => loadConfig({ ...telegram, TELEGRAM_SEND_PER_SECOND: '-1' }))).toEqual(['TELEGRAM_SEND_PER_SECOND: must be at least 0']);
  });

  it('keeps guest data 30 days after check-out unless told otherwise (1-3650 days)', () => {
    expect(loadConfig({}).guestDataRetentionDays).toBe(30);
    expect(loadConfig({ GUEST_DATA_RETENTION_DAYS: '90' }).guestDataRetentionDays).toBe(90);
    expect(problems(() => loadConfig({ GUEST_DATA_RETENTION_DAYS: '0' }))).toEqual(['GUEST_DATA_RETENTION_DAYS: must be at least 1']);
  });

  it('limits each chat to 20 guest messages a minute unless told otherwise; 0 turns the limit off', () => {
    expect(loadConfig({}).inboundLimit).toEqual({ perWindow: 20, windowMs: 60_000 });
    expect(loadConfig({ INBOUND_MESSAGES_PER_MINUTE: '0' }).inboundLimit.perWindow).toBe(0);
    expect(problems(() => loadConfig({ INBOUND_MESSAGES_PER_MINUTE: '-1' }))).toEqual(['INBOUND_MESSAGES_PER_MINUTE: must be at least 0']);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', ADMIN_TOKEN: '  ', TELEGRAM_BOT_TOKEN: '' }).port).toBe(3000);
  });

  it('lists every bad value on its own line', () => {
    expect(problems(() => loadConfig({ PORT: '99999', LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short', PIN_LENGTH: '3' }))).toEqual([
      'PORT: must be at most 65535',
      'LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
      'ADMIN_TOKEN: must be at least 32 characters, without spaces (make one with: openssl rand -hex 32)',
      'PIN_LENGTH: must be at least 4',
    ]);
  });

  it('picks TTLock when its credentials are set, and asks for the missing ones', () => {
    expect(problems(() => loadConfig({ TTLOCK_CLIENT_ID: 'id' }))).toEqual([
      'TTLOCK_CLIENT_SECRET: is required for LOCK_PROVIDER=ttlock',
      'TTLOCK_USERNAME: is required for LOCK_PROVIDER=ttlock',
      'TTLOCK_PASSWORD: is required for LOCK_PROVIDER=ttlock',
    ]);
    const c = loadConfig({ TTLOCK_CLIENT_ID: 'id', TTLOCK_CLIENT_SECRET: 's', TTLOCK_USERNAME: 'u', TTLOCK_PASSWORD: 'p' });
    expect(c.locks).toMatchObject({ provider: 'ttlock', apiBaseUrl: 'https://euapi.ttlock.com' });
    expect(loadConfig({ LOCK_PROVIDER: 'simulated', TTLOCK_CLIENT_ID: 'id' }).locks.provider).toBe('simulated');
  });

  it('needs all Twilio credentials together and a webhook secret for Telegram webhooks', () => {
    expect(problems(() => loadConfig({ TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` }))).toEqual([
      'TWILIO_AUTH_TOKEN: is required once any TWILIO_* credential is set',
      'TWILIO_WHATSAPP_FROM: is required once any TWILIO_* credential is set',
    ]);
    expect(problems(() => loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }))).toEqual([
      'TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_MODE=webhook',
    ]);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'polling' }).telegram?.mode).toBe('polling');
  });

  it('reads STAFF_APPROVER_IDS as a list of numeric Telegram user ids (unset: none)', () => {
    expect(loadConfig({}).staffApproverIds).toEqual([]);
    expect(loadConfig({ STAFF_APPROVER_IDS: ' 123456789, 42 ' }).staffApproverIds).toEqual(['123456789', '42']);
    for (const bad of ['@maria', '12,', '12;34', '-5'])
      expect(problems(() => loadConfig({ STAFF_APPROVER_IDS: bad }))).toEqual(['STAFF_APPROVER_IDS: must be Telegram user ids separated by commas, like 123456789,987654321']);
  });

  it('keeps the staff group in English unless STAFF_LANGUAGE names another of the bot\'s languages', () => {
    expect(loadConfig({}).staffLanguage).toBe('en');
    expect(loadConfig({ STAFF_LANGUAGE: ' DE ' }).staffLanguage).toBe('de');
    expect(problems(() => loadConfig({ STAFF_LANGUAGE: 'ru' }))).toEqual(['STAFF_LANGUAGE: must be one of en, es, fr, de, it, pt, nl, pl']);
  });

  it('proves identity by name and contact, 3 tries a day, 5 unknown refs an hour per chat, 60 failed look-ups a minute, unless told otherwise', () => {
    expect(loadConfig({}).identity).toEqual({ policy: 'name+contact', maxTries: 3, refMissesPerHour: 5, refFailuresPerMinute: 60 });
    expect(loadConfig({ IDENTITY_POLICY: 'staff', IDENTITY_MAX_TRIES: '5' }).identity).toMatchObject({ policy: 'staff', maxTries: 5 });
    expect(problems(() => loadConfig({ IDENTITY_POLICY: 'email' }))[0]).toMatch(/^IDENTITY_POLICY: /);
    expect(problems(() => loadConfig({ IDENTITY_MAX_TRIES: '0' }))).toEqual(['IDENTITY_MAX_TRIES: must be at least 1']);
  });

  it('strips a trailing slash from the public URL (signatures compare it exactly)', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://checkin.example.com/' }).publicBaseUrl).toBe('https://checkin.example.com');
  });
});

describe('loadProperties', () => {
  const dir = mkdtempSync(join(tmpdir(), 'props-'));
  const write = (name: string, body: string) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };

  it('loads the demo file that ships with the repo', () => {
    const catalog = loadProperties('properties.json');
    expect(catalog.room('harbour', 'r1')?.room.lockId).toBe(2001);
    expect(catalog.property('harbour')?.checkInTime).toBe('15:00');
  });

  it('reports each problem with its path', () => {
    const file = write(
      'bad.json',
      JSON.stringify({
        properties: [
          { id: 'a', name: 'A', timezone: 'Mars/Olympus', frontDoorLockId: -1, contactPhone: '+441', checkInTime: '3pm', rooms: [] },
        ],
      }),
    );
    expect(problems(() => loadProperties(file))).toEqual([
      `${file}: properties.0.timezone: must be an IANA timezone like Europe/London`,
      `${file}: properties.0.frontDoorLockId: Too small: expected number to be >0`,
      `${file}: properties.0.checkInTime: must be HH:MM (24-hour)`,
      `${file}: properties.0.rooms: Too small: expected array to have >=1 items`,
    ]);
  });

  it('rejects duplicate ids and invalid JSON', () => {
    const dup = write(
      'dup.json',
      JSON.stringify({
        properties: [
          { id: 'a', name: 'A', timezone: 'UTC', frontDoorLockId: 1, contactPhone: '+4420', rooms: [{ id: 'r', name: 'R', lockId: 2 }, { id: 'r', name: 'R2', lockId: 3 }] },
        ],
      }),
    );
    expect(problems(() => loadProperties(dup))).toEqual([`${dup}: properties.0.rooms.1.id: duplicate room id "r"`]);
    const broken = write('broken.json', '{ "properties": [');
    expect(problems(() => loadProperties(broken))[0]).toMatch(/is not valid JSON/);
  });
});
