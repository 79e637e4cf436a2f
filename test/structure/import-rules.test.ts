import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/process.js';

/**
 * The import rules of `src/` (see each folder's README), checked from the code itself so a wrong
 * arrow fails CI rather than waiting for a reviewer. Each rule lists the offending imports as
 * "importer -> imported", so a failure says what to move.
 */

const SRC = join(ROOT, 'src');

/** Started by a person or a supervisor; nothing imports them. */
const ENTRY_POINTS = ['main.ts', 'bot/console/main.ts', 'ttlock/cli.ts', 'bookings/import-cli.ts', 'bookings/invite-cli.ts', 'bot/telegram/webhook-cli.ts', 'sources/sync-cli.ts'];
/** The entry points that compose a whole process; the one-shot CLIs build the few parts they use. */
const COMPOSING = ['main.ts', 'bot/console/main.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every project-relative import of every file of src/, as paths relative to src/ ("flows/state.ts"). */
function importsOf(): Array<{ from: string; to: string }> {
  const arrows: Array<{ from: string; to: string }> = [];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    // Static imports and re-exports, side-effect imports, and dynamic import() (types too), in either quote.
    for (const m of text.matchAll(/(?:^\s*(?:import|export)\s[^;]*?from\s+|^\s*import\s+|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/gms)) {
      const target = resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts');
      arrows.push({ from: relative(SRC, file), to: relative(SRC, target) });
    }
  }
  return arrows;
}

const arrows = importsOf();
const show = (list: Array<{ from: string; to: string }>) => list.map((a) => `${a.from} -> ${a.to}`);
const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '');
/** `bot/telegram/x.ts` → `telegram`; files directly in bot/ (shared by the adapters) → ''. */
const adapterOf = (path: string) => (path.startsWith('bot/') && path.split('/').length > 2 ? path.split('/')[1]! : '');

describe('import rules of src/', () => {
  it('reads the imports it checks', () => {
    expect(arrows.length).toBeGreaterThan(200);
    expect(arrows).toContainEqual({ from: 'compose/bootstrap.ts', to: 'flows/public-id.ts' });
  });

  it('flows/ is pure: it imports nothing of the project outside itself', () => {
    expect(show(arrows.filter((a) => folderOf(a.from) === 'flows' && folderOf(a.to) !== 'flows'))).toEqual([]);
  });

  it('channel adapters do not import each other (the Telegram Bot API client in bot/telegram-api is a library they share)', () => {
    const crossing = arrows.filter((a) => {
      const from = adapterOf(a.from);
      const to = adapterOf(a.to);
      return from !== '' && to !== '' && from !== to && to !== 'telegram-api';
    });
    expect(show(crossing)).toEqual([]);
  });

  it('booking sources write bookings through the booking service: no conversation, channel or lock provider of their own', () => {
    const forbidden = ['conversation', 'bot', 'http', 'ttlock'];
    expect(show(arrows.filter((a) => folderOf(a.from) === 'sources' && forbidden.includes(folderOf(a.to))))).toEqual([]);
  });

  it('nothing but the composing entry points imports the composition (compose/): every other part gets only what it uses', () => {
    const intoCompose = arrows.filter((a) => folderOf(a.to) === 'compose' && folderOf(a.from) !== 'compose' && !COMPOSING.includes(a.from));
    expect(show(intoCompose)).toEqual([]);
  });

  it('nothing imports an entry point', () => {
    expect(show(arrows.filter((a) => ENTRY_POINTS.includes(a.to)))).toEqual([]);
  });

  it('ttlock/ knows nothing of conversations, channels or staff', () => {
    const forbidden = ['conversation', 'flows', 'bot', 'oversight'];
    expect(show(arrows.filter((a) => folderOf(a.from) === 'ttlock' && forbidden.includes(folderOf(a.to))))).toEqual([]);
  });

  it('a Redis mutex, its scripts and the key helpers are shared infrastructure: no one reaches into conversation/ for them', () => {
    const intoConversation = arrows.filter(
      (a) => folderOf(a.to) === 'conversation' && ['ttlock', 'oversight', 'locks', 'jobs', 'redis', 'properties'].includes(folderOf(a.from)),
    );
    expect(show(intoConversation)).toEqual([]);
  });

  it('bookings/, sources/ and bot/ use the job queues, never a worker file', () => {
    const intoWorkers = arrows.filter((a) => a.to.endsWith('.worker.ts') && ['bookings', 'sources', 'bot', 'http'].includes(folderOf(a.from)));
    expect(show(intoWorkers)).toEqual([]);
  });
});
