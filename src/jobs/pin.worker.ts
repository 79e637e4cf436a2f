import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError, errorMessage, isNotNow, isRetryable } from '../errors.js';
import type { FlowEvent } from '../flows/events.js';
import type { PublicId } from '../flows/public-id.js';
import type { PinIssuer } from '../locks/pin-issuer.js';
import type { PinStore } from '../locks/pin-store.js';
import type { RedisKeys } from '../redis-keys.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import { formatWaited, nextRetryDelay, retryHorizon, type PinRetryPolicy } from './pin-retry.js';
import { isFinalFailure, PIN_QUEUE, pinJobSchema, type PinJobData } from './queues.js';

export interface PinWorkerDeps {
  connection: ConnectionOptions;
  bullPrefix: string;
  redis: Redis;
  keys: RedisKeys;
  issuer: PinIssuer;
  pins: PinStore;
  /** Feeds the result to a conversation (the engine's notify); a redelivery with the same `deliveryId` is dropped. */
  notify: (convKey: string, event: FlowEvent, deliveryId?: string) => Promise<void>;
  logger: Logger;
  /** Names each chat in the notification's delivery id (delivery ids are logged). */
  publicId: PublicId;
  concurrency: number;
  /** BullMQ job lock: a job whose worker stopped renewing it this long ago is stalled. */
  lockDuration: number;
  /** How often this worker looks for stalled jobs. */
  stalledInterval: number;
  onResult?: (result: 'ready' | 'failed' | 'retry', seconds: number) => void;
  /** For a failure no conversation can report (a reassigned booking nobody holds yet). */
  alerts: Pick<StaffAlerts, 'raise'>;
  /** Books the removal of the booking's codes and PIN record for after `stayEnd` (epoch ms). */
  scheduleCleanup?: (ref: string, stayEnd: number) => Promise<void>;
  /** How long an outage ("not now" failure) is waited out. */
  retry: PinRetryPolicy;
  /** The booking's check-in (epoch ms), the base of the retry horizon; undefined when it has none (gone, unknown room). */
  checkInOf: (ref: string) => Promise<number | undefined>;
  /**
   * True while the booking's departure job (`departure-<ref>`) is running: it changes the codes'
   * end in place, and an issue or check beside it could put back or move what it is changing. The
   * departure waits for a running PIN job the same way, so at most one of them works at a time.
   */
  departureRunning?: (ref: string) => Promise<boolean>;
}

/** How long a PIN job waits for a running departure of its booking before it looks again. */
const DEPARTURE_WAIT_MS = 2_000;

/**
 * Creates a booking's PIN on its locks, then tells every conversation waiting for it. A job
 * that can no longer succeed cleans the locks and reports `pinFailed` before it fails, so
 * no failure is silent; the `failed` listener covers jobs that died without reaching that code
 * (stalled too often). A booking cancelled meanwhile is not a failure: the job stops quietly
 * and the cancellation's cleanup takes its codes off.
 *
 * Three kinds of failure: "not now" (a gateway or lock offline or busy, a network or TTLock
 * outage) is waited out with growing gaps until the horizon (check-in + PIN_RETRY_HORIZON_MINUTES,
 * at least 30 min after the first try), keeping the codes already on other locks; other
 * retryable ones get PIN_JOB_ATTEMPTS tries; permanent ones fail at once.
 */
export function createPinWorker(deps: PinWorkerDeps): Worker<PinJobData> {
  const { logger } = deps;

  /**
   * The conversations waiting for the PIN, and the one that owns the booking (it must hear about
   * a moved PIN). `id` names this outcome: telling it again (a retried or stalled job) is dropped
   * as a redelivery, so a guest never gets the same PIN message twice.
   */
  async function tellWatchers(ref: string, event: FlowEvent, id: string): Promise<number> {
    const [watchers, owner] = await Promise.all([deps.redis.smembers(deps.keys.pinWatchers(ref)), deps.redis.get(deps.keys.convByBooking(ref))]);
    const told = new Set([...watchers, ...(owner ? [owner] : [])]);
    // Dedupe keys are per channel, not per chat: the conversation is part of the id (as its public id: delivery ids are logged).
    for (const convKey of told) await deps.notify(convKey, event, `${id}:${deps.publicId(convKey)}`);
    return told.size;
  }

  /** A record that replaced an earlier PIN (the booking changed) is announced as renewed, once. */
  async function announce(ref: string, event: Extract<FlowEvent, { type: 'pinReady' | 'pinFailed' }>): Promise<void> {
    const record = await deps.pins.get(ref);
    const id = `pin:${ref}:${record?.status ?? 'none'}:${record?.updatedAt ?? 0}`;
    const told = await tellWatchers(ref, record?.renewing ? { ...event, renewed: true } : event, id);
    if (told === 0 && event.type === 'pinFailed') {
      // No chat to pass it on (reassigned, nobody has proven the booking since): staff hear it here.
      await deps.alerts.raise({ kind: 'pin_failed', ref, convKey: '', detail: `Booking ${ref}: ${event.reason}. Check its locks by hand (npm run locks -- list <lock id>).`, at: Date.now() });
    }
    if (record?.renewing) await deps.pins.clearRenewing(ref);
    // After the stay as the booking now stands; a cancelled booking's codes are the cancel cleanup's.
    const window = record ? await deps.issuer.windowOf(ref) : undefined;
    if (window) await scheduleCleanup(ref, window.end);
  }

  async function scheduleCleanup(ref: string, stayEnd: number): Promise<void> {
    // Never fails the job: a PIN that works matters more than its removal, which staff can do by hand.
    await deps
      .scheduleCleanup?.(ref, stayEnd)
      .catch((err: unknown) => logger.error({ ref, err: errorMessage(err) }, 'could not schedule the removal of the codes after check-out'));
  }

  async function fail(ref: string, reason: string): Promise<void> {
    if (await deps.issuer.isCancelled(ref)) return stopCancelled(ref);
    // Staff read what the issuer left behind: after a failed move, where the guest's code still works and what is left to do.
    const told = await deps.issuer.abandon(ref, reason);
    await announce(ref, { type: 'pinFailed', ref, reason: told });
  }

  /**
   * No failure record, no staff alert: the cancellation's cleanup job removes any code this job
   * added (it waits for the job to end) and the record with it. A guest who confirmed and is
   * still waiting hears that the booking is cancelled (the flow reads the booking's status).
   */
  async function stopCancelled(ref: string): Promise<void> {
    logger.info({ ref }, 'booking cancelled: PIN job stopped');
    await tellWatchers(ref, { type: 'pinFailed', ref, reason: 'booking cancelled' }, `pin:${ref}:cancelled`);
    await deps.redis.del(deps.keys.pinWatchers(ref));
  }

  /**
   * A reassigned booking's codes come off every lock first, in this job, so no other run can add
   * a code meanwhile; a PIN is made only if a chat has proven the booking since.
   */
  async function revokeReassigned(ref: string, log: Logger): Promise<boolean> {
    if (!(await deps.pins.isRevoked(ref))) return true;
    await deps.issuer.revoke(ref);
    log.info('booking reassigned: its codes are off the locks');
    return (await deps.redis.get(deps.keys.convByBooking(ref))) !== null;
  }

  /**
   * Puts the job back in the queue for later without failing it. `moveToDelayed` keeps
   * `attemptsMade` as it was, so waiting out an outage does not use up PIN_JOB_ATTEMPTS; the job
   * keeps its id (`pin-<ref>`), so the booking still has one PIN job, and a record that is
   * `pending` with the codes already added (nothing is removed while we wait).
   * Returns how long it has waited instead when the horizon has passed: the failure is final.
   */
  async function waitOut(job: Job<PinJobData>, token: string | undefined, ref: string): Promise<{ delayMs: number } | { waitedMs: number }> {
    const firstTry = job.timestamp;
    const horizon = retryHorizon(await deps.checkInOf(ref), firstTry, deps.retry);
    const now = Date.now();
    const delayMs = nextRetryDelay(now, firstTry, horizon, deps.retry);
    if (delayMs === undefined) return { waitedMs: now - firstTry };
    await job.moveToDelayed(now + delayMs, token);
    return { delayMs };
  }

  /** Who asked for a check hears what it found, once per job (a stalled job run again is dropped as a redelivery). */
  async function reportCheck(job: Job<PinJobData>, convKey: string, result: Omit<Extract<FlowEvent, { type: 'codeChecked' }>, 'type'>): Promise<void> {
    await deps.notify(convKey, { type: 'codeChecked', ...result }, `codecheck:${result.ref}:${job.timestamp}:${deps.publicId(convKey)}`);
  }

  /**
   * A guest says the code does not work: it is checked on the locks and put back where missing.
   * Returns false when the PIN needs the PIN job's own work (not ready, or the booking changed):
   * the caller then runs it, and the guest hears it is being updated.
   */
  async function checkCodes(job: Job<PinJobData>, ref: string, convKey: string, log: Logger): Promise<boolean> {
    let findings;
    try {
      findings = await deps.issuer.checkCodes(ref);
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'the code could not be checked');
      await reportCheck(job, convKey, { ref, outcome: 'error', locks: [], reason: errorMessage(err) });
      return true;
    }
    if (findings === undefined) {
      await reportCheck(job, convKey, { ref, outcome: 'busy', locks: [] });
      return false;
    }
    log.info({ findings: findings.map((f) => `${f.lockId}:${f.found}`) }, 'code checked on the locks');
    await reportCheck(job, convKey, { ref, outcome: 'checked', locks: findings });
    return true;
  }

  async function process(job: Job<PinJobData>, token?: string): Promise<void> {
    const { ref, check } = pinJobSchema.parse(job.data);
    const log = logger.child({ ref, jobId: job.id, attempt: job.attemptsMade + 1 });
    if (await deps.departureRunning?.(ref)) {
      // Not a failure and no attempt used: this job runs once the departure is done (and sees what it did).
      log.info('the booking\'s departure is running: the PIN job waits for it');
      await job.moveToDelayed(Date.now() + Math.min(DEPARTURE_WAIT_MS, deps.retry.firstDelayMs), token);
      throw new DelayedError();
    }
    if (check && (await checkCodes(job, ref, check.convKey, log))) return;
    const started = Date.now();
    try {
      if (!(await revokeReassigned(ref, log))) return;
      await deps.issuer.issue(ref);
      // Taken from its chat while the codes went on: the next try takes them off again.
      if (await deps.pins.isRevoked(ref)) throw new AppError(`booking ${ref} was reassigned while its code was being made`, true);
    } catch (err) {
      let reason = errorMessage(err);
      if (await deps.issuer.isCancelled(ref)) return stopCancelled(ref);
      const attempts = job.opts.attempts ?? 1;
      if (isNotNow(err)) {
        const waited = await waitOut(job, token, ref);
        if ('delayMs' in waited) {
          log.warn({ err: reason, retryInMs: waited.delayMs }, 'PIN attempt failed for now (outage); waiting it out');
          deps.onResult?.('retry', (Date.now() - started) / 1000);
          // Tells BullMQ the job was moved to delayed above: not a failure, no `failed` event.
          throw new DelayedError();
        }
        reason = `${reason}. Kept trying for ${formatWaited(waited.waitedMs)}, until the retry horizon (check-in + PIN_RETRY_HORIZON_MINUTES, at least 30 min)`;
      } else if (isRetryable(err) && job.attemptsMade + 1 < attempts) {
        log.warn({ err: reason }, 'PIN attempt failed; will retry');
        deps.onResult?.('retry', (Date.now() - started) / 1000);
        throw err;
      }
      log.error({ err: reason }, 'PIN failed for good');
      await fail(ref, reason);
      deps.onResult?.('failed', (Date.now() - started) / 1000);
      throw new UnrecoverableError(reason);
    }
    log.info('PIN ready on every lock');
    deps.onResult?.('ready', (Date.now() - started) / 1000);
    await announce(ref, { type: 'pinReady', ref });
  }

  const worker = new Worker<PinJobData>(PIN_QUEUE, process, {
    connection: deps.connection,
    prefix: deps.bullPrefix,
    concurrency: deps.concurrency,
    // The worker renews the lock every lockDuration/2 however long a gateway call takes, so this
    // only bounds how soon a job of a dead worker is picked up again.
    lockDuration: deps.lockDuration,
    stalledInterval: deps.stalledInterval,
    maxStalledCount: 2,
  });

  worker.on('failed', (job, err) => {
    if (!job || !isFinalFailure(job)) return;
    void (async () => {
      const ref = job.data.ref;
      const check = job.data.check;
      // A check that died (stalled too often) still answers the guest at the door.
      if (check) await reportCheck(job, check.convKey, { ref, outcome: 'error', locks: [], reason: err.message });
      const record = await deps.pins.get(ref);
      if (record?.status === 'failed') return; // the processor already reported it
      if (record?.status === 'ready') {
        // The codes are on the locks (the guest may already have the PIN): only the news may be missing.
        logger.error({ ref, jobId: job.id, err: err.message }, 'PIN job failed after the PIN was ready; announcing it again');
        await announce(ref, { type: 'pinReady', ref });
        return;
      }
      logger.error({ ref, jobId: job.id, err: err.message }, 'PIN job failed outside the processor');
      await fail(ref, err.message);
    })().catch((e: unknown) => logger.error({ ref: job.data.ref, err: errorMessage(e) }, 'could not report a failed PIN job'));
  });
  worker.on('error', (err) => logger.error({ err: errorMessage(err) }, 'pin worker error'));
  return worker;
}
