import type { ConnectionOptions, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.js';
import { runArrivalSweep, type ArrivalSweepDeps } from './arrivals.js';
import { runCheckoutReminderSweep, type CheckoutReminderDeps } from './checkout-reminders.js';
import { sweep, type Sweep } from './sweep.js';

/** The check-out reminder is due at a minute of the morning: looked for every 5 minutes. */
const CHECKOUT_SWEEP = sweep('checkout-reminder');

export interface StaySettings {
  /** LOCK_RECORD_POLL_MINUTES in ms; 0 = the lock records are not read. */
  pollMs: number;
  /** DEPARTURE_MESSAGES. */
  departureMessages: boolean;
}

type Shared = 'now' | 'logger';
export interface StaySweepDeps {
  connection: () => ConnectionOptions;
  bullPrefix: string;
  logger: Logger;
  arrivals: Omit<ArrivalSweepDeps, Shared | 'everyMs'>;
  checkout: Omit<CheckoutReminderDeps, Shared>;
}

/**
 * The sweeps of the stay (src/jobs/arrivals.ts, src/jobs/checkout-reminders.ts), their queues,
 * workers and schedules in one place, so compose wires them in one block. Each runs one at a
 * time across processes (see sweep.ts); a setting turned off removes its schedule.
 */
export class StaySweeps {
  private readonly arrival: Sweep;
  readonly arrivalQueue: Queue;
  readonly checkoutQueue: Queue;

  constructor(
    connection: ConnectionOptions,
    bullPrefix: string,
    private readonly settings: StaySettings,
  ) {
    // The interval only matters to the schedule; a poll that is off still has its queue (to remove an old schedule).
    this.arrival = sweep('arrival', settings.pollMs || 5 * 60_000);
    this.arrivalQueue = this.arrival.createQueue(connection, bullPrefix);
    this.checkoutQueue = CHECKOUT_SWEEP.createQueue(connection, bullPrefix);
  }

  /** Workers for the sweeps that are on, and their schedules (resolves once (un)scheduled; never rejects). */
  start(deps: StaySweepDeps): { workers: Worker[]; scheduled: Promise<void> } {
    const { pollMs, departureMessages } = this.settings;
    const workers: Worker[] = [];
    const child = (component: string) => deps.logger.child({ component });
    if (pollMs > 0) {
      const logger = child('arrivals');
      workers.push(
        this.arrival.createWorker({
          connection: deps.connection(),
          bullPrefix: deps.bullPrefix,
          logger,
          run: () => runArrivalSweep({ ...deps.arrivals, everyMs: pollMs, logger }),
        }),
      );
    }
    if (departureMessages) {
      const logger = child('checkout-reminders');
      workers.push(
        CHECKOUT_SWEEP.createWorker({
          connection: deps.connection(),
          bullPrefix: deps.bullPrefix,
          logger,
          run: () => runCheckoutReminderSweep({ ...deps.checkout, logger }),
        }),
      );
    }
    const log = (what: string) => (err: unknown) => deps.logger.error({ err: errorMessage(err) }, `could not (un)schedule ${what}`);
    const scheduled = Promise.all([
      this.arrival.schedule(this.arrivalQueue, pollMs > 0).catch(log('the lock records poll')),
      CHECKOUT_SWEEP.schedule(this.checkoutQueue, departureMessages).catch(log('the check-out reminders')),
    ]).then(() => undefined);
    return { workers, scheduled };
  }

  /** A sweep now, besides the scheduled ones (tests, demos). */
  runNow(which: 'arrival' | 'checkout'): Promise<unknown> {
    return which === 'arrival' ? this.arrival.runNow(this.arrivalQueue) : CHECKOUT_SWEEP.runNow(this.checkoutQueue);
  }

  async close(): Promise<void> {
    const queues = [this.arrivalQueue, this.checkoutQueue];
    await Promise.all(queues.map((q) => q.waitUntilReady().catch(() => {})));
    await Promise.all(queues.map((q) => q.close()));
  }
}
