import type { FastifyInstance } from 'fastify';
import { createAdapters, createAdaptersOutbound } from './bot/channels.js';
import type { GuestChannel } from './bot/guest-channel.js';
import { bootstrap } from './compose/bootstrap.js';
import { adapterDepsOf, compose, type Services } from './compose/compose.js';
import { createInfrastructure } from './compose/infrastructure.js';
import { startWorkers, type Workers } from './compose/start-workers.js';
import { buildWebApp } from './compose/web-app.js';
import { loadConfig } from './config.js';
import { startMetricsServer } from './http/metrics-server.js';
import { redactUrl } from './redis-connect.js';
import { describeStartupError } from './startup-error.js';
import { errorMessage } from './errors.js';

/**
 * `npm start`. ROLE=web serves HTTP (admin API, health, metrics, channel webhooks), ROLE=worker
 * runs the BullMQ workers, ROLE=all (default) does both in one process. Any number of each can
 * run against one Redis.
 */
async function main(): Promise<void> {
  const base = await bootstrap({ config: loadConfig(process.env) });
  const { config, catalog, redis, logger } = base;
  redis.on('error', (err) => logger.error({ err: err.message }, 'redis error'));
  const infra = createInfrastructure(base);
  // Workers send too (a PIN pushed when its job finishes), so every role gets every configured channel.
  // The staff group too: workers mirror and alert; its commands arrive through the Telegram channel.
  const outbound = createAdaptersOutbound(infra);
  const services = compose(infra, outbound);
  const { channels, staff } = createAdapters(outbound, adapterDepsOf(services));
  // First, so a taken METRICS_PORT stops the process before it takes any work.
  const metricsServer = config.metrics ? await startMetricsServer({ ...config.metrics, metrics: services.metrics, logger }) : undefined;
  staff?.start();

  const web = config.role !== 'worker' ? await startWeb(services, channels) : undefined;
  const beforeCheckInMs = config.twilio?.invite?.beforeCheckInMs;
  const invitations = outbound.invitations;
  const workers: Workers | undefined =
    config.role !== 'web'
      ? startWorkers(services, {
          invitations:
            invitations && beforeCheckInMs
              ? { ...invitations, beforeCheckInMs }
              : undefined,
        })
      : undefined;
  logger.info(
    {
      role: config.role,
      redis: redactUrl(config.redisUrl),
      locks: services.provider.name,
      properties: catalog.list().length,
      channels: Object.keys(outbound.senders),
      staffGroup: staff !== undefined,
    },
    'checkin bot started',
  );
  if (!config.adminToken && web) logger.warn('ADMIN_TOKEN is not set: the admin API answers 401 to everyone');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, (config.shutdownGraceSeconds + 10) * 1000);
    force.unref();
    // Each step whatever the one before did: a webhook server that fails to close must not keep
    // the workers from finishing their jobs.
    let clean = true;
    const step = async (what: string, run: () => Promise<unknown> | undefined) => {
      try {
        await run();
      } catch (err) {
        clean = false;
        logger.error({ err: errorMessage(err) }, `shutdown: ${what} failed`);
      }
    };
    await step('closing the web server', () => web?.close()); // stop taking webhooks first; queued work stays in Redis
    if (web) for (const channel of channels) await step(`stopping ${channel.name}`, () => channel.stop?.());
    await step('closing the workers', () => workers?.close(config.shutdownGraceSeconds * 1000));
    await step('closing the metrics server', () => metricsServer?.close()); // after the workers: their last counts can still be scraped while they finish
    await step('stopping the staff group', () => staff?.stop());
    await step('closing the services', () => services.close());
    await redis.quit().catch(() => {});
    logger.info('stopped');
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function startWeb(services: Services, channels: GuestChannel[]) {
  const { config } = services;
  const app = buildWebApp(services, { routes: channels.flatMap((c) => (c.routes ? [(a: FastifyInstance) => c.routes!(a)] : [])) });
  await app.listen({ port: config.port, host: config.host });
  for (const channel of channels) await channel.start?.();
  return app;
}

main().catch((err: unknown) => {
  for (const line of describeStartupError(err, 'start-up failed')) console.error(line);
  process.exit(1);
});
