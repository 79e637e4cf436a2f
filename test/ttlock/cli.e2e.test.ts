import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/ttlock/cli-args.js';
import { md5Hex } from '../../src/ttlock/token.js';
import { FAKE_CREDENTIALS, FakeTTLock } from '../fakes/ttlock-server.js';
import { runLocksCli } from '../helpers/locks-cli.js';
import { demoPropertiesJson } from '../helpers/properties.js';
import { testRedis } from '../helpers/redis.js';
import { DEMO_LOCKS, ttlockEnv } from '../helpers/ttlock.js';
import type { CommandRun } from '../support/process.js';

const r = testRedis();
const dir = mkdtempSync(join(tmpdir(), 'locks-cli-'));
const propertiesFile = join(dir, 'properties.json');
writeFileSync(propertiesFile, JSON.stringify(demoPropertiesJson()));
let fake: FakeTTLock;

beforeAll(async () => {
  fake = await new FakeTTLock({
    locks: [...DEMO_LOCKS.slice(0, 2), { lockId: 2002, alias: 'Room 2', battery: 12 }],
  }).start();
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  await r.cleanup();
});

/** `npm run locks -- ...` as an operator types it, with a minimal env pointed at the fake. */
function locks(args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  return runLocksCli(args, { REDIS_URL: r.url, REDIS_PREFIX: r.prefix, PROPERTIES_FILE: propertiesFile, ...ttlockEnv({ url: fake.url }), ...env }, 20_000);
}

/** Nothing secret in what the operator sees. */
function expectNoSecrets(run: CommandRun): void {
  const text = run.stdout + run.stderr;
  for (const s of [...fake.issuedTokens, FAKE_CREDENTIALS.password, md5Hex(FAKE_CREDENTIALS.password), FAKE_CREDENTIALS.clientSecret, '90817263', 'LOCKDATA']) {
    expect(text).not.toContain(s);
  }
}

// Tests start `npm run locks` up to six times: seconds each on a loaded machine.
describe('npm run locks', { timeout: 90_000 }, () => {
  it('add-test, list (digits hidden unless asked), delete: against the lock, never printing secrets', async () => {
    const added = await locks(['add-test', '2001', '--minutes', '45']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const [, digits, id] = /Added test code (\d{6}) \(passcode id (\d+)\) to lock 2001/.exec(added.stdout) ?? [];
    expect(digits).toBeDefined();
    const onLock = fake.codes(2001);
    expect(onLock).toHaveLength(1);
    expect(onLock[0]).toMatchObject({ keyboardPwd: digits, keyboardPwdId: Number(id), addType: 2, keyboardPwdType: 3 });
    expect(onLock[0]!.endDate - onLock[0]!.startDate).toBe(45 * 60_000);
    expectNoSecrets(added);

    fake.seedCode(2001, { keyboardPwd: '604817', keyboardPwdName: 'Guest AB1234' });
    const listed = await locks(['list', '2001']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Lock 2001 (Harbour House, Room 1): 2 passcodes, times in Europe/London');
    expect(listed.stdout).toContain('Guest AB1234');
    expect(listed.stdout).not.toContain('604817');
    expect(listed.stdout).not.toContain(digits!);
    expect(listed.stdout).toContain('--show-codes');
    expectNoSecrets(listed);
    const shown = await locks(['list', '2001', '--show-codes']);
    expect(shown.stdout).toContain('604817');

    const deleted = await locks(['delete', '2001', id!]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted passcode ${id}`);
    expect(fake.codes(2001).map((c) => c.keyboardPwd)).toEqual(['604817']);
    expect(fake.calls('/v3/keyboardPwd/delete').at(-1)!.params).toMatchObject({ lockId: '2001', keyboardPwdId: id, deleteType: '2' });
    const missing = await locks(['delete', '2001', id!]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`lock 2001 has no passcode with id ${id}`);
    // One login, shared through Redis by every run.
    expect(fake.calls('/oauth2/token')).toHaveLength(1);
  });

  it('account: the locks the TTLock account administers, and which the properties file uses', async () => {
    const run = await locks(['account']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 locks administered by this TTLock account');
    expect(run.stdout).toMatch(/2002\s+Room 2\s+12%\s+yes\s+Harbour House, Room 2/);
    expectNoSecrets(run);
  });

  it('health: battery and gateways of every lock in the properties file; exit 1 when one needs attention', async () => {
    const ok = await locks(['health', '1001', '2001']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Lock 1001 (Harbour House, front door): ok');
    expect(ok.stdout).toContain('battery: 87%');
    expect(ok.stdout).toContain('Hall gateway online');

    fake.setGatewayOnline(1, false);
    const all = await locks(['health']);
    fake.setGatewayOnline(1, true);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('! every gateway is offline');
    expect(all.stdout).toContain('! battery low (12%)');
    expectNoSecrets(all);
  });

  it('a TTLock error is one readable line and exit 1', async () => {
    fake.script('/v3/lock/listKeyboardPwd', { errcode: -2018 }, { times: 4 });
    const run = await locks(['list', '1001']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'error: lock 1001: permission denied on this lock (-2018). To fix: make the TTLock account in TTLOCK_USERNAME an admin of this lock (or transfer the lock to it)',
    );
  });

  it('bad arguments: the reason and the usage, exit 1; config problems one line each', async () => {
    const bad = await locks(['list', 'front-door']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('list needs one lock id (a number)');
    expect(bad.stderr).toContain('usage: npm run locks -- <command>');
    const none = await locks([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('usage:');

    const config = await locks(['health'], { TTLOCK_PASSWORD: '', TTLOCK_USERNAME: '', PIN_LENGTH: '12' });
    expect(config.code).toBe(1);
    expect(config.stderr.trim().split('\n').sort()).toEqual(
      [
        'config: PIN_LENGTH: must be at most 9',
        'config: TTLOCK_PASSWORD: is required for LOCK_PROVIDER=ttlock',
        'config: TTLOCK_USERNAME: is required for LOCK_PROVIDER=ttlock',
      ].sort(),
    );
  });

  it('parses its arguments strictly', () => {
    expect(parseArgs(['list', '1001'])).toEqual({ name: 'list', lockId: 1001, showCodes: false });
    expect(parseArgs(['health'])).toEqual({ name: 'health', lockIds: [] });
    expect(parseArgs(['account'])).toEqual({ name: 'account' });
    expect(parseArgs(['add-test', '1001'])).toEqual({ name: 'add-test', lockId: 1001, minutes: 30 });
    expect(parseArgs(['add-test', '1001', '--minutes', '0'])).toMatch(/--minutes/);
    expect(parseArgs(['delete', '1001'])).toMatch(/delete needs/);
    expect(parseArgs(['list', '1001', '--force'])).toBe('unknown option --force');
    expect(parseArgs(['unlock', '1001'])).toBe('unknown command "unlock"');
  });
});
