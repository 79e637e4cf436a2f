/**
 * `npx tsx bench/engine-cpu.ts [GUESTS]`: CPU time per guest message spent by the conversation
 * engine alone (flow, Redis state, inbox/outbox, context), without HTTP, fakes or PIN jobs, on
 * the Redis at TEST_REDIS_URL (default 127.0.0.1:6379) under a throw-away prefix. For profiling:
 * `node --cpu-prof --cpu-prof-dir=bench/profiles --import tsx bench/engine-cpu.ts`.
 */
import { answer, bookingToday, STEPS_TO } from '../test/helpers/checkin.js';
import { startTestRuntime } from '../test/helpers/runtime.js';

async function main(): Promise<void> {
  const guests = Number(process.argv[2] ?? 300);
  if (!Number.isInteger(guests) || guests < 1) throw new Error(`GUESTS must be a whole number of 1 or more, not "${process.argv[2]}"`);
  const refs = Array.from({ length: guests }, (_, i) => `EC${String(i).padStart(5, '0')}`);
  const t = await startTestRuntime({ bookings: refs.map((ref) => bookingToday(ref)) });
  try {
    // Warm-up: JIT, script loading, connection.
    await Promise.all(refs.slice(0, 20).map((ref, i) => answer(t, `warm-${i}`, STEPS_TO.email(ref))));
    const lines = refs.map((ref) => STEPS_TO.email(ref));
    const messages = lines.reduce((n, l) => n + l.length, 0);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(refs.map((_, i) => answer(t, `guest-${i}`, lines[i]!)));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(`${messages} messages from ${guests} guests at once: ${(messages / (ms / 1000)).toFixed(0)} msgs/s, ${(cpuMs / messages).toFixed(2)} ms CPU per message`);
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`engine-cpu: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
