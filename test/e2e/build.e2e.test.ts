import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedis } from '../helpers/redis.js';
import { freePort, ROOT, runCommand } from '../support/process.js';
import { startService, type ServiceOptions } from '../support/service.js';

/**
 * The deployable build: `npm run build` (once for this file, into a directory of its own so that
 * other test files and a developer's `dist/` are never touched), then the compiled entry point
 * started as systemd and the container start it, `node dist/main.js`, configured only through env.
 */

const t = testRedis();
// Inside the repository, so the compiled files find node_modules the way dist/ does.
const OUT_PARENT = join(ROOT, '.test-dist');
const OUT = join(OUT_PARENT, randomUUID());
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

async function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const { code, stdout, stderr } = await runCommand(cmd, args, { env: process.env, timeoutMs: 150_000, cwd });
  return { code, output: `${stdout}${stderr}` };
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.split('\\').join('/'));
}

beforeAll(async () => {
  const built = await run('npm', ['run', 'build', '--', '--outDir', relative(ROOT, OUT)], ROOT);
  if (built.code !== 0) throw new Error(`npm run build failed:\n${built.output}`);
}, 180_000);

afterAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  try {
    rmdirSync(OUT_PARENT); // only when no other run is using it
  } catch {}
  await t.cleanup();
});

/** `node main.js` of the build, as systemd and the container start it; ready once /healthz answers (a worker: once it logged its start). */
function startBuilt(env: Record<string, string>, opts: Omit<ServiceOptions, 'env' | 'main'> = {}) {
  return startService({ ...opts, main: join(OUT, 'main.js'), env: { REDIS_URL: t.url, REDIS_PREFIX: t.prefix, LOG_LEVEL: 'info', ...env } });
}

describe('npm run build', () => {
  it('compiles every module of src/, with source maps, importing only runtime dependencies', () => {
    const sources = filesUnder(join(ROOT, 'src'), '.ts');
    for (const ts of sources) {
      const js = ts.replace(/\.ts$/, '.js');
      expect(existsSync(join(OUT, js)), js).toBe(true);
      expect(existsSync(join(OUT, `${js}.map`)), `${js}.map`).toBe(true);
    }
    // `npm ci --omit=dev` installs only `dependencies`: nothing compiled may need tsx, vitest, typescript…
    const allowed = new Set(Object.keys(PKG.dependencies));
    const needed = new Set<string>();
    for (const js of filesUnder(OUT, '.js')) {
      const text = readFileSync(join(OUT, js), 'utf8');
      // import/export statements start a line in tsc's output; `from` may be lines further down.
      const statements = /^(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
      for (const m of text.matchAll(statements)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
        const parts = spec.split('/');
        needed.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
      }
    }
    expect([...needed].filter((name) => !allowed.has(name))).toEqual([]);
    expect(needed.has('fastify')).toBe(true); // the scan did find the imports
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
  });

  it('node dist/main.js serves /healthz and exits 0 on SIGTERM', async () => {
    const server = await startBuilt({ ROLE: 'all' });
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('"msg":"checkin bot started"');
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('runs as separate ROLE=web and ROLE=worker processes, as the deploy units and compose file do', async () => {
    const port = await freePort();
    const [web, worker] = await Promise.all([
      startBuilt({ ROLE: 'web' }, { port }),
      startBuilt({ ROLE: 'worker' }, { port, ready: 'log' }), // the same PORT: a worker must not listen
    ]);
    expect((await fetch(`${web.base}/healthz`)).status).toBe(200);
    expect(worker.output()).toContain('"role":"worker"');
    const [webExit, workerExit] = await Promise.all([web.stop('SIGTERM'), worker.stop('SIGTERM')]);
    expect(webExit).toBe(0);
    expect(workerExit).toBe(0);
  });

  it('npm start without a build says so in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkin-nobuild-'));
    try {
      copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
      const started = await run('npm', ['start', '--silent'], dir);
      expect(started.code).not.toBe(0);
      expect(started.output.trim()).toBe(
        'npm start: dist/main.js is missing; run npm run build first (npm run dev runs src/ through tsx without a build)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
