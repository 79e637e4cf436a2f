import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { en } from '../../src/flows/messages/en.js';
import { GUEST } from '../helpers/checkin.js';
import { deleteByPrefix, TEST_REDIS_URL } from '../helpers/redis.js';
import { FAST_LOCKS, randomPrefix } from '../helpers/runtime.js';
import { runScript } from '../support/process.js';

const prefix = randomPrefix();

afterAll(async () => {
  // The chat deletes its own keys on exit; this catches what a failed run left behind.
  const redis = new Redis(TEST_REDIS_URL);
  await deleteByPrefix(redis, prefix);
  await redis.quit();
});

async function keysUnder(p: string): Promise<string[]> {
  const redis = new Redis(TEST_REDIS_URL);
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${p}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  await redis.quit();
  return found;
}

/** `npm run chat` as a user runs it (tsx, the repository's properties.json), with `input` piped into stdin. */
async function chat(input: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = runScript(
    'src/bot/console/main.ts',
    { ...(process.env as Record<string, string>), REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, ...FAST_LOCKS, ...env },
    [],
    { input },
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    run.child.kill('SIGKILL');
  }, 40_000);
  const code = await run.exited;
  clearTimeout(timer);
  if (timedOut) throw new Error(`chat did not exit in time.\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('npm run chat', () => {
  it('checks a demo guest in from piped input and exits 0', { timeout: 45_000 }, async () => {
    const lines = ['DEMO1', GUEST.name, GUEST.phone, GUEST.email, 'no car', 'yes'];
    const { code, stdout, stderr } = await chat(`${lines.join('\n')}\n`, {});
    expect(stdout).toMatch(/Your door code is \d{6}\b/);
    expect(stdout.match(/Your door code is \d{6}/g)).toHaveLength(1);
    expect(stdout).not.toContain('staff alert');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Its keys are gone: a run leaves nothing behind in Redis.
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('waits for a PIN job that is retrying when the input ends, and shows its failure', { timeout: 45_000 }, async () => {
    // /fail unexpected: the room lock fails every try with an error nobody classified; with two
    // attempts the job fails after one retry. (A busy or offline gateway would be waited out.)
    const lines = ['/fail unexpected', 'DEMO1', GUEST.name, GUEST.phone, GUEST.email, 'no car', 'yes'];
    const { code, stdout } = await chat(`${lines.join('\n')}\n`, { PIN_JOB_ATTEMPTS: '2' });
    expect(stdout).toContain(en.pinComing());
    expect(stdout).toContain(en.pinFailed('+442079460958'));
    expect(stdout).toMatch(/staff alert \(pin_failed, booking DEMO1\)/);
    expect(stdout).not.toMatch(/Your door code is \d/);
    expect(code).toBe(0);
  });

  it('exits 1 with a how-to-start hint when Redis is not answering', { timeout: 30_000 }, async () => {
    const { code, stdout, stderr } = await chat('', { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(1);
    expect(stderr).toContain('Redis is not answering at redis://127.0.0.1:1');
    expect(stderr).toContain('redis-server');
    expect(stdout).toBe('');
  });
});
