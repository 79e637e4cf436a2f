import { ROOT, runCommand, type CommandRun } from '../support/process.js';

/** `npm run locks -- ...` as an operator types it, in a child process with only this environment (plus PATH and HOME). */
export function runLocksCli(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<CommandRun> {
  return runCommand('npm', ['run', '--silent', 'locks', '--', ...args], { env: { HOME: process.env.HOME ?? ROOT, ...env }, timeoutMs });
}
