import { describe, expect, it } from 'vitest';
import { actorLabel, isStaffGroupActor, staffGroupActor } from '../../../src/bot/staff/actor.js';
import { isPrivileged, parseStaffText } from '../../../src/bot/staff/commands.js';

describe('staff commands', () => {
  it.each([
    ['/takeover', { kind: 'takeover' }],
    ['/TakeOver@checkin_bot', { kind: 'takeover' }],
    [' /release ', { kind: 'release' }],
    ['/approve', { kind: 'approve' }],
    ['/resend', { kind: 'resend' }],
    ['/reassign', { kind: 'reassign' }],
    ['/unlock@checkin_bot', { kind: 'unlock' }],
    ['/status', { kind: 'status', showPin: false }],
    ['/status pin', { kind: 'status', showPin: true }],
    ['/status@checkin_bot PIN', { kind: 'status', showPin: true }],
    ['/help', { kind: 'help' }],
    ['/frobnicate', { kind: 'unknown', name: 'frobnicate', addressed: false }],
    ['/poll@otherbot now', { kind: 'unknown', name: 'poll', addressed: true }],
    ['Hi Alex, /status is not a command here', { kind: 'relay', text: 'Hi Alex, /status is not a command here' }],
    ['  Welcome!\nSee you soon. ', { kind: 'relay', text: 'Welcome!\nSee you soon.' }],
    ['/ nothing', { kind: 'relay', text: '/ nothing' }],
  ])('%j', (text, command) => {
    expect(parseStaffText(text)).toEqual(command);
  });
});

describe('privileged commands', () => {
  it('are the ones that give, take or show a door code, or lift a guessing limit', () => {
    const privileged = ['/approve', '/reassign', '/unlock', '/status pin'].map((t) => isPrivileged(parseStaffText(t)));
    const open = ['/takeover', '/release', '/resend', '/status', '/help', 'hello'].map((t) => isPrivileged(parseStaffText(t)));
    expect(privileged).toEqual([true, true, true, true]);
    expect(open).toEqual([false, false, false, false, false, false]);
  });
});

describe('who did it', () => {
  it('names a staff member by @username or name, always with the id, and labels each tool', () => {
    expect(staffGroupActor({ id: 42, username: 'maria', first_name: 'Maria' })).toBe('staff-group:@maria (42)');
    expect(staffGroupActor({ id: 43, first_name: 'Sam', last_name: 'Lee' })).toBe('staff-group:Sam Lee (43)');
    expect(isStaffGroupActor('staff-group:Sam Lee (43)')).toBe(true);
    expect(isStaffGroupActor('admin-api:Maria')).toBe(false);
    expect(actorLabel('staff-group:@maria (42)')).toBe('@maria');
    expect(actorLabel('admin-api:Maria')).toBe('Maria (admin API)');
    expect(actorLabel('ops-script')).toBe('ops-script');
    expect(actorLabel(undefined)).toBe('Staff');
  });
});
