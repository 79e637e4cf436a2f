/**
 * npm run bookings:import -- FILE [--dry-run]
 * Loads a CSV or JSON export into Redis. Good rows are imported even when others are bad;
 * the exit code says whether the whole file was clean.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { retentionMs } from '../config.js';
import { redisKeys } from '../redis-keys.js';
import { createCleanupQueue } from '../jobs/queues.js';
import { createBullConnection, connectRedis } from '../redis-connect.js';
import { createBookingService } from './booking-jobs.js';
import { parseBookingsFile } from './import.js';
import { BookingStore } from './store.js';
import { loadSettings, runCli, type CliIO } from '../cli.js';

const USAGE = 'usage: npm run bookings:import -- FILE.csv|FILE.json [--dry-run]';

async function runImport(argv: string[], env: NodeJS.ProcessEnv, io: CliIO): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const unknownFlags = argv.filter((a) => a.startsWith('--') && a !== '--dry-run');
  const files = argv.filter((a) => !a.startsWith('--'));
  if (unknownFlags.length > 0 || files.length !== 1) {
    io.err(unknownFlags.length > 0 ? `unknown option ${unknownFlags.join(', ')}` : 'expected exactly one file');
    io.err(USAGE);
    return 1;
  }
  const file = files[0]!;
  const ext = extname(file).toLowerCase();
  const format = ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : undefined;
  if (!format) {
    io.err(`${file}: cannot tell the format from "${ext || '(no extension)'}"; use a .csv or .json file`);
    return 1;
  }

  const settings = loadSettings(env, io);
  if (!settings) return 1;
  const { config, catalog } = settings;

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.err(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return 1;
  }

  const { rows, errors } = parseBookingsFile(text, format, catalog);
  const report = () => {
    for (const e of errors) io.err(`line ${e.line}: ${e.reason}`);
    return errors.length > 0 ? 1 : 0;
  };

  if (dryRun) {
    io.out(`dry run: would import ${rows.length} booking${rows.length === 1 ? '' : 's'}, ${errors.length} bad row${errors.length === 1 ? '' : 's'}; nothing written`);
    return report();
  }

  const redis = await connectRedis(config.redisUrl, { timeoutMs: 3_000 });
  const keys = redisKeys(config.redisPrefix);
  // The workers move a booking's issued door code when it moves, and delete its guest data after the stay.
  const connection = createBullConnection(config.redisUrl);
  const cleanupQueue = createCleanupQueue(connection, keys.bullPrefix());
  try {
    const bookings = createBookingService({ store: new BookingStore(redis, keys), cleanupQueue, retentionMs: retentionMs(config) });
    let created = 0;
    let imported = 0;
    try {
      for (const row of rows) {
        const upserted = await bookings.upsert(row);
        imported++;
        if (upserted.created) created++;
      }
    } catch (err) {
      io.err(`stopped after importing ${imported} of ${rows.length} bookings: ${(err as Error).message}`);
      report();
      return 1;
    }
    io.out(`imported ${imported} booking${imported === 1 ? '' : 's'} (${created} new, ${imported - created} updated)`);
    return report();
  } finally {
    await cleanupQueue.close().catch(() => {});
    await connection.quit().catch(() => {});
    await redis.quit().catch(() => redis.disconnect());
  }
}

runCli('bookings:import failed', runImport);
