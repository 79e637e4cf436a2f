import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config-error.js';
import { WhatsAppSpool, type SpoolEntry } from '../../../src/bot/whatsapp/spool.js';
import { SpoolReplayer } from '../../../src/bot/whatsapp/spool-replayer.js';
import { inboundMessageSchema } from '../../../src/bot/whatsapp/webhook-params.js';
import { incomingMessage, messageSid } from '../../fakes/twilio-webhooks.js';
import { waitFor } from '../../helpers/runtime.js';

const ACCOUNT = `AC${'e'.repeat(32)}`;
const logger = pino({ level: 'silent' });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spool-test-'));
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

function entry(body: string, sid = messageSid()): SpoolEntry {
  const params = inboundMessageSchema.parse(incomingMessage({ accountSid: ACCOUNT, to: 'whatsapp:+14155238886', from: '+447400111222', body, sid }));
  return { v: 1, kind: 'message', receivedAt: Date.now(), params };
}

const files = () => readdirSync(join(dir, 'spool')).filter((f) => f.endsWith('.jsonl'));
const bodies = (entries: SpoolEntry[]) => entries.map((e) => (e.kind === 'message' ? e.params.Body : e.kind));

/** A pid that belonged to a process of this boot and is gone now. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('WhatsAppSpool', () => {
  it('keeps entries in order in a 0600 file in a 0700 directory, and deletes the file once replayed', async () => {
    const spool = await WhatsAppSpool.open({ dir: join(dir, 'spool'), logger });
    expect(statSync(join(dir, 'spool')).mode & 0o777).toBe(0o700);
    expect(spool.holding()).toBe(false);
    await Promise.all([spool.append(entry('one')), spool.append(entry('two'))]);
    await spool.append(entry('three'));
    expect(spool.holding()).toBe(true);
    const [file] = files();
    expect(statSync(join(dir, 'spool', file!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'spool', file!), 'utf8').trim().split('\n')).toHaveLength(3);

    const segment = (await spool.take())!;
    expect(bodies(segment.entries)).toEqual(['one', 'two', 'three']);
    // Written after the file was closed for replay: a new file, behind it.
    await spool.append(entry('four'));
    expect(files()).toHaveLength(2);
    await spool.done(segment);
    expect(spool.holding()).toBe(true);
    const next = (await spool.take())!;
    expect(bodies(next.entries)).toEqual(['four']);
    await spool.done(next);
    expect(spool.holding()).toBe(false);
    expect(files()).toEqual([]);
    await spool.close();
  });

  it('a restarted process takes over what its previous life and dead processes left, oldest first; a live process keeps its own', async () => {
    const first = await WhatsAppSpool.open({ dir, logger });
    await first.append(entry('left by a crash'));
    // No close(): the process died with its file open. Its next life starts a moment later.
    await new Promise((r) => setTimeout(r, 5));
    const names = readdirSync(dir);
    const boot = /^whatsapp-([0-9a-fx]+)-/.exec(names[0]!)![1]!;
    const line = `${JSON.stringify(entry('left by a dead pid'))}\n`;
    writeFileSync(join(dir, `whatsapp-${boot}-${deadPid()}-1000-000001.jsonl`), line);
    writeFileSync(join(dir, `whatsapp-0000beef-${process.pid}-999-000003.jsonl`), `${JSON.stringify(entry('left before a reboot'))}\n`);
    // The test runner's parent is alive: its file is not ours to take.
    writeFileSync(join(dir, `whatsapp-${boot}-${process.ppid}-5-000001.jsonl`), `${JSON.stringify(entry('a live process'))}\n`);
    writeFileSync(join(dir, 'notes.txt'), 'not a spool file');

    const second = await WhatsAppSpool.open({ dir, logger });
    expect(second.holding()).toBe(true);
    const seen: string[] = [];
    for (let s = await second.take(); s; s = await second.take()) {
      seen.push(...bodies(s.entries));
      await second.done(s);
    }
    expect(seen).toEqual(['left before a reboot', 'left by a dead pid', 'left by a crash']);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', `whatsapp-${boot}-${process.ppid}-5-000001.jsonl`]);
  });

  it('skips a torn last line (a write that never completed was never acknowledged)', async () => {
    writeFileSync(join(dir, `whatsapp-0000dead-1-1-000001.jsonl`), `${JSON.stringify(entry('whole'))}\n{"v":1,"kind":"mess`);
    const spool = await WhatsAppSpool.open({ dir, logger });
    const segment = (await spool.take())!;
    expect(bodies(segment.entries)).toEqual(['whole']);
    expect(segment.unreadable).toBe(1);
  });

  it('refuses to start on a directory it cannot create or write', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    await expect(WhatsAppSpool.open({ dir: join(dir, 'a-file', 'spool'), logger })).rejects.toBeInstanceOf(ConfigError);
    // root ignores permissions: only the path above can be checked there.
    if (process.getuid?.() === 0) return;
    chmodSync(dir, 0o500);
    await expect(WhatsAppSpool.open({ dir, logger })).rejects.toThrow(/WHATSAPP_SPOOL_DIR/);
  });
});

describe('SpoolReplayer', () => {
  it('waits while Redis is away and hands entries over in order, each once; a broken entry is dropped after a few tries', async () => {
    const spool = await WhatsAppSpool.open({ dir, logger });
    const poison = entry('poison');
    for (const e of [entry('a'), poison, entry('b'), entry('c')]) await spool.append(e);
    const delivered: string[] = [];
    let redisUp = false;
    const results: string[] = [];
    const replayer = new SpoolReplayer({
      spool,
      logger,
      retryMs: { min: 5, max: 20 },
      maxAttempts: 3,
      onResult: (r) => results.push(r),
      deliver: async (e) => {
        if (!redisUp) throw new Error('Command timed out');
        if (e === poison || (e.kind === 'message' && e.params.MessageSid === poison.params.MessageSid)) throw new Error('a bug');
        delivered.push(bodies([e])[0]!);
      },
    });
    replayer.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(delivered).toEqual([]);
    expect(spool.holding()).toBe(true);
    redisUp = true;
    await waitFor(() => !spool.holding(), 5_000, 'the spool to drain');
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(results).toEqual(['replayed', 'dropped', 'replayed', 'replayed']);
    expect(readdirSync(dir)).toEqual([]);
    // Something new is picked up at once (the webhook nudges), not at the next scan.
    await spool.append(entry('d'));
    replayer.nudge();
    await waitFor(() => delivered.includes('d'), 2_000, 'the new entry');
    await replayer.stop();
    await spool.close();
  });
});
