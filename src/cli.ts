import { describeStartupError } from './startup-error.js';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs a one-shot command and exits with its code. Exiting explicitly: after a failed connect
 * ioredis keeps a 2 s disconnect timer alive, and a command should end as soon as it has said
 * what happened. A bad config or an absent Redis may simply be thrown: they are printed as
 * every entry point prints them, and anything unexpected as one `name: message` line.
 */
export function runCli(name: string, run: (args: string[], env: NodeJS.ProcessEnv, io: CliIO) => Promise<number>): void {
  const io: CliIO = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  run(process.argv.slice(2), process.env, io).then(
    (code) => process.exit(code),
    (err: unknown) => {
      for (const line of describeStartupError(err, name)) io.err(line);
      process.exit(1);
    },
  );
}
