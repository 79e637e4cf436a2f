import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import type { BookingInput } from '../../src/bookings/booking.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { ChannelSender } from '../../src/conversation/effect-runner.js';
import type { StaffMirror } from '../../src/conversation/mirror.js';
import type { AlertSink } from '../../src/oversight/alerts.js';
import type { ConversationEngine, Inbound, Received } from '../../src/conversation/engine.js';
import { DeliveryError } from '../../src/errors.js';
import type { Button, SendEffect } from '../../src/flows/effects.js';
import type { FlowEvent, InboundMeta } from '../../src/flows/events.js';
import type { PublicId } from '../../src/flows/public-id.js';
import { conversationKey, type Channel } from '../../src/flows/state.js';
import { pinJobId } from '../../src/jobs/queues.js';
import type { LockCode } from '../../src/locks/provider.js';
import type { Logger } from 'pino';
import { SimulatedLockProvider } from '../../src/locks/simulated.js';
import type { PropertyCatalog } from '../../src/properties/properties.js';
import { redisKeys, type RedisKeys } from '../../src/redis-keys.js';
import { bootstrap, type Base } from '../../src/compose/bootstrap.js';
import { compose, type Outbound, type Services } from '../../src/compose/compose.js';
import { createInfrastructure, type Infrastructure } from '../../src/compose/infrastructure.js';
import { startWorkers as startServiceWorkers, type StartWorkersOptions, type WorkerServices, type Workers } from '../../src/compose/start-workers.js';
import type { StaffAlert } from '../../src/oversight/alerts.js';
import { ROOT } from '../support/process.js';
import { waitFor } from '../support/wait.js';
import { demoCatalog } from './properties.js';
import { deleteByPrefix, TEST_REDIS_URL } from './redis.js';
import { ttlockEnv, withTestTTLockTimings, type TestTTLockOptions } from './ttlock.js';

/** One message a bot sent, as a channel received it. */
export interface SentMessage {
  channel: Channel;
  chatId: string;
  text: string;
  buttons: Button[] | undefined;
  secret: { redacted: string } | undefined;
  askContact: boolean | undefined;
  /** Which process sent it: 'local' (this test process) or a child's label. */
  by: string;
}

/** A ChannelSender that records every message; `failNext` makes the next sends throw DeliveryError. */
export class CapturingSender implements ChannelSender {
  private failures: { remaining: number; retryable: boolean } | undefined;

  constructor(
    readonly channel: Channel,
    readonly log: SentMessage[],
    readonly by = 'local',
  ) {}

  /** The next `count` sends fail (retryable: the engine retries them later; else it gives up and alerts staff). */
  failNext(count = 1, retryable = true): void {
    this.failures = { remaining: count, retryable };
  }

  async send(chatId: string, message: SendEffect): Promise<void> {
    if (this.failures && this.failures.remaining > 0) {
      this.failures.remaining--;
      throw new DeliveryError(`simulated ${this.channel} delivery failure`, this.failures.retryable);
    }
    this.log.push({
      channel: this.channel,
      chatId,
      text: message.text,
      buttons: message.buttons,
      secret: message.secret,
      askContact: message.askContact,
      by: this.by,
    });
  }
}

export interface TestRuntimeOptions {
  /** Extra environment for loadConfig (REDIS_PREFIX, REDIS_URL and fast simulated locks are preset). */
  env?: Record<string, string | undefined>;
  /** Adjusts the parsed config, for values outside loadConfig's bounds (e.g. pin.timeoutSeconds = 1). */
  configure?: (config: Config) => Config;
  /** Join another test runtime's keyspace (a second process of the same deployment). The first one cleans up. */
  prefix?: string;
  /** Channels that get a capturing sender (default: console). */
  channels?: Channel[];
  /** Share the record of sent messages with another test runtime. */
  log?: SentMessage[];
  /** Start the BullMQ workers and the sweeper right away (sweep every 100 ms unless told otherwise). */
  workers?: boolean | StartWorkersOptions;
  /** Bookings to store before the test starts. */
  bookings?: BookingInput[];
  catalog?: PropertyCatalog;
  /** Default: TEST_LOG_LEVEL or 'silent'. */
  logLevel?: string;
  /** Where log lines go (default stdout), e.g. to check what a run logged. */
  logStream?: DestinationStream;
  /** Use LOCK_PROVIDER=ttlock against this (fake) TTLock server, with test-sized timeouts and backoffs. */
  ttlock?: TestTTLockOptions;
  /** Staff mirrors the engine is built with. */
  mirrors?: StaffMirror[];
  /** Alert sinks the alerts are built with. */
  alertSinks?: AlertSink[];
  /**
   * Adapters' outbound parts (real channel senders, the staff group's mirror and sink), built
   * from the infrastructure before the engine, as main.ts does (see test/helpers/staff.ts).
   */
  outbound?: (infra: Infrastructure) => Pick<Outbound, 'senders' | 'mirrors' | 'alertSinks'>;
  /** Wraps the engine's notify as the workers call it (a test's stand-in that fails at a chosen moment). */
  workerNotify?: (real: ConversationEngine['notify']) => ConversationEngine['notify'];
}

/**
 * The services of a test process, by name (`t.runtime.engine`, `t.runtime.bookings`, ...).
 * `options` is what `Runtime.options` was, kept so older tests compile: the same values are
 * on the services themselves (`t.runtime.redis`, `t.runtime.logger`, ...).
 */
export type TestServices = Services & { readonly options: Base };

export interface SayOptions {
  channel?: Channel;
  deliveryId?: string;
  meta?: InboundMeta;
}

export interface TestRuntime {
  runtime: TestServices;
  config: Config;
  logger: Logger;
  /** The runtime's own client (each test runtime has its own connection). */
  redis: Redis;
  prefix: string;
  keys: RedisKeys;
  /** How this deployment names chats in logs, audit and job ids. */
  publicId: PublicId;
  catalog: PropertyCatalog;
  /** Every message sent on every channel, in order (shared when `log` was passed). */
  log: SentMessage[];
  senders: Partial<Record<Channel, CapturingSender>>;
  /** The simulated lock provider (throws if the runtime uses another one). */
  locks: SimulatedLockProvider;
  /** engine.receive, tracked so close() waits for it. */
  receive(inbound: Inbound): Promise<Received>;
  /** A guest event, awaited until its chat has nothing left queued (replies sent). Returns the replies it produced. */
  send(chatId: string, event: FlowEvent, opts?: SayOptions): Promise<SentMessage[]>;
  /** `send` of a typed text message. */
  say(chatId: string, text: string, opts?: SayOptions): Promise<SentMessage[]>;
  /** Waits until the chat's inbox and outbox are empty. */
  quiet(chatId: string, channel?: Channel, timeoutMs?: number): Promise<void>;
  /** Messages sent to one chat, in order. */
  sent(chatId: string, channel?: Channel): SentMessage[];
  alerts(count?: number): Promise<StaffAlert[]>;
  codes(lockId: number): Promise<LockCode[]>;
  /** State of the booking's PIN job ('unknown' when there is none). */
  pinJobState(ref: string): Promise<string>;
  startWorkers(opts?: StartWorkersOptions): Workers;
  /** Stops the workers started through this helper (close() does it too). */
  stopWorkers(graceMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The one polling helper (test/support/wait.ts), here too since most tests import their helpers from this file. */
export { waitFor };

export const FAST_LOCKS = { SIMULATED_LOCK_MIN_MS: '20', SIMULATED_LOCK_MAX_MS: '60' } as const;

/** A random prefix under the test namespace, so test files can share one Redis and run in parallel. */
export function randomPrefix(): string {
  return `test:${randomUUID()}:`;
}

/** Builds a process's services (as main.ts does: bootstrap, infrastructure, compose) on its own (or a shared) Redis prefix, with capturing channel senders. */
export async function startTestRuntime(opts: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const ownsPrefix = opts.prefix === undefined;
  const prefix = opts.prefix ?? randomPrefix();
  // Never the repository's ./var/spool: a spool left by one test would be replayed into another's keys.
  const spoolDir = opts.env?.WHATSAPP_SPOOL_DIR === undefined ? mkdtempSync(join(tmpdir(), 'checkin-test-spool-')) : undefined;
  const parsed = loadConfig({
    REDIS_URL: TEST_REDIS_URL,
    ...FAST_LOCKS,
    LOCK_PROVIDER: 'simulated',
    ...(opts.ttlock ? ttlockEnv(opts.ttlock) : {}),
    ...(spoolDir ? { WHATSAPP_SPOOL_DIR: spoolDir } : {}),
    ...opts.env,
    REDIS_PREFIX: prefix,
  });
  const sized = opts.ttlock ? withTestTTLockTimings(parsed, opts.ttlock) : parsed;
  const config = opts.configure ? opts.configure(sized) : sized;
  const catalog = opts.catalog ?? demoCatalog();
  const redis = new Redis(config.redisUrl);
  const base = await bootstrap({ config, catalog, redis, logLevel: opts.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent', ...(opts.logStream ? { logStream: opts.logStream } : {}) });
  const { publicId, logger } = base;
  const infra = createInfrastructure(base);
  const log = opts.log ?? [];
  const senders: Partial<Record<Channel, CapturingSender>> = {};
  for (const channel of opts.channels ?? ['console']) senders[channel] = new CapturingSender(channel, log);
  const adapters = opts.outbound?.(infra) ?? {};
  const services = compose(infra, {
    // A channel with neither sender fails for good, as in a process without it.
    senders: { ...senders, ...adapters.senders },
    mirrors: [...(opts.mirrors ?? []), ...(adapters.mirrors ?? [])],
    alertSinks: [...(opts.alertSinks ?? []), ...(adapters.alertSinks ?? [])],
  });
  const runtime: TestServices = { ...services, options: base };
  // Stored as they are (no follow-up jobs): a test that wants those writes through runtime.bookingService.
  for (const b of opts.bookings ?? []) await runtime.bookings.upsert(b);

  const inFlight = new Set<Promise<void>>();
  const started: Workers[] = [];
  const keys = redisKeys(prefix);

  const receive: TestRuntime['receive'] = async (inbound) => {
    const result = await runtime.engine.receive(inbound);
    const tracked = result.processed.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    return result;
  };

  const quiet: TestRuntime['quiet'] = async (chatId, channel = 'console', timeoutMs = 10_000) => {
    const convKey = conversationKey(channel, chatId);
    await waitFor(
      async () => {
        const [inbox, outbox] = await Promise.all([redis.llen(keys.convInbox(convKey)), redis.llen(keys.convOutbox(convKey))]);
        return inbox === 0 && outbox === 0;
      },
      timeoutMs,
      `${convKey} to have nothing queued`,
    );
  };

  const send: TestRuntime['send'] = async (chatId, event, o = {}) => {
    const channel = o.channel ?? 'console';
    const before = log.length;
    const { processed } = await receive({
      channel,
      chatId,
      event,
      ...(o.deliveryId ? { deliveryId: o.deliveryId } : {}),
      ...(o.meta ? { meta: o.meta } : {}),
    });
    await processed;
    // `processed` may settle early when another process (or a worker's notify) holds the chat.
    await quiet(chatId, channel);
    return log.slice(before).filter((m) => m.chatId === chatId && m.channel === channel);
  };

  const { engine } = services;
  const workerServices: WorkerServices = opts.workerNotify
    ? { ...services, engine: { notify: opts.workerNotify(engine.notify.bind(engine)), sweep: () => engine.sweep() } }
    : services;
  const startWorkers: TestRuntime['startWorkers'] = (o = {}) => {
    const workers = startServiceWorkers(workerServices, { sweepIntervalMs: 100, ...o });
    started.push(workers);
    return workers;
  };

  const stopWorkers = async (graceMs = 3_000) => {
    const all = started.splice(0);
    await Promise.all(all.map((w) => w.close(graceMs)));
  };

  if (opts.workers) startWorkers(opts.workers === true ? {} : opts.workers);

  let closed = false;
  return {
    runtime,
    config,
    logger,
    redis,
    prefix,
    keys,
    publicId,
    catalog,
    log,
    senders,
    get locks(): SimulatedLockProvider {
      if (!(runtime.provider instanceof SimulatedLockProvider)) throw new Error('this runtime does not use simulated locks');
      return runtime.provider;
    },
    receive,
    send,
    say: (chatId, text, o) => send(chatId, { type: 'text', text }, o),
    quiet,
    sent: (chatId, channel = 'console') => log.filter((m) => m.chatId === chatId && m.channel === channel),
    alerts: (count = 200) => runtime.alerts.recent(count),
    codes: (lockId) => runtime.provider.listCodes(lockId),
    async pinJobState(ref) {
      const job = await runtime.queues.pin.getJob(pinJobId(ref));
      return job ? await job.getState() : 'unknown';
    },
    startWorkers,
    stopWorkers,
    async close() {
      if (closed) return;
      closed = true;
      await stopWorkers();
      // Let drains this process started finish before their keys and connection go away.
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 5_000))]);
      await services.close();
      if (ownsPrefix) await Promise.all([deleteByPrefix(redis, prefix), deleteByPrefix(redis, `b_${prefix}`)]); // b_: the TTLock gateway queue's keys
      await redis.quit().catch(() => redis.disconnect());
      if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

/** The PIN digits in a message, if it is the PIN message. */
export function pinIn(message: SentMessage): string | undefined {
  return /Your door code is (\d+)/.exec(message.text)?.[1];
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the child's workers are running. */
  ready: Promise<void>;
  /** Resolves with the exit code (or the signal name) when the child ends. */
  exited: Promise<number | string>;
  stderr(): string;
  /** Chats whose send started and hangs (HANG_SENDS_TO). */
  hanging: string[];
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

const WORKER_SCRIPT = fileURLToPath(new URL('../fixtures/worker-process.ts', import.meta.url));

/**
 * A worker process (test/fixtures/worker-process.ts, demo catalog) on the given prefix, as a
 * separate OS process that can be SIGKILLed. Its console sends are appended to `log` with `by` = label.
 */
export function spawnWorkerProcess(opts: {
  prefix: string;
  env?: Record<string, string>;
  log: SentMessage[];
  label?: string;
  startWorkers?: StartWorkersOptions;
}): WorkerProcess {
  const label = opts.label ?? 'child';
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    cwd: ROOT,
    env: {
      ...process.env,
      REDIS_URL: TEST_REDIS_URL,
      ...FAST_LOCKS,
      LOCK_PROVIDER: 'simulated',
      ...opts.env,
      REDIS_PREFIX: opts.prefix,
      WORKER_OPTIONS: JSON.stringify(opts.startWorkers ?? {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const hanging: string[] = [];
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const ready = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let msg: { type?: string } & Partial<SentMessage>;
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (msg.type === 'ready') resolve();
      if (msg.type === 'sending') hanging.push(msg.chatId!);
      if (msg.type === 'sent') {
        opts.log.push({
          channel: msg.channel!,
          chatId: msg.chatId!,
          text: msg.text!,
          buttons: msg.buttons,
          secret: msg.secret,
          askContact: msg.askContact,
          by: label,
        });
      }
    });
    void exited.then((code) => reject(new Error(`worker process exited (${code}) before it was ready: ${err}`)));
  });
  ready.catch(() => {}); // observed by whoever awaits it
  return {
    child,
    ready,
    exited,
    stderr: () => err,
    hanging,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
