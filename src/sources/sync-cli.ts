/**
 * npm run bookings:sync -- [--dry-run]
 * One sync of every booking source now (iCal feeds, Beds24), printed: what it created, changed and
 * cancelled (with --dry-run: what it would, writing nothing and leaving Beds24's cursor where it
 * is). Sources backing off after failures are read anyway.
 */
import { createBookingService } from '../bookings/booking-jobs.js';
import { BookingStore } from '../bookings/store.js';
import { loadSettings, runCli, type CliIO } from '../cli.js';
import { retentionMs } from '../config.js';
import { createCleanupQueue } from '../jobs/queues.js';
import { createLogger } from '../logger.js';
import { connectRedis, createBullConnection } from '../redis-connect.js';
import { redisKeys } from '../redis-keys.js';
import { StaffAlerts } from '../oversight/alerts.js';
import { formatReport } from './report.js';
import { bookingSyncOf } from './booking-sync-of.js';
import type { BookingSyncDeps } from './sync.js';

const USAGE = 'usage: npm run bookings:sync -- [--dry-run]';

/** A dry run must write nothing, not even a queue's bookkeeping: its service refuses to be used. */
const NO_WRITES: BookingSyncDeps['service'] = {
  upsertFromSource: () => Promise.reject(new Error('a dry run writes nothing')),
  cancelFromSource: () => Promise.reject(new Error('a dry run writes nothing')),
};

async function runSync(argv: string[], env: NodeJS.ProcessEnv, io: CliIO): Promise<number> {
  const unknown = argv.filter((a) => a !== '--dry-run');
  if (unknown.length > 0) {
    io.err(`unknown argument ${unknown.join(', ')}`);
    io.err(USAGE);
    return 1;
  }
  const dryRun = argv.includes('--dry-run');
  const settings = loadSettings(env, io);
  if (!settings) return 1;
  const { config, catalog } = settings;
  const redis = await connectRedis(config.redisUrl, { timeoutMs: 3_000 });
  const keys = redisKeys(config.redisPrefix);
  // Logs go to stderr at warn and above (a feed that fails, an alert raised); the report is stdout.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  const store = new BookingStore(redis, keys);
  const connection = dryRun ? undefined : createBullConnection(config.redisUrl);
  const cleanupQueue = connection ? createCleanupQueue(connection, keys.bullPrefix()) : undefined;
  try {
    const service = cleanupQueue ? createBookingService({ store, cleanupQueue, retentionMs: retentionMs(config) }) : NO_WRITES;
    // Alerts are kept in Redis and logged; the staff group posts only what its own process raises.
    const alerts = new StaffAlerts(redis, keys, logger);
    const sync = bookingSyncOf({ config, catalog, redis, keys, logger, service, store, alerts });
    if (sync.sourceCount === 0) {
      io.out('no booking feeds in properties.json (rooms[].ical) and no Beds24 (BEDS24_REFRESH_TOKEN with beds24PropertyId): nothing to sync');
      return 0;
    }
    const report = await sync.run({ dryRun, force: true, waitMs: 30_000 });
    if (dryRun) io.out('dry run: nothing is written');
    for (const line of formatReport(report)) io.out(line);
    return report.busy || report.sources.some((s) => s.outcome === 'failed' || s.outcome === 'stopped') ? 1 : 0;
  } finally {
    // A queue still starting when its connection quits rejects with no one listening.
    await cleanupQueue?.waitUntilReady().catch(() => {});
    await cleanupQueue?.close().catch(() => {});
    await connection?.quit().catch(() => {});
    await redis.quit().catch(() => redis.disconnect());
  }
}

runCli('bookings:sync failed', runSync);
