import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.js';
import type { FlowEvent } from '../flows/events.js';
import { TIMER_QUEUE, timerJobSchema, type TimerJobData } from './queues.js';

/** Delayed events for conversations ("the PIN is still not there 90 s after confirming"). */
export function createTimerWorker(deps: {
  connection: ConnectionOptions;
  bullPrefix: string;
  notify: (convKey: string, event: FlowEvent) => Promise<void>;
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
  worker.on('error', (err) => deps.logger.error({ err: errorMessage(err) }, 'timer worker error'));
  return worker;
}
