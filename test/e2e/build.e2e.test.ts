import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, runNode, type Started } from '../support/process.js';
import { testRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/runtime.js';

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

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, env: process.env, timeout: 150_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
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

function startBuilt(env: Record<string, string>): Started {
  return runNode([join(OUT, 'main.js')], { REDIS_URL: t.url, REDIS_PREFIX: t.prefix, LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env });
}

async function healthz(base: string, started: Started): Promise<number> {
  return waitFor(
    async () => {
      if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
      return fetch(`${base}/healthz`).then(
        (r) => r.status,
        () => undefined,
      );
    },
    20_000,
    `${base}/healthz`,
  );
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
    const port = await freePort();
    const server = startBuilt({ PORT: String(port), ROLE: 'all' });
    expect(await healthz(`http://127.0.0.1:${port}`, server)).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"checkin bot started"');
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('runs as separate ROLE=web and ROLE=worker processes, as the deploy units and compose file do', async () => {
    const port = await freePort();
    const web = startBuilt({ PORT: String(port), ROLE: 'web' });
    const worker = startBuilt({ PORT: String(port), ROLE: 'worker' }); // the same PORT: a worker must not listen
    expect(await healthz(`http://127.0.0.1:${port}`, web)).toBe(200);
    await waitFor(() => worker.output().includes('"msg":"checkin bot started"') || worker.child.exitCode !== null, 20_000, 'worker start');
    expect(worker.output()).toContain('"role":"worker"');
    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
    expect(await worker.exited).toBe(0);
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
