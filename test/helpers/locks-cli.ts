import { execFile } from 'node:child_process';
import { ROOT } from '../support/process.js';

export interface LocksRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run locks -- ...` as an operator types it, in a child process with only this environment (plus PATH and HOME). */
export function runLocksCli(args: string[], env: Record<string, string>): Promise<LocksRun> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['run', '--silent', 'locks', '--', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...env }, timeout: 30_000 },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}
