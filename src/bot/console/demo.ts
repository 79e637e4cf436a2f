import { DateTime } from 'luxon';
import type { BookingInput } from '../../bookings/booking.js';
import type { PropertyCatalog } from '../../properties/properties.js';

export interface DemoBooking {
  input: BookingInput;
  note: string;
}

/** Two bookings starting today in the first property of the catalog, so the PIN is valid now. */
export function demoBookings(catalog: PropertyCatalog, now = DateTime.now()): DemoBooking[] {
  const property = catalog.list()[0]!;
  const today = now.setZone(property.timezone).startOf('day');
  const day = (d: number) => today.plus({ days: d }).toISODate()!;
  const rooms = property.rooms;
  return [
    {
      // Proven by the name and this email (or phone): see "How a guest proves a booking" in the README.
      input: {
        ref: 'DEMO1',
        guestName: 'Alex Morgan',
        guestPhone: '+447400123456',
        guestEmail: 'alex@example.com',
        propertyId: property.id,
        roomId: rooms[0]!.id,
        checkIn: day(0),
        checkOut: day(2),
      },
      note: 'guest Alex Morgan, alex@example.com',
    },
    {
      input: {
        ref: 'DEMO2',
        guestName: 'Sam Lee',
        propertyId: property.id,
        roomId: (rooms[1] ?? rooms[0]!).id,
        checkIn: day(0),
        checkOut: day(3),
      },
      note: 'guest Sam Lee, no phone or email on the booking',
    },
  ];
}
