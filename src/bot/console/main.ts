import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../config.js';
import { bootstrap } from '../../compose/bootstrap.js';
import { compose, type Services } from '../../compose/compose.js';
import { createInfrastructure } from '../../compose/infrastructure.js';
import { startWorkers } from '../../compose/start-workers.js';
import { describeStartupError } from '../../startup-error.js';
import { ConsoleChannel } from './console-channel.js';
import { demoBookings } from './demo.js';

/**
 * `npm run chat`: the whole check-in in a terminal, on the real engine, Redis and BullMQ
 * workers, with simulated locks. Each run uses its own Redis key prefix (deleted on exit), so
 * it never touches real bookings and can run beside a live bot.
 */
async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const settings = loadConfig(process.env);
  const config = loadConfig({
    ...process.env,
    LOCK_PROVIDER: 'simulated',
    REDIS_PREFIX: `${settings.redisPrefix}chat-${runId}:`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  });
  const base = await bootstrap({ config, logStream: process.stderr as never });
  const { catalog, redis } = base;
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const channel = new ConsoleChannel(print);
  const services = compose(createInfrastructure(base), {
    senders: { console: channel },
    alertSinks: [{ alert: async (a) => print(`\n  !! staff alert (${a.kind}${a.ref ? `, booking ${a.ref}` : ''}): ${a.detail}`) }],
  });
  const workers = startWorkers(services, { sweepIntervalMs: 1_000 });

  const demos = demoBookings(catalog);
  // Through the booking service, as every writer: the demo's bookings get the same follow-up jobs as real ones.
  for (const d of demos) await services.bookingService.upsert(d.input);
  print('Checkin Bot - terminal chat with demo data (simulated locks, 2-5 s per lock).');
  print(`Demo bookings: ${demos.map((d) => `${d.input.ref} (${d.note})`).join(', ')}.`);
  print('Type as a guest would. Numbers press buttons. HELP lists commands; /fail permanent makes the next lock operation fail;');
  print('/open 123456 types a code at the front door (your first opening gets the welcome); Ctrl-D quits.');

  const chatId = `local-${runId}`;
  const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    rl.close();
    await workers.close(5_000);
    await services.close();
    await deleteByPrefix(redis, config.redisPrefix);
    await redis.quit();
    process.exit(0);
  };

  const send = async (line: string) => {
    const failure = /^\/fail\s+(busy|offline|permanent|lost-response|unexpected)\s*$/i.exec(line.trim());
    if (failure) {
      const provider = services.provider as { injectFailures?: (lockId: number, f: string[]) => Promise<void> };
      const room = catalog.room(demos[0]!.input.propertyId, demos[0]!.input.roomId)!;
      await provider.injectFailures?.(room.room.lockId, Array(10).fill(failure[1]!.toLowerCase()));
      print(`  (the lock of ${room.room.name} will answer "${failure[1]}" to its next operations)`);
      return;
    }
    const opening = /^\/open\s+(\d{4,9})\s*$/i.exec(line.trim());
    if (opening) {
      const provider = services.provider as { simulateOpening?: (lockId: number, code: string) => Promise<{ kind: string }> };
      const door = catalog.property(demos[0]!.input.propertyId)!.frontDoorLockId;
      const record = await provider.simulateOpening?.(door, opening[1]!);
      print(`  (front door: ${record?.kind === 'opened' ? 'opened' : 'code refused'}; the lock records are read now)`);
      await services.staySweeps.runNow('arrival');
      return;
    }
    const { processed } = await services.engine.receive({ channel: 'console', chatId, event: channel.toEvent(line) });
    await processed;
  };

  // Lines are handled one after another, like a chat; the PIN can still arrive in between.
  let queue: Promise<unknown> = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(() => send(line)).catch((err: unknown) => print(`  (error: ${err instanceof Error ? err.message : String(err)})`));
  });
  rl.on('close', () => {
    // Piped input: let the last answers and a PIN still on its way arrive before leaving.
    void queue.then(() => waitForQuiet(services, chatId)).then(shutdown);
  });
  process.on('SIGINT', () => void shutdown());
  await (await services.engine.receive({ channel: 'console', chatId, event: { type: 'start' } })).processed;
}

/** Waits until the conversation has nothing queued and no PIN job is running (max 60 s). */
async function waitForQuiet(services: Pick<Services, 'queues' | 'store'>, chatId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    // Delayed: a PIN job waiting to retry after a lock error is still on its way.
    const [counts, pending] = await Promise.all([services.queues.pin.getJobCounts('active', 'waiting', 'delayed'), services.store.pending()]);
    const unfinished = (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.delayed ?? 0);
    if (unfinished === 0 && !pending.includes(`console:${chatId}`)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function deleteByPrefix(redis: import('ioredis').Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

main().catch((err: unknown) => {
  for (const line of describeStartupError(err, 'chat failed')) console.error(line);
  process.exit(1);
});
