import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './process.js';

export interface ThrowawayRedisOptions {
  /**
   * Append-only file fsynced on every write, in a temp dir, so that a kill -9 and restart on the
   * same port keeps every acknowledged write, as a production Redis with AOF would. Without it
   * a restart is a wipe, which no service can be expected to survive.
   */
  persist?: boolean;
}

/**
 * A private redis-server child on a free loopback port. The shared Redis on 6379 is never
 * touched: kill -9, restart and memory readings here concern nobody else.
 */
export class ThrowawayRedis {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private client: Redis | undefined;
  private log = '';

  private constructor(
    readonly port: number,
    private readonly dir: string | undefined,
  ) {}

  static async start(opts: ThrowawayRedisOptions = {}): Promise<ThrowawayRedis> {
    const dir = opts.persist ? mkdtempSync(join(tmpdir(), 'checkin-redis-')) : undefined;
    const redis = new ThrowawayRedis(await freePort(), dir);
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A client for the test's own checks; it reconnects by itself across a restart. */
  get redis(): Redis {
    if (!this.client) {
      this.client = new Redis(this.url, { maxRetriesPerRequest: null });
      this.client.on('error', () => {}); // reconnects on its own across a restart
    }
    return this.client;
  }

  /** Every key matching `pattern` (SCAN, so a large keyspace is read in steps). */
  async keys(pattern: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
    return found;
  }

  private async launch(): Promise<void> {
    const persistence = this.dir
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir]
      : ['--appendonly', 'no'];
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no', '--maxclients', '2000'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout!.on('data', (d) => (this.log = (this.log + d).slice(-4000)));
    child.stderr!.on('data', (d) => (this.log = (this.log + d).slice(-4000)));
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited at start:\n${this.log}`);
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      const ok = await probe
        .connect()
        .then(() => probe.ping())
        .then(() => true)
        .catch(() => false);
      probe.disconnect();
      // With AOF the server answers LOADING until the file is replayed; ping succeeds only after.
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kill -9: no shutdown save, clients see the connection drop. */
  async crash(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGSTOP: the port still accepts connections, nothing answers (a hung or swapping Redis). */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async restart(): Promise<void> {
    await this.launch();
  }

  async close(): Promise<void> {
    this.client?.disconnect();
    await this.crash();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
