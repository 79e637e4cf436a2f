/** The operator CLI's arguments (npm run locks -- ...), checked before anything connects. */

export const USAGE = `usage: npm run locks -- <command>

commands:
  account                           every lock the TTLock account administers (to find lock ids)
  list <lockId> [--show-codes]      passcodes on the lock (digits hidden unless --show-codes)
  delete <lockId> <passcodeId>      delete one passcode from the lock, through its gateway
  health [lockId ...]               battery, gateways, clock and timezone of each lock (default:
                                    every lock in the properties file), and properties that share
                                    a gateway without a gatewayGroup; exit code 1 if any needs
                                    attention
  sync-time <lockId|all>            set the lock's clock to TTLock's time, through its gateway
                                    (all: every lock in the properties file)
  add-test <lockId> [--minutes N]   add a test passcode valid from now for N minutes (default 30,
                                    at most 1440) and print it
  help                              this text

Uses the TTLOCK_* settings, REDIS_URL and PROPERTIES_FILE of the bot (see .env.example).`;

export type Command =
  | { name: 'account' }
  | { name: 'list'; lockId: number; showCodes: boolean }
  | { name: 'delete'; lockId: number; codeId: number }
  | { name: 'health'; lockIds: number[] }
  /** `lockIds` empty: every lock in the properties file. */
  | { name: 'sync-time'; lockIds: number[] }
  | { name: 'add-test'; lockId: number; minutes: number }
  | { name: 'help' };

const id = (s: string | undefined): number | undefined => (s !== undefined && /^[1-9]\d{0,11}$/.test(s) ? Number(s) : undefined);

/** The command, or why the arguments are wrong. */
export function parseArgs(argv: readonly string[]): Command | string {
  const [name, ...rest] = argv;
  const flags = rest.filter((a) => a.startsWith('--'));
  const args = rest.filter((a) => !a.startsWith('--'));
  const onlyFlags = (allowed: string[]) => flags.find((f) => !allowed.includes(f));
  switch (name) {
    case undefined:
      return 'no command given';
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case 'account':
      if (rest.length) return 'account takes no arguments';
      return { name: 'account' };
    case 'list': {
      const bad = onlyFlags(['--show-codes']);
      if (bad) return `unknown option ${bad}`;
      const lockId = id(args[0]);
      if (args.length !== 1 || lockId === undefined) return 'list needs one lock id (a number)';
      return { name: 'list', lockId, showCodes: flags.includes('--show-codes') };
    }
    case 'delete': {
      if (flags.length) return `unknown option ${flags[0]}`;
      const lockId = id(args[0]);
      const codeId = id(args[1]);
      if (args.length !== 2 || lockId === undefined || codeId === undefined) return 'delete needs a lock id and a passcode id (numbers)';
      return { name: 'delete', lockId, codeId };
    }
    case 'health': {
      if (flags.length) return `unknown option ${flags[0]}`;
      const lockIds = args.map(id);
      if (lockIds.some((l) => l === undefined)) return 'health takes lock ids (numbers)';
      return { name: 'health', lockIds: lockIds as number[] };
    }
    case 'sync-time': {
      if (flags.length) return `unknown option ${flags[0]}`;
      if (args.length === 1 && args[0] === 'all') return { name: 'sync-time', lockIds: [] };
      const lockId = id(args[0]);
      if (args.length !== 1 || lockId === undefined) return 'sync-time needs one lock id (a number) or all';
      return { name: 'sync-time', lockIds: [lockId] };
    }
    case 'add-test': {
      let minutes = 30;
      const positional: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const a = rest[i]!;
        if (a === '--minutes') {
          const m = Number(rest[++i]);
          if (!Number.isInteger(m) || m < 1 || m > 1440) return '--minutes needs a whole number from 1 to 1440';
          minutes = m;
        } else if (a.startsWith('--')) return `unknown option ${a}`;
        else positional.push(a);
      }
      const lockId = id(positional[0]);
      if (positional.length !== 1 || lockId === undefined) return 'add-test needs one lock id (a number)';
      return { name: 'add-test', lockId, minutes };
    }
    default:
      return `unknown command "${name}"`;
  }
}
