import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfigError } from '../../config-error.js';
import { errorMessage } from '../../errors.js';
import { inboundMessageSchema, statusCallbackSchema } from './webhook-params.js';

/**
 * One line of the spool: the validated webhook fields the Redis path needs, and when the webhook
 * came. Stored already parsed (the signature was checked on arrival and cannot be checked again
 * later), and parsed once more on the way out: a line is data from disk like any other input.
 */
const spoolEntrySchema = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(1), kind: z.literal('message'), receivedAt: z.number().int(), params: inboundMessageSchema }),
  z.object({ v: z.literal(1), kind: z.literal('status'), receivedAt: z.number().int(), params: statusCallbackSchema }),
]);
export type SpoolEntry = z.infer<typeof spoolEntrySchema>;

export interface SpoolSegment {
  readonly path: string;
  readonly entries: SpoolEntry[];
  /** Lines that could not be read: the tail of a write that failed, never acknowledged to Twilio. */
  readonly unreadable: number;
}

export interface SpoolOptions {
  dir: string;
  logger: Logger;
  /** A live owner's file older than this is reported (its pid may have been reused by another program). */
  staleAfterMs?: number;
}

const FILE = /^whatsapp-([0-9a-fx]+)-(\d+)-(\d+)-(\d+)\.jsonl$/;

interface Owner {
  boot: string;
  pid: number;
  started: number;
}

/**
 * A durable local queue of WhatsApp webhooks that Redis could not take, so that a message Twilio
 * will never send again is not lost with a 503.
 *
 * Append-only JSON-lines files in one directory. Each process writes only files named after
 * itself (boot id, pid, start time), so several web processes can share the directory; a file
 * whose process is gone (another boot, or no such pid) is taken over by renaming it, which only
 * one process can win. `append` resolves only once the line is fsynced (and, for a new file, its
 * directory entry too): only then may Twilio be told 200. A file is deleted only once every entry
 * in it was handed back to Redis.
 */
export class WhatsAppSpool {
  private seq = 0;
  private active: { handle: FileHandle; path: string; count: number } | undefined;
  /** Closed files, oldest first, waiting to be replayed. */
  private readonly sealed: string[] = [];
  private pending: Array<{ line: string; resolve: () => void; reject: (err: unknown) => void }> = [];
  private flushing: Promise<void> | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;
  private readonly reported = new Set<string>();

  private constructor(
    readonly dir: string,
    private readonly owner: Owner,
    logger: Logger,
    private readonly staleAfterMs: number,
  ) {
    this.log = logger.child({ component: 'whatsapp-spool' });
  }

  /** Creates the directory (mode 0700) and takes over files of processes that are gone. */
  static async open(opts: SpoolOptions): Promise<WhatsAppSpool> {
    const dir = resolve(opts.dir);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await access(dir, constants.W_OK | constants.X_OK);
    } catch (err) {
      const code = (err as { code?: string }).code ?? errorMessage(err);
      throw new ConfigError([`WHATSAPP_SPOOL_DIR: ${dir} cannot be used (${code}); point it at a directory this user can write, kept across restarts`]);
    }
    const spool = new WhatsAppSpool(dir, { boot: await bootId(), pid: process.pid, started: Date.now() }, opts.logger, opts.staleAfterMs ?? 5 * 60_000);
    await spool.adoptOrphans();
    return spool;
  }

  /**
   * True while anything waits to be replayed (or is being written). New messages must then go
   * behind it, or a message could overtake an earlier one of the same chat.
   */
  holding(): boolean {
    return this.sealed.length > 0 || (this.active?.count ?? 0) > 0 || this.pending.length > 0 || this.flushing !== undefined;
  }

  /** Resolves once the entry is on disk (fsynced); rejects when it could not be written. */
  append(entry: SpoolEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    return new Promise((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.kick();
    });
  }

  /** The oldest segment waiting, read; the file being written is closed first when nothing older waits. */
  async take(): Promise<SpoolSegment | undefined> {
    await this.exclusive(async () => {
      if (this.sealed.length === 0 && this.active && this.active.count > 0) await this.seal();
    });
    const path = this.sealed[0];
    if (path === undefined) return undefined;
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
    const entries: SpoolEntry[] = [];
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const parsed = safeJson(line);
      const entry = parsed === undefined ? undefined : spoolEntrySchema.safeParse(parsed);
      if (entry?.success) entries.push(entry.data);
      else unreadable++;
    }
    return { path, entries, unreadable };
  }

  /** Every entry of the segment is in Redis: the file (guest data) goes. */
  async done(segment: SpoolSegment): Promise<void> {
    try {
      await unlink(segment.path);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
    const i = this.sealed.indexOf(segment.path);
    if (i >= 0) this.sealed.splice(i, 1);
    await this.syncDir().catch(() => {});
  }

  /**
   * Takes over the files of processes that are gone (a crash, a restart: this process's previous
   * life included), oldest first. Returns how many.
   */
  async adoptOrphans(): Promise<number> {
    const found: Array<{ name: string; owner: Owner; seq: number }> = [];
    for (const name of await readdir(this.dir)) {
      const m = FILE.exec(name);
      if (!m) continue;
      const owner = { boot: m[1]!, pid: Number(m[2]), started: Number(m[3]) };
      if (sameOwner(owner, this.owner)) continue;
      if (this.alive(owner)) {
        await this.reportIfStale(name, owner.pid);
        continue;
      }
      found.push({ name, owner, seq: Number(m[4]) });
    }
    found.sort((a, b) => a.owner.started - b.owner.started || a.owner.pid - b.owner.pid || a.seq - b.seq);
    let adopted = 0;
    for (const f of found) {
      const target = join(this.dir, this.nextName());
      try {
        await rename(join(this.dir, f.name), target);
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') continue; // another process took it first
        throw err;
      }
      this.sealed.push(target);
      adopted++;
    }
    if (adopted > 0) {
      await this.syncDir().catch(() => {});
      this.log.warn({ files: adopted, dir: this.dir }, 'spooled WhatsApp messages of a stopped process found; they will be replayed');
    }
    return adopted;
  }

  /** Writes what is pending and closes the file; everything stays on disk for the next start. */
  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.exclusive(async () => {
      await this.active?.handle.close().catch(() => {});
      this.active = undefined;
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  /** Group commit: whatever arrived during one fsync goes out with the next. */
  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        await this.exclusive(async () => {
          const active = await this.activeFile();
          await active.handle.appendFile(batch.map((b) => b.line).join(''));
          await active.handle.datasync();
          active.count += batch.length;
        });
      } catch (err) {
        // A torn write must never be followed by another line in the same file: that line would
        // be glued to the fragment and lost. Later entries go to a new file.
        await this.exclusive(() => this.seal()).catch(() => {});
        for (const b of batch) b.reject(err);
        continue;
      }
      for (const b of batch) b.resolve();
    }
  }

  private async activeFile(): Promise<{ handle: FileHandle; path: string; count: number }> {
    if (this.active) return this.active;
    const path = join(this.dir, this.nextName());
    const handle = await open(path, 'a', 0o600);
    try {
      // The file's directory entry must be durable before its first line is acknowledged.
      await this.syncDir();
    } catch (err) {
      await handle.close().catch(() => {});
      throw err;
    }
    this.active = { handle, path, count: 0 };
    return this.active;
  }

  private async seal(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    await active.handle.close().catch(() => {});
    this.sealed.push(active.path);
  }

  private nextName(): string {
    const { boot, pid, started } = this.owner;
    return `whatsapp-${boot}-${pid}-${started}-${String(++this.seq).padStart(6, '0')}.jsonl`;
  }

  private alive(owner: Owner): boolean {
    // Another boot: its processes are all gone. Our own pid with another start time: our previous
    // life (a container restarts as pid 1 every time).
    if (owner.boot !== this.owner.boot || owner.pid === this.owner.pid) return false;
    try {
      process.kill(owner.pid, 0);
      return true;
    } catch (err) {
      return (err as { code?: string }).code === 'EPERM';
    }
  }

  private async reportIfStale(name: string, pid: number): Promise<void> {
    if (this.reported.has(name)) return;
    const info = await stat(join(this.dir, name)).catch(() => undefined);
    if (!info || info.size === 0 || Date.now() - info.mtimeMs < this.staleAfterMs) return;
    this.reported.add(name);
    this.log.warn({ file: name, pid }, 'a spool file of a running process has waited for a while: if that pid is not a checkin bot, stop it or move the file');
  }

  private async syncDir(): Promise<void> {
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }
}

function sameOwner(a: Owner, b: Owner): boolean {
  return a.boot === b.boot && a.pid === b.pid && a.started === b.started;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Linux's id of this boot: a pid from another boot belongs to a process that is gone. */
async function bootId(): Promise<string> {
  try {
    const id = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).replace(/[^0-9a-f]/g, '').slice(0, 8);
    return id === '' ? 'x' : id;
  } catch {
    return 'x';
  }
}
