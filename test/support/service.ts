import { freePort, runNode, type Started } from './process.js';

export type Role = 'web' | 'worker' | 'all';

export interface ServiceOptions {
  /**
   * Its whole environment beyond PATH, and PORT and HOST when it has a port (REDIS_URL, ROLE…); a
   * function of its base URL when it needs its own address (PUBLIC_BASE_URL).
   */
  env: Record<string, string> | ((base: string) => Record<string, string>);
  /** PORT (HOST 127.0.0.1): a free port (default), this one, or false for neither (a worker, or a start meant to fail). */
  port?: number | false;
  /**
   * Resolved once: its /healthz answers 2xx ('healthz', the default with a port); its log says it
   * started ('log', the default without); this URL answers 2xx; or at once (false).
   */
  ready?: 'healthz' | 'log' | { url: string } | false;
  /** Default 20 s. */
  readyTimeoutMs?: number;
  /** The entry point: `src/main.ts` through tsx (default), or a built `main.js` as `npm start` runs it. */
  main?: string;
  /** Node options before the script (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
  /** Keep only the tail of its output (see RunOptions). */
  keepOutput?: number;
  /** For messages (default "service"). */
  name?: string;
}

/** One process of the service, started as an operator starts it: the real entry point, configured only through its environment. */
export class ServiceProcess implements Started {
  readonly child: Started['child'];
  readonly exited: Started['exited'];
  readonly output: Started['output'];
  readonly stdout: Started['stdout'];
  readonly stderr: Started['stderr'];

  constructor(
    readonly name: string,
    /** Set for processes that serve HTTP. */
    readonly port: number | undefined,
    readonly env: Record<string, string>,
    started: Started,
  ) {
    ({ child: this.child, exited: this.exited, output: this.output, stdout: this.stdout, stderr: this.stderr } = started);
  }

  get role(): string {
    return this.env.ROLE ?? 'all';
  }

  get base(): string {
    if (!this.port) throw new Error(`${this.name} serves no HTTP`);
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async ready(how: Exclude<ServiceOptions['ready'], undefined>, timeoutMs: number): Promise<void> {
    if (how === false) return;
    const url = how === 'healthz' ? `${this.base}/healthz` : how === 'log' ? undefined : how.url;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive) throw new Error(`${this.name} exited at start:\n${this.output().slice(-5000)}`);
      if (url) {
        const res = await fetch(url).catch(() => undefined);
        if (res?.ok) return;
      } else if (this.output().includes('checkin bot started')) {
        return;
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output().slice(-5000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** PUT /admin/bookings/<ref> with the ADMIN_TOKEN it was started with, as an operator's booking import does. */
  putBooking(booking: { ref: string }): Promise<Response> {
    return fetch(`${this.base}/admin/bookings/${booking.ref}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${this.env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(booking),
    });
  }

  /** Sends `signal` unless it already ended, and SIGKILL after `graceMs`; resolves with the exit code (null when a signal ended it). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<number | null> {
    if (this.alive) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  async kill9(): Promise<void> {
    await this.stop('SIGKILL');
  }
}

/**
 * Starts the service (`npm start`, or `npm run dev` from source) and waits until it is ready; a
 * process that does not get ready is killed, and the error carries the end of its output.
 */
export async function startService(opts: ServiceOptions): Promise<ServiceProcess> {
  const port = opts.port === false ? undefined : (opts.port ?? (await freePort()));
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...(port === undefined ? {} : { HOST: '127.0.0.1', PORT: String(port) }),
    ...(typeof opts.env === 'function' ? opts.env(base) : opts.env),
  };
  const main = opts.main ?? 'src/main.ts';
  const args = [...(opts.nodeArgs ?? []), ...(main.endsWith('.ts') ? ['--import', 'tsx'] : []), main];
  const service = new ServiceProcess(opts.name ?? 'service', port, env, runNode(args, env, { keepOutput: opts.keepOutput }));
  try {
    await service.ready(opts.ready ?? (port === undefined ? 'log' : 'healthz'), opts.readyTimeoutMs ?? 20_000);
  } catch (err) {
    await service.kill9();
    throw err;
  }
  return service;
}
