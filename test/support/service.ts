import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './process.js';

export type Role = 'web' | 'worker' | 'all';

/** One `npm start` process, configured only through its environment. */
export class ServiceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private out = '';

  constructor(
    readonly name: string,
    readonly role: Role,
    env: Record<string, string>,
    /** Set for roles that serve HTTP. */
    readonly port: number | undefined,
    /** Node options before the script (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
    nodeArgs: string[] = [],
  ) {
    this.child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, ROLE: role, ...(port ? { PORT: String(port) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Only the tail: a long run logs megabytes and only the end explains a failure.
    const keep = (d: Buffer) => (this.out = (this.out + d.toString()).slice(-200_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  get base(): string {
    if (!this.port) throw new Error(`${this.name} serves no HTTP`);
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.out;
  }

  /** Ready when its HTTP answers /healthz (web, all) or it logged that it started (worker). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive) throw new Error(`${this.name} exited at start:\n${this.out.slice(-5000)}`);
      if (this.port) {
        const res = await fetch(`${this.base}/healthz`).catch(() => undefined);
        if (res?.ok) return;
      } else if (this.out.includes('checkin bot started')) {
        return;
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.out.slice(-5000)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  async kill9(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<number | null> {
    if (this.alive) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
