import type { Queue } from 'bullmq';
import { enqueueCleanup, scheduleForget, type CleanupJobData } from '../jobs/queues.js';
import type { FlowEvent } from '../flows/events.js';
import { boundaryMillis } from './booking.js';
import { StoreBookingService } from './service.js';
import type { BookingStore } from './store.js';

export interface BookingJobsDeps {
  store: BookingStore;
  cleanupQueue: Queue<CleanupJobData>;
  /** How long after check-out the guest's data is kept. */
  retentionMs: number;
  /** Tells the chat that had proved a cancelled booking (the engine's notify); unset, it hears on its next message. */
  notify?: (convKey: string, event: FlowEvent) => Promise<void>;
}

/**
 * The booking service every writer uses (admin API, the composed services' booking sync and console demo, bookings:import), so that
 * a booking saved anywhere gets the same follow-up jobs: its guest data forgotten after the
 * stay, its codes taken off the locks when cancelled, its PIN moved when the stay moves.
 */
export function createBookingService({ store, cleanupQueue, retentionMs, notify }: BookingJobsDeps): StoreBookingService {
  return new StoreBookingService(store, {
    saved: (booking) => scheduleForget(cleanupQueue, booking.ref, boundaryMillis(booking.checkOut) + retentionMs),
    cancelled: async (booking, formerOwner) => {
      await enqueueCleanup(cleanupQueue, { ref: booking.ref, reason: 'cancelled' });
      if (formerOwner) await notify?.(formerOwner, { type: 'bookingCancelled', ref: booking.ref });
    },
    changed: (booking) => enqueueCleanup(cleanupQueue, { ref: booking.ref, reason: 'changed' }),
  });
}
