import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { AppError, errorMessage, isNotNow, isRetryable } from '../errors.js';
import type { PinIssuer } from '../locks/pin-issuer.js';
import type { PinStore } from '../locks/pin-store.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import type { DepartureJob, Departures } from './departure.js';
import { DEFAULT_PIN_RETRY, formatWaited, nextRetryDelay, type PinRetryPolicy } from './pin-retry.js';
import { CLEANUP_QUEUE, cleanupJobSchema, isFinalFailure, type CleanupJobData } from './queues.js';

/**
 * A code that must come off (a cancelled or departed guest's) is worth waiting for through a
 * gateway outage for a day, not just PIN_JOB_ATTEMPTS-like tries; staff hear once it has lasted
 * OUTAGE_ALERT_AFTER_MS, so someone can remove it by hand if it matters sooner.
 */
const OUTAGE_PATIENCE_MS = 24 * 3600_000;
const OUTAGE_ALERT_AFTER_MS = 15 * 60_000;

/** Takes a booking's codes off its locks, or moves them. A code left behind after every retry is a staff alert. */
export function createCleanupWorker(deps: {
  connection: ConnectionOptions;
  bullPrefix: string;
  issuer: PinIssuer;
  alerts: StaffAlerts;
  logger: Logger;
  pins?: Pick<PinStore, 'get' | 'isRevoked'>;
  /** Runs the booking's PIN job again (it moves an issued PIN to the booking's new window and locks). */
  reissue?: (ref: string) => Promise<void>;
  /** How long after the PIN's window ends its codes are removed. */
  cleanupAfterMs?: number;
  /**
   * True while the booking's PIN job is running. Cleanup waits for it (retries later): a run
   * that began before the cancellation may still be adding codes that a cleanup now would miss.
   * A run that begins after it sees the booking cancelled and adds nothing.
   */
  pinJobRunning?: (ref: string) => Promise<boolean>;
  /** Deletes a booking's guest data (`forget` jobs); unset, they do nothing. */
  guestData?: { dueAt(ref: string): Promise<number>; forget(ref: string): Promise<void> };
  /** Cuts a departed guest's stay and code short (`departed` jobs); unset, they do nothing. */
  departures?: Pick<Departures, 'run' | 'failed'>;
  /** The gaps between tries while the locks are out of reach (the PIN job's; tests shorten them). */
  outageRetry?: Pick<PinRetryPolicy, 'firstDelayMs' | 'maxDelayMs'>;
}): Worker<CleanupJobData> {
  const outageRetry = { ...DEFAULT_PIN_RETRY, ...deps.outageRetry };
  /** Waits out an outage of the locks (moved to delayed, attempts untouched); false once it has lasted too long. */
  async function waitOut(job: Job<CleanupJobData>, token: string | undefined, err: unknown): Promise<boolean> {
    const now = Date.now();
    const since = job.data.outageSince ?? now;
    const delay = nextRetryDelay(now, since, since + OUTAGE_PATIENCE_MS, outageRetry);
    if (delay === undefined) return false;
    const alertNow = !job.data.outageAlerted && now - since >= OUTAGE_ALERT_AFTER_MS;
    await job.updateData({ ...job.data, outageSince: since, ...(alertNow ? { outageAlerted: true } : {}) });
    if (alertNow) {
      await deps.alerts.raise({
        kind: 'pin_failed',
        ref: job.data.ref,
        convKey: '',
        detail: `Booking ${job.data.ref} (${job.data.reason}): its door codes could not ${job.data.reason === 'departed' ? 'be shortened' : 'come off'} for ${formatWaited(now - since)} (${errorMessage(err)}). Still trying for up to a day; remove them by hand if it cannot wait (npm run locks -- list <lock id>).`,
        at: now,
      });
    }
    deps.logger.warn({ ref: job.data.ref, reason: job.data.reason, err: errorMessage(err), retryInMs: delay }, 'locks out of reach: the cleanup waits it out');
    await job.moveToDelayed(now + delay, token);
    return true;
  }

  const worker = new Worker<CleanupJobData>(
    CLEANUP_QUEUE,
    async (job: Job<CleanupJobData>, token?: string) => {
      try {
        await clean(job, token);
      } catch (err) {
        // A departure that cannot succeed (the stay has not started, a lock refused for good) is not tried 8 times.
        if (job.data.reason === 'departed' && !(err instanceof DelayedError) && !isRetryable(err)) throw new UnrecoverableError(errorMessage(err));
        if (err instanceof DelayedError || !isNotNow(err) || job.data.reason === 'forget') throw err;
        if (await waitOut(job, token, err)) throw new DelayedError();
        throw err;
      }
    },
    { connection: deps.connection, prefix: deps.bullPrefix, concurrency: 2 },
  );

  async function clean(job: Job<CleanupJobData>, token: string | undefined): Promise<void> {
    const { ref, reason } = cleanupJobSchema.parse(job.data);
    if (reason === 'forget') {
      if (!deps.guestData) return;
      // The stay may have been extended since this was booked: then wait for the new end.
      const due = await deps.guestData.dueAt(ref);
      if (due > Date.now() + 1_000) {
        await job.moveToDelayed(due, token);
        throw new DelayedError();
      }
      await deps.guestData.forget(ref);
      return;
    }
    if (reason === 'checked_out') {
      // The stay may have been extended since this was booked: then wait for the new end.
      const window = await deps.issuer.windowOf(ref);
      const due = window ? window.end + (deps.cleanupAfterMs ?? 0) : 0;
      if (due > Date.now() + 1_000) {
        await job.moveToDelayed(due, token);
        throw new DelayedError();
      }
    }
    if (await deps.pinJobRunning?.(ref)) throw new AppError(`the PIN job of ${ref} is still adding codes; cleanup retries later`, true);
    if (reason === 'reassigned') {
      // A PIN job that was running when the booking was taken may have finished without seeing
      // it: one runs now (it takes the revoked codes off). Nothing to do if one already did.
      if (await deps.pins?.isRevoked(ref)) await deps.reissue?.(ref);
      return;
    }
    if (reason === 'changed') {
      // No PIN yet: the PIN job, whenever it runs, reads the booking as it is then.
      if (!(await deps.pins?.get(ref))) return;
      await deps.reissue?.(ref);
      deps.logger.info({ ref }, 'booking changed: its PIN job runs again to move the codes');
      return;
    }
    if (reason === 'departed') {
      const departure = departureOf(job.data);
      if (deps.departures && departure) await deps.departures.run(departure);
      return;
    }
    if (reason === 'superseded') {
      await deps.issuer.removeLeftovers(ref);
      deps.logger.info({ ref }, 'codes the moved PIN no longer needs are off the locks');
      return;
    }
    await deps.issuer.revoke(ref);
    deps.logger.info({ ref, reason }, 'booking codes removed');
  }
  worker.on('failed', (job, err) => {
    if (!job || !isFinalFailure(job)) return;
    const { ref, reason } = job.data;
    deps.logger.error({ ref, reason, jobId: job.id, err: err.message }, 'cleanup job failed for good');
    const departure = reason === 'departed' ? departureOf(job.data) : undefined;
    if (deps.departures && departure) {
      deps.departures
        .failed(departure, err.message)
        .catch((e: unknown) => deps.logger.error({ ref, err: errorMessage(e) }, 'could not report a failed departure'));
      return;
    }
    deps.alerts
      .raise({
        kind: reason === 'forget' ? 'bot_error' : 'pin_failed',
        ref,
        convKey: '',
        detail:
          reason === 'forget'
            ? `Booking ${ref}: the guest's personal data could not all be deleted after the retention period: ${err.message}. Please check.`
            : reason === 'changed'
              ? `Booking ${ref} changed, but its door code could not be moved to the new dates/room: ${err.message}. Check the locks by hand.`
              : reason === 'superseded'
                ? `Booking ${ref} moved and its new code works, but codes it no longer needs could not be removed: ${err.message}. Remove them by hand (npm run locks -- list <lock id>); they would still open those doors until the old check-out.`
                : reason === 'reassigned'
                  ? `Booking ${ref} was reassigned, but no PIN job could be started to take its old codes off: ${err.message}. Check the locks by hand.`
                  : `Booking ${ref} (${reason}): its door codes could not be removed: ${err.message}. Remove them by hand.`,
        at: Date.now(),
      })
      .catch((e: unknown) => deps.logger.error({ ref, err: errorMessage(e) }, 'could not raise cleanup alert'));
  });
  worker.on('error', (err) => deps.logger.error({ err: errorMessage(err) }, 'cleanup worker error'));
  return worker;
}

/** A `departed` cleanup job's departure (undefined when it names no end: nothing to shorten). */
function departureOf({ ref, endsAt, by, convKey }: CleanupJobData): DepartureJob | undefined {
  return endsAt === undefined ? undefined : { ref, endsAt, ...(by ? { by } : {}), ...(convKey ? { convKey } : {}) };
}
