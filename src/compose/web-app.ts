import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { invitation } from '../bookings/invite.js';
import { inviteSettings } from '../bot/invite-settings.js';
import { conversationRoutes } from '../http/admin-conversations.js';
import { inviteRoutes } from '../http/admin-invites.js';
import { buildApp } from '../http/server.js';
import type { Services } from './compose.js';

export interface WebAppOptions {
  /** The channels' webhook routes. */
  routes?: Array<(app: FastifyInstance) => void>;
  /** Default: the services' logger. */
  logger?: Logger;
  /** Default: ADMIN_TOKEN. */
  adminToken?: string | undefined;
}

/** The HTTP app of a web process: health, metrics, the admin API's route groups and the channels' webhooks. */
export function buildWebApp(s: Services, opts: WebAppOptions = {}): FastifyInstance {
  const { config } = s;
  const invites = inviteSettings(config);
  return buildApp({
    logger: opts.logger ?? s.logger,
    adminToken: 'adminToken' in opts ? opts.adminToken : config.adminToken,
    bookings: s.bookingService,
    catalog: s.catalog,
    metrics: s.metrics,
    serveMetrics: config.metrics === undefined,
    redisPing: async () => {
      await s.redis.ping();
    },
    adminRoutes: [
      conversationRoutes({ store: s.store, engine: s.engine, reassigner: s.reassigner, limits: s.guessLimits }),
      inviteRoutes({ bookings: s.bookingService, invite: (ref) => invitation(ref, invites) }),
    ],
    routes: opts.routes ?? [],
  });
}
