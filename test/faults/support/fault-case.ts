import { afterAll, beforeAll } from 'vitest';
import { GuestDriver, planGuests, type GuestPlan } from '../../support/guests.js';
import type { Role } from '../../support/service.js';
import { Stack, type StackOptions } from '../../support/stack.js';

export interface FaultCaseOptions extends StackOptions {
  /** The service's processes, started together once the fakes and Redis are up. */
  processes: Role[];
}

export interface FaultCase {
  /** The case's stack (from beforeAll on). */
  readonly stack: Stack;
  /** `count` guests, half per channel, over the stack's rooms (refs `<tag>0000`…), each booking stored through the admin API. */
  guests(count: number, tag: string): Promise<GuestPlan[]>;
  /** Plays guests through the web processes in turn, as a load balancer would. */
  driver(): GuestDriver;
  /** PIN jobs BullMQ is running right now. */
  activePinJobs(): Promise<number>;
  /** Rethrows `err` with every process's log tail: what the services said is the only way to tell why a guest never finished. */
  withLogs(err: unknown): never;
}

/**
 * The fixture of a fault case: before its tests the fakes, a private Redis and the service's
 * processes (`Stack`), after them all of it torn down.
 */
export function faultCase(opts: FaultCaseOptions): FaultCase {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await Stack.start(opts);
    await Promise.all(opts.processes.map((role) => stack!.spawn(role)));
  });
  afterAll(async () => {
    stack?.redis.resume(); // a case that paused Redis and failed before resuming it
    await stack?.close();
  });
  const started = (): Stack => {
    if (!stack) throw new Error('the fault case has no stack yet (it is started in beforeAll)');
    return stack;
  };
  return {
    get stack() {
      return started();
    },
    async guests(count, tag) {
      const guests = planGuests(count, started().places, tag);
      await started().book(guests);
      return guests;
    },
    driver: () => GuestDriver.for(started()),
    activePinJobs: () => started().redis.redis.llen(`${started().keys.bullPrefix()}:pin:active`),
    withLogs(err) {
      throw new Error(`${String(err)}\n${started().logs(30_000)}`);
    },
  };
}
