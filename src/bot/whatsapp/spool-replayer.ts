import type { Logger } from 'pino';
import { errorMessage } from '../../errors.js';
import { isRedisUnavailable } from '../../redis/unavailable.js';
import type { SpoolEntry, SpoolSegment, WhatsAppSpool } from './spool.js';

export type ReplayResult = 'replayed' | 'dropped';

export interface SpoolReplayerOptions {
  spool: WhatsAppSpool;
  /** Hands one entry to Redis exactly as its webhook would have (deduplicated by its MessageSid). */
  deliver: (entry: SpoolEntry) => Promise<void>;
  logger: Logger;
  onResult?: (result: ReplayResult) => void;
  /** Pause after Redis could not take an entry, doubling from `min` to `max`. */
  retryMs?: { min: number; max: number };
  /** An entry that fails this many times for a reason other than Redis being away is dropped (and logged). */
  maxAttempts?: number;
  /** How often an idle replayer looks for files left by processes that died. */
  scanEveryMs?: number;
}

/**
 * Drains the spool into Redis, oldest entry first, one at a time, in the web process that wrote
 * it. While Redis is away it waits and tries the same entry again; a file is deleted only once
 * all of its entries went through. An entry already in Redis (it reached Redis although its
 * webhook timed out, or Twilio delivered it again) is dropped by the MessageSid dedupe.
 */
export class SpoolReplayer {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly log: Logger;

  constructor(private readonly opts: SpoolReplayerOptions) {
    this.log = opts.logger.child({ component: 'whatsapp-spool' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Something was spooled (or Redis may be back): look now rather than at the next timer. */
  nudge(): void {
    this.wake?.();
  }

  /** Finishes the entry in hand and stops; what is left stays on disk for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { spool } = this.opts;
    const scanEvery = this.opts.scanEveryMs ?? 30_000;
    let lastScan = Date.now();
    while (this.running) {
      try {
        if (!spool.holding()) {
          const due = lastScan + scanEvery - Date.now();
          if (due > 0) {
            await this.sleep(due);
            continue;
          }
          lastScan = Date.now();
          await spool.adoptOrphans();
          continue;
        }
        const segment = await spool.take();
        if (!segment) {
          await this.sleep(20); // a line is being written: it is taken once on disk
          continue;
        }
        if (await this.replay(segment)) await spool.done(segment);
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, 'WhatsApp spool could not be read or cleaned up; trying again');
        await this.sleep(1_000);
      }
    }
  }

  /** False when stopped before the end (the file stays, and is replayed from its start next time). */
  private async replay(segment: SpoolSegment): Promise<boolean> {
    const { min, max } = this.opts.retryMs ?? { min: 250, max: 2_000 };
    const maxAttempts = this.opts.maxAttempts ?? 5;
    if (segment.unreadable > 0) this.log.warn({ lines: segment.unreadable }, 'unreadable spool lines skipped (a write that failed, never acknowledged)');
    this.log.info({ entries: segment.entries.length }, 'replaying spooled WhatsApp webhooks into Redis');
    let replayed = 0;
    for (const entry of segment.entries) {
      let pause = min;
      let attempts = 0;
      for (;;) {
        if (!this.running) return false;
        try {
          await this.opts.deliver(entry);
          this.opts.onResult?.('replayed');
          replayed++;
          break;
        } catch (err) {
          // Redis away is not the entry's fault: it waits for as long as that lasts.
          if (!isRedisUnavailable(err) && ++attempts >= maxAttempts) {
            this.log.error(
              { kind: entry.kind, messageSid: entry.params.MessageSid, attempts, err: errorMessage(err) },
              'spooled WhatsApp webhook could not be replayed; dropped',
            );
            this.opts.onResult?.('dropped');
            break;
          }
          await this.sleep(pause);
          pause = Math.min(max, pause * 2);
        }
      }
    }
    this.log.info({ entries: replayed }, 'spooled WhatsApp webhooks are in Redis');
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // Never what keeps a process alive: the HTTP server does, for as long as there is one.
      const timer = setTimeout(done, ms).unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
