/**
 * npm run locks -- <command>: look at and fix the TTLock locks the bot manages, with the same
 * credentials, shared token and gateway turn-taking as the running bot (so it never collides
 * with a PIN job on the same gateway). Never prints tokens or passwords.
 */
import { loadConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import { createLogger } from '../logger.js';
import { loadProperties } from '../properties/properties.js';
import { connectRedis } from '../redis-connect.js';
import { redisKeys } from '../redis-keys.js';
import { parseArgs, USAGE } from './cli-args.js';
import { accountLocks, addTestCode, deleteCode, health, listCodes, lockLabels, syncTime } from './cli-commands.js';
import { createTTLock } from './create.js';
import { runCli, type CliIO } from '../cli.js';

async function run(argv: string[], env: NodeJS.ProcessEnv, io: CliIO): Promise<number> {
  const command = parseArgs(argv);
  if (typeof command === 'string') {
    io.err(command);
    io.err(USAGE);
    return 1;
  }
  if (command.name === 'help') {
    io.out(USAGE);
    return 0;
  }

  const config = loadConfig(env);
  const catalog = loadProperties(config.propertiesFile);
  if (config.locks.provider !== 'ttlock') {
    io.err('config: LOCK_PROVIDER is not ttlock: set TTLOCK_CLIENT_ID, TTLOCK_CLIENT_SECRET, TTLOCK_USERNAME and TTLOCK_PASSWORD');
    return 1;
  }

  const redis = await connectRedis(config.redisUrl);
  // Logs go to stderr and stay quiet unless asked for: stdout is the command's answer.
  const logger = createLogger(env.LOG_LEVEL ?? 'warn', process.stderr as never);
  const ttlock = createTTLock({ settings: config.locks, redis, keys: redisKeys(config.redisPrefix), catalog, logger });
  const ctx = { ttlock, catalog, io, pinLength: config.pin.length };
  try {
    switch (command.name) {
      case 'account':
        return await accountLocks(ctx);
      case 'list':
        return await listCodes(ctx, command.lockId, command.showCodes);
      case 'delete':
        return await deleteCode(ctx, command.lockId, command.codeId);
      case 'add-test':
        return await addTestCode(ctx, command.lockId, command.minutes);
      case 'health': {
        const lockIds = command.lockIds.length ? command.lockIds : [...lockLabels(catalog).keys()];
        return await health(ctx, lockIds);
      }
      case 'sync-time':
        return await syncTime(ctx, command.lockIds.length ? command.lockIds : [...lockLabels(catalog).keys()]);
    }
  } catch (err) {
    const message = errorMessage(err);
    const lock = 'lockId' in command && !message.startsWith('lock ') ? `lock ${command.lockId}: ` : '';
    io.err(`error: ${lock}${message}`);
    return 1;
  } finally {
    await ttlock.provider.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}

runCli('locks', run);
