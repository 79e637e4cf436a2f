import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.js';
import type { FlowEvent } from '../flows/events.js';
import type { StaffAlerts } from '../oversight/alerts.js';
import { isFinalFailure, TIMER_QUEUE, timerJobSchema, type TimerJobData } from './queues.js';

/** Delayed events for conversations ("the PIN is still not there 90 s after confirming"). */
export function createTimerWorker(deps: {
  connection: ConnectionOptions;
  bullPrefix: string;
  notify: (convKey: string, event: FlowEvent) => Promise<void>;
  /** A deadline that never reached its conversation: nobody would check on a late PIN, so staff must. */
  alerts: Pick<StaffAlerts, 'raise'>;
  logger: Logger;
}): Worker<TimerJobData> {
  const worker = new Worker<TimerJobData>(
    TIMER_QUEUE,
    async (job: Job<TimerJobData>) => {
      const data = timerJobSchema.parse(job.data);
      await deps.notify(data.convKey, { type: 'pinDeadline', ref: data.ref });
    },
    { connection: deps.connection, prefix: deps.bullPrefix, concurrency: 8 },
  );
  worker.on('failed', (job, err) => {
    if (!job || !isFinalFailure(job)) return;
    const { ref, convKey } = job.data;
    // No job id in the log: it is built from the conversation key, which can be a phone number.
    deps.logger.error({ ref, err: err.message }, 'PIN deadline could not be delivered');
    deps.alerts
      .raise({
        kind: 'pin_late',
        ref,
        convKey,
        detail: `Booking ${ref}: the check on whether the guest's door code arrived in time failed (${err.message}). Please make sure the guest has their code.`,
        at: Date.now(),
      })
      .catch((e: unknown) => deps.logger.error({ ref, err: errorMessage(e) }, 'could not raise the lost-deadline alert'));
  });
  worker.on('error', (err) => deps.logger.error({ err: errorMessage(err) }, 'timer worker error'));
  return worker;
}
