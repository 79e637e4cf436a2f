import { describe, expect, it } from 'vitest';
import { bookingView } from '../../src/conversation/context-loader.js';
import { catalogFrom, type Property } from '../../src/properties/properties.js';
import { sampleBooking } from '../helpers/bookings.js';

const HARBOUR: Property = {
  id: 'harbour',
  name: 'Harbour House',
  timezone: 'Europe/London',
  frontDoorLockId: 1001,
  contactPhone: '+442079460958',
  checkInTime: '15:00',
  checkOutTime: '11:00',
  rooms: [{ id: 'r1', name: 'Room 1', lockId: 2001 }],
};
const catalog = catalogFrom([HARBOUR, { ...HARBOUR, id: 'strict', identityPolicy: 'staff' }]);
const booking = (extra: Parameters<typeof sampleBooking>[1] = {}) => ({ ...sampleBooking('AB1234', extra), status: 'active' as const, updatedAt: '2026-12-01T00:00:00Z' });
const view = (extra: Parameters<typeof sampleBooking>[1] = {}, policy?: 'name') => bookingView(booking(extra), catalog, policy);

describe('what a booking is compared with (never shown to the chat)', () => {
  it.each([
    ['a whole international number', '+44 7400 123456', { phone: '+447400123456' }],
    ['a national number, in the property\'s country', '07400 123456', { phone: '+447400123456' }],
    ['only the last digits, as channel exports give them', '•••• •••• 3456', { phoneLast4: '3456' }],
    ['masked another way', 'XXXXXXX3456', { phoneLast4: '3456' }],
    ['a number too short to use', '12', {}],
    ['not a valid number (an extension): every digit must match, never just the last 4', '07400 123456 ext 12', { phoneDigits: '740012345612' }],
  ])('%s', (_, guestPhone, expected) => {
    expect(view({ guestPhone })!.identity).toEqual({ policy: 'name+contact', ...expected });
  });

  it('the email trimmed and lower-cased; no phone or email: nothing but the policy', () => {
    expect(view({ guestEmail: 'Jane.Smith@Example.COM' })!.identity).toEqual({ policy: 'name+contact', email: 'jane.smith@example.com' });
    expect(view()!.identity).toEqual({ policy: 'name+contact' });
  });

  it('a name a booking feed did not give is marked, so no name can match its placeholder', () => {
    const fromFeed = bookingView({ ...booking({ guestName: 'Airbnb guest', guestPhone: '•••• 4821' }), guestNameUnknown: true }, catalog);
    expect(fromFeed!.identity).toEqual({ policy: 'name+contact', phoneLast4: '4821', nameUnknown: true });
  });

  it('IDENTITY_POLICY applies unless the property sets its own', () => {
    expect(view({}, 'name')!.identity!.policy).toBe('name');
    expect(bookingView(booking({ propertyId: 'strict' }), catalog, 'name')!.identity!.policy).toBe('staff');
  });
});
