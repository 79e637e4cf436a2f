import { afterEach, describe, expect, it } from 'vitest';
import { checkIdentity } from '../../src/flows/identity.js';
import { answer, bookingToday } from '../helpers/checkin.js';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.js';

/**
 * A feed booking without a name (Airbnb's) is proven by no name at all: "Airbnb guest" typed by
 * whoever knows the ref must not count. The chat is held for staff, who see whether the phone's
 * last 4 digits matched.
 */

let t: TestRuntime | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('a booking whose feed gives no name', () => {
  it('no name matches its placeholder, whatever the contact details prove', () => {
    const booked = { policy: 'name' as const, phoneLast4: '4821', nameUnknown: true };
    const given = { name: 'Airbnb guest', phone: '+447400124821', email: undefined, platformPhone: undefined };
    expect(checkIdentity(given, 'Airbnb guest', booked)).toEqual({ passed: false, nameMatches: false, contactMatches: true });
    expect(checkIdentity(given, 'Airbnb guest', { ...booked, nameUnknown: false })).toEqual({ passed: true, proof: 'phone_last4' });
  });

  it('a guest who gives the placeholder and the right last 4 digits is held for staff, who are told the booking has no name', async () => {
    const rt = (t = await startTestRuntime({ workers: true }));
    await rt.runtime.bookings.upsertIf(
      { ...bookingToday('HMNONAME01'), guestName: 'Airbnb guest', guestPhone: '•••• 4821' },
      { source: 'ical:0123456789ab', guestNameUnknown: true },
      () => true,
    );
    await answer(rt, 'guest', ['HMNONAME01', 'Airbnb guest', '+44 7400 124821', 'guest@example.com']);
    const held = (await rt.alerts()).filter((a) => a.kind === 'identity_mismatch');
    expect(held).toHaveLength(1);
    expect(held[0]!.detail).toContain('the booking has no name (its feed gives none)');
    expect(held[0]!.detail).toContain('booked …21');
    expect(held[0]!.detail).toContain("The contact details given match the booking's.");
    expect(await rt.pinJobState('HMNONAME01')).toBe('unknown');
  });
});
