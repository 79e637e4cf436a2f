import { ConfigError } from './config-error.js';
import { loadConfig, type Config } from './config.js';
import { loadProperties, type PropertyCatalog } from './properties/properties.js';
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

/**
 * The settings (and properties.json) a command runs with, or undefined once their problems are
 * printed one per line: the command then exits 1 without a stack trace.
 */
export function loadSettings(env: NodeJS.ProcessEnv, io: CliIO): { config: Config; catalog: PropertyCatalog } | undefined;
export function loadSettings(env: NodeJS.ProcessEnv, io: CliIO, opts: { properties: false }): { config: Config } | undefined;
export function loadSettings(env: NodeJS.ProcessEnv, io: CliIO, opts: { properties?: boolean } = {}): { config: Config; catalog?: PropertyCatalog } | undefined {
  try {
    const config = loadConfig(env);
    return opts.properties === false ? { config } : { config, catalog: loadProperties(config.propertiesFile) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) io.err(problem);
    return undefined;
  }
}
