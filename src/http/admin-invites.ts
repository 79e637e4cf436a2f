import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { inviteMessage, type Invitation } from '../bookings/invite.js';
import type { BookingService } from '../bookings/service.js';
import { normalizeRef, REF_PATTERN } from '../flows/parse/ref.js';

export interface InviteRouteDeps {
  bookings: Pick<BookingService, 'get'>;
  /** The booking's links and QR codes for the channels configured. */
  invite: (ref: string) => Promise<Invitation>;
}

const params = z.object({ ref: z.string().max(200), channel: z.enum(['telegram', 'whatsapp']).optional() });

/**
 * `GET /admin/bookings/:ref/invite`: the links that start this booking's check-in, a QR code of
 * each, and a message to paste into the booking confirmation. `…/invite/telegram.svg` and
 * `…/invite/whatsapp.svg`: the QR code alone, for a printed card.
 */
export function inviteRoutes(deps: InviteRouteDeps) {
  return (admin: FastifyInstance): void => {
    const load = async (raw: unknown) => {
      const p = params.safeParse(raw);
      const ref = p.success ? normalizeRef(p.data.ref) : '';
      if (!REF_PATTERN.test(ref)) return { status: 400, body: { error: 'invalid booking', issues: ['ref: must be 3-32 letters or digits'] } } as const;
      const booking = await deps.bookings.get(ref);
      if (!booking) return { status: 404, body: { error: `no booking ${ref}` } } as const;
      if (booking.status === 'cancelled') return { status: 409, body: { error: `booking ${ref} is cancelled: no invitation` } } as const;
      const invitation = await deps.invite(ref);
      if (!invitation.telegram && !invitation.whatsapp) {
        return { status: 409, body: { error: 'no guest channel is configured (TELEGRAM_BOT_TOKEN or TWILIO_*): nothing to invite to' } } as const;
      }
      return { status: 200, invitation, channel: p.success ? p.data.channel : undefined } as const;
    };

    admin.get('/admin/bookings/:ref/invite', async (request, reply) => {
      const r = await load(request.params);
      if (r.status !== 200) return reply.code(r.status).send(r.body);
      return { ...r.invitation, message: inviteMessage(r.invitation) };
    });

    admin.get('/admin/bookings/:ref/invite/:channel.svg', async (request, reply) => {
      const r = await load(request.params);
      if (r.status !== 200) return reply.code(r.status).send(r.body);
      const qr = r.channel ? r.invitation[r.channel] : undefined;
      if (!qr) return reply.code(404).send({ error: `${r.channel ?? 'that channel'} is not configured` });
      return reply.type('image/svg+xml').send(qr.qrSvg);
    });
  };
}
