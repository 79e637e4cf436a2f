import { DateTime } from 'luxon';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Booking } from '../../src/bookings/booking.js';
import type { FlowEvent } from '../../src/flows/events.js';
import { Departures, type DepartureJob } from '../../src/jobs/departure.js';
import { demoCatalog } from '../helpers/properties.js';

/**
 * Which chat a departure job answers: the one that asked, also when nothing could be done (the
 * booking cancelled or gone), and never a chat that got the booking since (staff /reassign).
 */
const ASKER = 'telegram:111';
const NEW_HOLDER = 'telegram:222';

function world(opts: { booking?: Partial<Booking> | null; owner?: string | null }) {
  const zone = 'Europe/London';
  const booking: Booking | undefined =
    opts.booking === null
      ? undefined
      : {
          ref: 'DEP1',
          guestName: 'Alex Morgan',
          propertyId: 'harbour',
          roomId: 'r1',
          checkIn: DateTime.now().setZone(zone).minus({ hours: 2 }).toISO({ suppressMilliseconds: true })!,
          checkOut: DateTime.now().setZone(zone).plus({ days: 2 }).toISODate()!,
          status: 'active',
          updatedAt: new Date().toISOString(),
          ...opts.booking,
        };
  const told: Array<{ convKey: string; event: FlowEvent }> = [];
  const shortened: Array<{ ref: string; end: number }> = [];
  const moved: string[] = [];
  const alerts: string[] = [];
  const departures = new Departures({
    bookings: {
      get: async () => booking,
      endStayAt: async (ref) => {
        moved.push(ref);
        return booking;
      },
    },
    catalog: demoCatalog(),
    lateMinutes: 15,
    shorten: async (ref, end) => void shortened.push({ ref, end }),
    reschedule: async () => {},
    owner: async () => (opts.owner === undefined ? ASKER : opts.owner),
    notify: async (convKey, event) => void told.push({ convKey, event }),
    alerts: { raise: async (a) => void alerts.push(a.detail) },
    publicId: (k) => `p-${k}`,
    logger: pino({ level: 'silent' }),
  });
  return { departures, told, shortened, moved, alerts };
}

const job = (extra: Partial<DepartureJob> = {}): DepartureJob => ({ ref: 'DEP1', endsAt: Math.floor((Date.now() + 15 * 60_000) / 60_000) * 60_000, convKey: ASKER, ...extra });

describe('a departure job and the chat that asked', () => {
  it('still held by the asker: the code is shortened and the asker told', async () => {
    const w = world({});
    await w.departures.run(job());
    expect(w.shortened).toHaveLength(1);
    expect(w.told.map((t) => [t.convKey, t.event.type])).toEqual([[ASKER, 'codeShortened']]);
  });

  it('reassigned to another chat since it was asked: nothing is changed, and the asker hears it failed (the flow alerts staff)', async () => {
    const w = world({ owner: NEW_HOLDER });
    await w.departures.run(job());
    expect(w.shortened).toEqual([]);
    expect(w.moved).toEqual([]);
    expect(w.told).toHaveLength(1);
    expect(w.told[0]!.convKey).toBe(ASKER);
    expect(w.told[0]!.event).toMatchObject({ type: 'codeShortenFailed', ref: 'DEP1', reason: expect.stringMatching(/another chat/) });
  });

  it('nobody holds it any more: nothing is changed either', async () => {
    const w = world({ owner: null });
    await w.departures.run(job({ by: 'Sam' }));
    expect(w.shortened).toEqual([]);
    expect(w.told.map((t) => [t.convKey, t.event])).toEqual([[ASKER, expect.objectContaining({ type: 'codeShortenFailed', by: 'Sam' })]]);
  });

  it('a job queued before the chat was carried (no convKey) still runs for the holder', async () => {
    const w = world({ owner: NEW_HOLDER });
    const { convKey: _none, ...old } = job();
    await w.departures.run(old);
    expect(w.shortened).toHaveLength(1);
    expect(w.told.map((t) => t.convKey)).toEqual([NEW_HOLDER]);
  });

  it('the booking cancelled meanwhile: the waiting chat hears why nothing changed, so it is not left "requested"', async () => {
    const w = world({ booking: { status: 'cancelled' } });
    await w.departures.run(job());
    expect(w.shortened).toEqual([]);
    expect(w.told.map((t) => [t.convKey, t.event])).toEqual([[ASKER, expect.objectContaining({ type: 'codeShortenFailed', reason: expect.stringMatching(/cancelled/) })]]);
  });

  it('the booking gone: the same', async () => {
    const w = world({ booking: null });
    await w.departures.run(job());
    expect(w.told.map((t) => [t.convKey, t.event])).toEqual([[ASKER, expect.objectContaining({ type: 'codeShortenFailed', reason: expect.stringMatching(/no longer exists/) })]]);
  });

  it('a failure for good is told to the asker, not to a chat that got the booking since', async () => {
    const w = world({ owner: NEW_HOLDER });
    await w.departures.failed(job(), 'lock 2001 refused');
    expect(w.told.map((t) => t.convKey)).toEqual([ASKER]);
  });
});
