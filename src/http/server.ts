import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { normalizeRef } from '../flows/parse/ref.js';
import type { BookingService } from '../bookings/service.js';
import { parseBookingInput } from '../bookings/validate.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { Metrics } from './metrics.js';
import { registerMetricsRoute } from './metrics-server.js';

export interface AppDeps {
  logger: Logger;
  /** undefined disables the admin API (every /admin route answers 401). */
  adminToken: string | undefined;
  bookings: BookingService;
  catalog: PropertyCatalog;
  redisPing: () => Promise<void>;
  metrics: Metrics;
  /** false when /metrics has a listener of its own (METRICS_PORT): then the main one answers 404 there. */
  serveMetrics?: boolean;
  /** Channel webhooks and other route groups, registered after the built-in ones. */
  routes?: Array<(app: FastifyInstance) => void>;
  /** More /admin routes, behind the same bearer-token check. */
  adminRoutes?: Array<(admin: FastifyInstance) => void>;
}

const BODY_LIMIT = 64 * 1024;
const HEALTH_TIMEOUT_MS = 1_000;
/** Incoming ids end up in every log line; anything odd is replaced rather than trusted. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

const refParams = z.object({ ref: z.string().max(200) });

export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    // pino's Logger and fastify's FastifyBaseLogger differ only in generics; this keeps the app type plain.
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: one series per route however many refs are looked up.
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'internal error', requestId: request.id });
    }
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
        ? 'malformed JSON body'
        : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'empty JSON body'
          : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? `body larger than ${BODY_LIMIT / 1024} KB`
            : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
              ? 'unsupported content-type (send application/json)'
              : (error.message ?? 'bad request');
    return reply.code(status).send({ error: message });
  });

  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` }));

  app.get('/healthz', async (_request, reply) => {
    const reason = await pingWithin(deps.redisPing, HEALTH_TIMEOUT_MS);
    return reason === undefined ? { status: 'ok' } : reply.code(503).send({ status: 'unavailable', redis: reason });
  });

  if (deps.serveMetrics !== false) registerMetricsRoute(app, deps.metrics);

  app.register(async (admin) => {
    // onRequest runs before the body is read, so an unauthenticated caller costs no parsing.
    admin.addHook('onRequest', async (request, reply) => {
      const problem = authProblem(deps.adminToken, request.headers.authorization);
      if (problem) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: problem });
    });
    registerBookingRoutes(admin, deps);
    for (const register of deps.adminRoutes ?? []) register(admin);
  });

  for (const register of deps.routes ?? []) register(app);
  return app;
}

function registerBookingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const refOf = (request: FastifyRequest, reply: FastifyReply): string | undefined => {
    const params = refParams.safeParse(request.params);
    const ref = params.success ? normalizeRef(params.data.ref) : '';
    if (ref === '') {
      void reply.code(400).send({ error: 'invalid booking', issues: ['ref: must be 3-32 letters or digits'] });
      return undefined;
    }
    return ref;
  };

  app.put('/admin/bookings/:ref', async (request, reply) => {
    const ref = refOf(request, reply);
    if (ref === undefined) return reply;
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply.code(400).send({ error: 'invalid booking', issues: ['body: must be a JSON object'] });
    }
    const bodyRef = (body as { ref?: unknown }).ref;
    if (typeof bodyRef === 'string' && bodyRef.trim() !== '' && normalizeRef(bodyRef) !== ref) {
      return reply.code(400).send({
        error: 'invalid booking',
        issues: [`ref: "${normalizeRef(bodyRef)}" in the body does not match "${ref}" in the URL`],
      });
    }
    const parsed = parseBookingInput({ ...body, ref: typeof bodyRef === 'string' && bodyRef.trim() !== '' ? bodyRef : ref }, deps.catalog);
    if (!parsed.ok) return reply.code(400).send({ error: 'invalid booking', issues: parsed.issues });
    const { booking, created } = await deps.bookings.upsert(parsed.input);
    request.log.info({ ref: booking.ref, created }, 'booking saved');
    return reply.code(created ? 201 : 200).send(booking);
  });

  app.get('/admin/bookings/:ref', async (request, reply) => {
    const ref = refOf(request, reply);
    if (ref === undefined) return reply;
    const booking = await deps.bookings.get(ref);
    return booking ?? reply.code(404).send({ error: `no booking ${ref}` });
  });

  app.delete('/admin/bookings/:ref', async (request, reply) => {
    const ref = refOf(request, reply);
    if (ref === undefined) return reply;
    const booking = await deps.bookings.cancel(ref);
    if (!booking) return reply.code(404).send({ error: `no booking ${ref}` });
    request.log.info({ ref }, 'booking cancelled');
    return booking;
  });
}

function authProblem(adminToken: string | undefined, header: string | undefined): string | undefined {
  if (adminToken === undefined) return 'admin API disabled: set ADMIN_TOKEN';
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (presented === undefined) return 'missing bearer token (Authorization: Bearer <ADMIN_TOKEN>)';
  // Hashing first gives equal-length buffers, so timingSafeEqual never leaks the token's length.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(adminToken)) ? undefined : 'wrong bearer token';
}

/** undefined when Redis answered in time, otherwise why not. */
async function pingWithin(ping: () => Promise<void>, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}
