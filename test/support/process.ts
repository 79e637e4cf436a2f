import { execFile, spawn, type ChildProcess } from 'node:child_process';
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
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export interface RunOptions {
  /** Written to its stdin, which is then closed (default: no stdin, as under a supervisor). */
  input?: string;
  /** Keep only the last this many characters of what it writes: a long run logs megabytes, and only the end explains a failure. */
  keepOutput?: number;
}

/** A TypeScript script of the repo run through tsx, as `npm run dev` / `npm run chat` / the CLIs run it, configured only through its environment. */
export function runScript(script: string, env: Record<string, string>, args: string[] = [], opts: RunOptions = {}): Started {
  return runNode(['--import', 'tsx', script, ...args], env, opts);
}

/** `node <args>` in the repository's root with only `env` (and PATH): e.g. the built `dist/main.js`, as `npm start` runs it. */
export function runNode(args: string[], env: Record<string, string>, opts: RunOptions = {}): Started {
  // A web process with WhatsApp would otherwise spool into the repository's ./var/spool.
  const spoolDir = env.WHATSAPP_SPOOL_DIR === undefined ? mkdtempSync(join(tmpdir(), 'checkin-e2e-spool-')) : undefined;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...(spoolDir ? { WHATSAPP_SPOOL_DIR: spoolDir } : {}), ...env },
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (spoolDir) child.once('exit', () => rmSync(spoolDir, { recursive: true, force: true }));
  const keep = opts.keepOutput === undefined ? (s: string) => s : (s: string) => s.slice(-opts.keepOutput!);
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    out = keep(out + d);
    stdout = keep(stdout + d);
  });
  child.stderr!.on('data', (d) => {
    out = keep(out + d);
    stderr = keep(stderr + d);
  });
  if (opts.input !== undefined) {
    child.stdin!.on('error', () => {}); // it may exit before reading all of it
    child.stdin!.end(opts.input);
  }
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => out, stdout: () => stdout, stderr: () => stderr, exited };
}

export interface CommandRun {
  /** The exit code; null when it was killed (its timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A command as an operator types it (`npm run locks -- …`, a CLI script), in the repository's
 * root (or `cwd`) with only `env` and PATH, so settings on the developer's machine cannot change
 * the outcome; its output once it exits, or it is killed after `timeoutMs`.
 */
export function runCommand(file: string, args: string[], opts: { env: Record<string, string | undefined>; timeoutMs: number; cwd?: string }): Promise<CommandRun> {
  return new Promise((done) => {
    execFile(file, args, { cwd: opts.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '', ...opts.env }, timeout: opts.timeoutMs }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}
