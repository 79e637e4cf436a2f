import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.js';
import type { Metrics } from './metrics.js';

/** GET /metrics: the Prometheus text of this process's registry. */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}

export interface MetricsServerOptions {
  host: string;
  port: number;
  metrics: Metrics;
  logger: Logger;
}

/**
 * /metrics on a listener of its own (METRICS_PORT), so it can sit on an interface the public
 * listener does not, and a worker process, which has no HTTP otherwise, can be scraped too.
 */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger.child({ component: 'metrics' }) as FastifyBaseLogger,
    // A scrape every few seconds would bury the log.
    disableRequestLogging: true,
  });
  registerMetricsRoute(app, opts.metrics);
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await app.close().catch(() => {});
    // Fastify's message names neither setting: say which one to change.
    throw new Error(`cannot serve /metrics on ${opts.host}:${opts.port} (METRICS_HOST / METRICS_PORT): ${errorMessage(err)}`, { cause: err });
  }
  return app;
}
