import type { Redis } from 'ioredis';
import type { DestinationStream, Logger } from 'pino';
import type { Config } from '../config.js';
import type { PublicId } from '../flows/public-id.js';
import { createLogger } from '../logger.js';
import { loadProperties, type PropertyCatalog } from '../properties/properties.js';
import { loadPublicId } from '../public-id.js';
import { connectRedis } from '../redis-connect.js';
import { redisKeys } from '../redis-keys.js';

/** What every process starts from: its settings, properties, Redis client, chat naming and logger. */
export interface Base {
  readonly config: Config;
  readonly catalog: PropertyCatalog;
  readonly logger: Logger;
  /** A connected client (the caller checked that Redis answers). */
  readonly redis: Redis;
  /** How logs, audit entries, alerts and job ids name a chat (`loadPublicId`). */
  readonly publicId: PublicId;
}

export interface BootstrapOptions {
  config: Config;
  /** Default: PROPERTIES_FILE. */
  catalog?: PropertyCatalog;
  /** Default: a client that answered PING (`connectRedis`). */
  redis?: Redis;
  /** Default: LOG_LEVEL. */
  logLevel?: string;
  /** Where log lines go (default stdout). */
  logStream?: DestinationStream;
}

/**
 * The one start of every long-running entry point (`npm start`, the console chat, the test
 * harness): properties, Redis, the deployment's chat naming, then the logger that uses it.
 * One-shot commands start from `loadSettings` (src/cli.ts) instead: a dry run must write nothing,
 * not even the chat-naming secret this creates on first use.
 */
export async function bootstrap(opts: BootstrapOptions): Promise<Base> {
  const { config } = opts;
  const catalog = opts.catalog ?? loadProperties(config.propertiesFile);
  const redis = opts.redis ?? (await connectRedis(config.redisUrl));
  const publicId = await loadPublicId(redis, redisKeys(config.redisPrefix));
  const logger = createLogger(opts.logLevel ?? config.logLevel, opts.logStream, publicId);
  return { config, catalog, logger, redis, publicId };
}
