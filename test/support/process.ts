import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository's root, where `npm start` and the `npm run` scripts run. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** A port nobody listens on right now (the OS picks it), for a process the test starts. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => done(port));
    });
    srv.on('error', fail);
  });
}

export interface Started {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr together. */
  output: () => string;
  exited: Promise<number | null>;
}

/** A TypeScript script of the repo run through tsx, as `npm run dev` / `npm run chat` / the CLIs run it, configured only through its environment. */
export function runScript(script: string, env: Record<string, string>, args: string[] = []): Started {
  return runNode(['--import', 'tsx', script, ...args], env);
}

/** `node <args>` in the repository's root with only `env` (and PATH): e.g. the built `dist/main.js`, as `npm start` runs it. */
export function runNode(args: string[], env: Record<string, string>): Started {
  // A web process with WhatsApp would otherwise spool into the repository's ./var/spool.
  const spoolDir = env.WHATSAPP_SPOOL_DIR === undefined ? mkdtempSync(join(tmpdir(), 'checkin-e2e-spool-')) : undefined;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...(spoolDir ? { WHATSAPP_SPOOL_DIR: spoolDir } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (spoolDir) child.once('exit', () => rmSync(spoolDir, { recursive: true, force: true }));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => out, exited };
}
