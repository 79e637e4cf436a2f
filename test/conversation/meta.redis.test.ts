import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { bookingToday, GUEST } from '../helpers/checkin.js';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.js';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime({ bookings: [bookingToday('MET100'), bookingToday('MET200')] });
});
afterAll(() => t?.close());

describe('channel facts passed with a message', () => {
  it('offers the number the platform knows, when it is a real number', async () => {
    await t.say('known', 'MET100', { meta: { knownPhone: '+447400123456', lang: 'en-GB' } });
    const replies = await t.say('known', GUEST.name);
    expect(replies.map((m) => m.text)).toEqual([en.askPhone('+44 7400 123456')]);
    expect(replies[0]!.buttons?.map((b) => b.id)).toEqual(['use_known_phone']);
    const accepted = await t.say('known', 'yes');
    expect(accepted.map((m) => m.text)).toEqual([en.askEmail()]);
    expect((await t.runtime.store.load('console:known'))?.state.guest.phone).toBe('+447400123456');
  });

  it('does not offer a number that would not validate', async () => {
    await t.say('bogus', 'MET200', { meta: { knownPhone: '+1555' } });
    const replies = await t.say('bogus', GUEST.name);
    expect(replies.map((m) => m.text)).toEqual([en.askPhone(undefined)]);
  });
});
