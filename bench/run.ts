/**
 * `npm run bench [-- --guests N --think S --arrive S --per-building N --ttlock-min MS --ttlock-max MS --skip-split --skip-coach --coach-only --profile --label NAME]`
 *
 * Starts the service as an operator would (one ROLE=all process; then two web + two worker
 * processes) against the Telegram/Twilio/TTLock fakes and a throw-away redis-server, plays
 * guests through whole check-ins over the public webhooks, and compares with a bare node:http
 * floor doing the same Redis round trips; then a coach party at one building, with and without
 * codes made ahead of arrival (PIN_PROVISION_AHEAD_HOURS). Targets are reported, never asserted: the numbers
 * depend on the machine, and a shared one is noisy.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GuestDriver, planGuests, type GuestOutcome, type GuestPlan } from '../test/support/guests.js';
import { freePort, ROOT } from '../test/support/process.js';
import { PROVISION_SWEEP } from '../src/jobs/provision.js';
import { createBullConnection } from '../src/redis-connect.js';
import { waitFor } from '../test/support/wait.js';
import { Stack, TG_TOKEN, TWILIO_ACCOUNT, TWILIO_TOKEN } from '../test/support/stack.js';

const { values: args } = parseArgs({
  options: {
    guests: { type: 'string', default: '500' },
    think: { type: 'string', default: '5' },
    arrive: { type: 'string', default: '15' },
    'per-building': { type: 'string', default: '1' },
    'whatsapp-mps': { type: 'string', default: '50' },
    profile: { type: 'boolean', default: false },
    label: { type: 'string' },
    'ttlock-min': { type: 'string', default: '2000' },
    'ttlock-max': { type: 'string', default: '5000' },
    'throughput-guests': { type: 'string' },
    rounds: { type: 'string', default: '5' },
    'skip-split': { type: 'boolean', default: false },
    'skip-coach': { type: 'boolean', default: false },
    'coach-only': { type: 'boolean', default: false },
  },
});
// Counts must be at least 1; times and rates may be 0.
for (const name of ['guests', 'think', 'arrive', 'per-building', 'whatsapp-mps', 'ttlock-min', 'ttlock-max', 'throughput-guests', 'rounds'] as const) {
  const value = args[name];
  const least = ['guests', 'per-building', 'throughput-guests', 'rounds'].includes(name) ? 1 : 0;
  if (value !== undefined && !(Number.isFinite(Number(value)) && Number(value) >= least)) {
    console.error(`bench: --${name} must be a number of ${least} or more, not "${value}"`);
    process.exit(2);
  }
}
const GUESTS = Number(args.guests);
const THINK_MS = Number(args.think) * 1000;
/** Guests start evenly over this window, shorter than a check-in, so nearly all are mid-conversation at once. */
const ARRIVE_MS = Number(args.arrive) * 1000;
/** The coach party: this many guests of one building (one gateway, one front door) starting over this window. */
const COACH_GUESTS = 30;
const COACH_ARRIVE_MS = 5 * 60_000;
/** Rooms (guests) per building; each building is behind one gateway. */
const PER_BUILDING = Number(args['per-building']);
/** The WhatsApp sender's messages a second (Twilio: 10 by default, 50 on request). */
const WHATSAPP_MPS = args['whatsapp-mps'];
const PROFILE_DIR = join(ROOT, 'bench/profiles');
/**
 * The throughput runs measure the bot, not the platforms: the fakes take any rate, so the
 * send pacing that keeps a real deployment under Telegram's and Twilio's limits is switched off.
 */
const UNPACED = { TELEGRAM_SEND_PER_SECOND: '0', TELEGRAM_CHAT_GAP_MS: '0', WHATSAPP_SEND_PER_SECOND: '0', WHATSAPP_CHAT_GAP_MS: '0' };
const TTLOCK = { min: Number(args['ttlock-min']), max: Number(args['ttlock-max']) };
/** Concurrent guests with no think time: enough to keep one process saturated. */
const THROUGHPUT_GUESTS = Number(args['throughput-guests'] ?? Math.min(GUESTS, 200));
/** The ack-paced runs and the floor take about a second per pass: several passes steady them. */
const ROUNDS = Number(args.rounds);

const log = (...a: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A portfolio of buildings of PER_BUILDING rooms, each behind its own gateway, one guest per
 * room. A gateway does one operation at a time (2-5 s each, two per guest), so guests of one
 * building can only have their PINs one after the other: `spread` orders the rooms so that
 * consecutive arrivals are in different buildings, as a wave across a portfolio is.
 */
function stackFor(guests: number, extraEnv: Record<string, string> = {}): Promise<Stack> {
  return Stack.start({
    properties: Math.max(2, Math.ceil(guests / PER_BUILDING)),
    roomsEach: PER_BUILDING,
    ttlockLatencyMs: TTLOCK,
    logLevel: 'warn',
    env: { PIN_JOB_ATTEMPTS: '6', ...extraEnv },
    ...(args.profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
  });
}

function spread(stack: Stack): Stack['places'] {
  return [...stack.places].sort((a, b) => a.roomId.localeCompare(b.roomId) || a.frontDoorLockId - b.frontDoorLockId);
}

/** SIGTERM first when profiling: a process writes its CPU profile only when it exits normally. */
async function closeStack(stack: Stack): Promise<void> {
  if (args.profile) await Promise.all(stack.processes.map((p) => p.stop()));
  await stack.close();
}

/** Most guests mid-conversation at one time (first message sent, PIN or failure not yet received). */
function peakConcurrency(spans: Array<{ start: number; end: number }>): number {
  const edges = spans.flatMap((s) => [{ at: s.start, d: 1 }, { at: s.end, d: -1 }]).sort((a, b) => a.at - b.at || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const e of edges) peak = Math.max(peak, (now += e.d));
  return peak;
}

/** CPU seconds so far: the whole machine (busy and total, from /proc/stat) and each given process. */
function cpuNow(pids: number[]): { busy: number; total: number; byPid: number[] } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = ticks[3]! + ticks[4]!;
  const total = ticks.reduce((a, b) => a + b, 0);
  const byPid = pids.map((pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
    } catch {
      return 0;
    }
  });
  return { busy: (total - idle) / 100, total: total / 100, byPid };
}

/**
 * Where the machine's CPU went during a run: is the service the bottleneck, or the machine
 * (the load generator and the fakes share it)? Shares of all cores; 100 % = every core busy.
 */
function cpuShares(before: ReturnType<typeof cpuNow> & { self: number }, after: ReturnType<typeof cpuNow>, seconds: number) {
  const cores = cpus().length;
  const share = (s: number) => Math.round((s / (seconds * cores)) * 100);
  return {
    machineBusyPct: Math.round(((after.busy - before.busy) / (after.total - before.total)) * 100),
    servicePct: share(after.byPid.reduce((a, b, i) => a + b - before.byPid[i]!, 0)),
    loadGeneratorPct: share((process.cpuUsage().user + process.cpuUsage().system) / 1e6 - before.self),
  };
}

/**
 * Closed loop, no think time: messages/s the webhooks sustain. `replies`: each message counted
 * when the bot's reply reached the platform (paced by the channels' send limits); `acks`: when
 * the webhook was acknowledged (the work is durable in Redis by then), the floor's equivalent.
 */
async function throughput(driver: GuestDriver, guests: GuestPlan[], pids: number[], mode: 'replies' | 'acks' = 'replies') {
  const acks: number[] = [];
  const cpuBefore = { ...cpuNow(pids), self: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 };
  const started = performance.now();
  // A fixed number of guests in flight (the concurrency), each replaced by the next when done,
  // so a longer list gives a longer, steadier measurement at the same load.
  const outcomes: GuestOutcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(THROUGHPUT_GUESTS, guests.length) }, async () => {
      while (next < guests.length) {
        const g = guests[next++]!;
        outcomes.push(await driver.play(g, { stopAtConfirm: true, ackOnly: mode === 'acks', replyTimeoutMs: 180_000, onAck: (ms) => acks.push(ms) }));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuShares(cpuBefore, cpuNow(pids), seconds);
  const messages = outcomes.reduce((n, o) => n + o.messagesSent, 0);
  return { messages, seconds: r1(seconds), perSecond: r1(messages / seconds), ackP50: r1(pct(acks, 50)), ackP99: r1(pct(acks, 99)), cpu };
}

async function floorRun(stack: Stack, guests: GuestPlan[]) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/floor.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      REDIS_URL: stack.redis.url,
      PREFIX: `${stack.prefix}floor:`,
      TELEGRAM_URL: `${stack.telegram.url}/bot${TG_TOKEN}`,
      TWILIO_URL: `${stack.twilio.url}/2010-04-01/Accounts/${TWILIO_ACCOUNT}/Messages.json`,
      TWILIO_AUTH: `Basic ${Buffer.from(`${TWILIO_ACCOUNT}:${TWILIO_TOKEN}`).toString('base64')}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  try {
    await waitFor(() => out.includes('floor listening'), 30_000, 'the floor server', 100);
    const driver = new GuestDriver({ telegram: stack.telegram, twilio: stack.twilio, base: () => `http://127.0.0.1:${port}` });
    return await throughput(driver, guests, [child.pid!]);
  } finally {
    child.kill('SIGKILL');
  }
}

async function memoryPerConversation(stack: Stack, baseline: number, conversations: number) {
  const r = stack.redis.redis;
  const used = Number(/used_memory:(\d+)/.exec(await r.info('memory'))?.[1] ?? 0);
  const keys = await stack.redis.keys(`${stack.prefix}conv:*`);
  let usage = 0;
  for (const k of keys) usage += Number((await r.call('MEMORY', 'USAGE', k, 'SAMPLES', '0')) ?? 0);
  return {
    infoDeltaBytesPerConversation: Math.round((used - baseline) / conversations),
    convKeysBytesPerConversation: Math.round(usage / conversations),
    convKeys: keys.length,
  };
}

async function bullKeys(stack: Stack): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const k of await stack.redis.keys(`${stack.keys.bullPrefix()}:*`)) {
    const queue = k.slice(stack.keys.bullPrefix().length + 1).split(':')[0]!;
    counts[queue] = (counts[queue] ?? 0) + 1;
  }
  return counts;
}

async function realistic(driver: GuestDriver, guests: GuestPlan[], arriveMs = ARRIVE_MS) {
  const acks: number[] = [];
  const spans: Array<{ start: number; end: number }> = [];
  const started = performance.now();
  const results = await Promise.all(
    guests.map(async (g, i): Promise<GuestOutcome | { plan: GuestPlan; error: string }> => {
      await new Promise((r) => setTimeout(r, (i * arriveMs) / guests.length));
      const start = Date.now();
      try {
        const outcome = await driver.play(g, { thinkMs: { min: THINK_MS, max: THINK_MS * 1.2 }, onAck: (ms) => acks.push(ms), replyTimeoutMs: 120_000, pinTimeoutMs: 420_000 });
        spans.push({ start, end: outcome.finalAt });
        return outcome;
      } catch (err) {
        spans.push({ start, end: Date.now() });
        return { plan: g, error: String(err) };
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const done = results.filter((o): o is GuestOutcome => 'result' in o);
  const pins = done.filter((o) => o.result === 'pin');
  const ready = pins.filter((o) => o.readyAtConfirm);
  const confirmToPin = ready.map((o) => o.finalAt - o.confirmAt);
  const allConfirmToPin = pins.map((o) => o.finalAt - o.confirmAt);
  const messages = guests.reduce((n, g) => n + (g.channel === 'telegram' ? 6 : 7), 0);
  return {
    guests: guests.length,
    peakConcurrent: peakConcurrency(spans),
    seconds: r1(seconds),
    messages,
    messagesPerSecond: r1(messages / seconds),
    ackP50: r1(pct(acks, 50)),
    ackP99: r1(pct(acks, 99)),
    ackMax: r1(Math.max(...acks)),
    pinsDelivered: pins.length,
    failedMessages: done.filter((o) => o.result === 'failed').length,
    unfinished: results.filter((o) => 'error' in o).map((o) => `${o.plan.ref}: ${(o as { error: string }).error.slice(0, 120)}`).slice(0, 5),
    unfinishedCount: results.filter((o) => 'error' in o).length,
    readyAtConfirmShare: r1((ready.length / guests.length) * 100),
    confirmToPinReadyP50: r1(pct(confirmToPin, 50)),
    confirmToPinReadyP99: r1(pct(confirmToPin, 99)),
    confirmToPinAllP50: r1(pct(allConfirmToPin, 50)),
    confirmToPinAllP99: r1(pct(allConfirmToPin, 99)),
  };
}

/** Gives a plan's guests chats no other run in this stack used (`offset` distinguishes the runs). */
function freshChats(guests: GuestPlan[], offset: number): GuestPlan[] {
  return guests.map((g) => {
    const chatId = g.channel === 'telegram' ? String(Number(g.chatId) + offset * 100_000) : g.chatId.replace('+447400', `+4474${String(offset).padStart(2, '0')}`);
    return { ...g, chatId, mailboxKey: `${g.channel}:${chatId}` };
  });
}

/**
 * A coach party: COACH_GUESTS guests of one building over COACH_ARRIVE_MS, every code queued on
 * the same gateway (2 operations a guest). `ahead`: codes made before arrival, as
 * PIN_PROVISION_AHEAD_HOURS does hours ahead (here the sweep is started once the bookings are in,
 * and the wave waits for it, as the guests would arrive hours later).
 */
async function coachWave(ahead: boolean) {
  const stack = await Stack.start({
    properties: 1,
    roomsEach: COACH_GUESTS,
    ttlockLatencyMs: TTLOCK,
    logLevel: 'warn',
    env: { PIN_JOB_ATTEMPTS: '6', WHATSAPP_SEND_PER_SECOND: WHATSAPP_MPS, ...(ahead ? { PIN_PROVISION_AHEAD_HOURS: '24' } : {}) },
  });
  try {
    await stack.spawn('all');
    const guests = planGuests(COACH_GUESTS, stack.places, ahead ? 'CA' : 'CN');
    await stack.book(guests, 20);
    let provisionSeconds: number | undefined;
    if (ahead) {
      const connection = createBullConnection(stack.redis.url);
      const queue = PROVISION_SWEEP.createQueue(connection, stack.keys.bullPrefix());
      const started = performance.now();
      await PROVISION_SWEEP.runNow(queue);
      await queue.close();
      connection.disconnect();
      const statuses = () => Promise.all(guests.map((g) => stack.redis.redis.hget(stack.keys.pin(g.ref), 'status')));
      await waitFor(async () => (await statuses()).every((s) => s === 'ready'), 30 * 60_000, 'every code made ahead', 1_000);
      provisionSeconds = r1((performance.now() - started) / 1000);
      log(`coach party: ${COACH_GUESTS} codes made ahead in ${provisionSeconds} s`);
    }
    const driver = GuestDriver.for(stack);
    const real = await realistic(driver, guests, COACH_ARRIVE_MS);
    log(`coach party, ${ahead ? 'codes made ahead' : 'codes made at the details step'}`, real);
    return { ...real, provisionSeconds };
  } finally {
    await closeStack(stack);
  }
}

async function coach() {
  log(`coach party: ${COACH_GUESTS} guests of one building over ${COACH_ARRIVE_MS / 1000} s, without then with codes made ahead`);
  return { without: await coachWave(false), ahead: await coachWave(true) };
}

function coachRows(c: Awaited<ReturnType<typeof coach>>): Array<[string, string, string, string]> {
  const row = (name: string, r: Awaited<ReturnType<typeof coachWave>>, target: string, met?: boolean): [string, string, string, string] => [
    name,
    `${r.readyAtConfirmShare} % ready at confirm; confirm -> PIN p50/p99 ${r.confirmToPinAllP50}/${r.confirmToPinAllP99} ms; ${r.pinsDelivered} PINs, ${r.failedMessages} failures, ${r.unfinishedCount} unfinished` +
      (r.provisionSeconds !== undefined ? `; the ${COACH_GUESTS} codes took ${r.provisionSeconds} s to make ahead` : ''),
    target,
    met === undefined ? '-' : met ? 'met' : 'missed',
  ];
  return [
    [`**Coach party**: ${COACH_GUESTS} guests of one building (one gateway) over ${COACH_ARRIVE_MS / 60_000} min`, '', '', ''],
    row('Codes made at the details step (PIN_PROVISION_AHEAD_HOURS=0)', c.without, '-'),
    row('Codes made ahead (PIN_PROVISION_AHEAD_HOURS=24)', c.ahead, '>= 99 % ready', c.ahead.readyAtConfirmShare >= 99),
  ];
}

async function main(): Promise<void> {
  if (args['coach-only']) return write({ coach: await coach() });
  log(`guests ${GUESTS} arriving over ${ARRIVE_MS} ms, think ${THINK_MS} ms, TTLock ${TTLOCK.min}-${TTLOCK.max} ms, throughput guests ${THROUGHPUT_GUESTS}`);
  // --- the check-in wave: one ROLE=all process, platform pacing on (Telegram's defaults, a 50 MPS WhatsApp sender)
  const waveStack = await stackFor(GUESTS, { WHATSAPP_SEND_PER_SECOND: WHATSAPP_MPS });
  let wave: Record<string, unknown>;
  try {
    await waveStack.spawn('all');
    const driver = GuestDriver.for(waveStack);
    const guests = planGuests(GUESTS, spread(waveStack), 'BR');
    await waveStack.book(guests, 20);
    const baseline = Number(/used_memory:(\d+)/.exec(await waveStack.redis.redis.info('memory'))?.[1] ?? 0);
    log('check-in wave: guests with think time, TTLock latency, platform pacing');
    const real = await realistic(driver, guests);
    log('realistic', real);
    const memory = await memoryPerConversation(waveStack, baseline, GUESTS);
    const bull = await bullKeys(waveStack);
    log('memory', memory, 'bull keys', bull);
    wave = { real, memory, bull };
  } finally {
    await closeStack(waveStack);
  }

  // --- throughput: no think time, pacing off; floor, one ROLE=all process, then 2 web + 2 worker
  const single = await stackFor(GUESTS, UNPACED);
  let report: Record<string, unknown>;
  try {
    await single.spawn('all');
    const driver = GuestDriver.for(single);
    const tGuests = freshChats(planGuests(THROUGHPUT_GUESTS, single.places, 'BT'), 1);
    const aGuests = freshChats(planGuests(THROUGHPUT_GUESTS * ROUNDS, single.places, 'BA'), 3);
    const fGuests = freshChats(planGuests(THROUGHPUT_GUESTS * ROUNDS, single.places, 'BA'), 2);
    await single.book([...tGuests, ...aGuests], 20);

    log('floor run: bare node:http, same Redis round trips');
    const floor = await floorRun(single, fGuests);
    log('floor', floor);
    log('throughput run: ROLE=all, no think time, each message waits for its reply');
    const pids = single.processes.map((p) => p.child.pid!);
    const one = await throughput(driver, tGuests, pids);
    log('throughput ROLE=all (replies)', one);
    log('throughput run: ROLE=all, next message as soon as the webhook is acknowledged');
    const oneAcks = await throughput(driver, aGuests, pids, 'acks');
    log('throughput ROLE=all (acks)', oneAcks);
    report = { ...wave, one, oneAcks, floor };
  } finally {
    await closeStack(single);
  }

  let split: Awaited<ReturnType<typeof throughput>> | undefined;
  let splitAcks: Awaited<ReturnType<typeof throughput>> | undefined;
  if (!args['skip-split']) {
    log('throughput run: 2 web + 2 worker');
    const stack = await stackFor(GUESTS, UNPACED);
    try {
      await Promise.all([stack.spawn('web'), stack.spawn('web'), stack.spawn('worker'), stack.spawn('worker')]);
      const driver = GuestDriver.for(stack);
      const guests = planGuests(THROUGHPUT_GUESTS, stack.places, 'BS');
      const aGuests = freshChats(planGuests(THROUGHPUT_GUESTS * ROUNDS, stack.places, 'BZ'), 3);
      await stack.book([...guests, ...aGuests], 20);
      const pids = stack.processes.map((p) => p.child.pid!);
      split = await throughput(driver, guests, pids);
      log('throughput split (replies)', split);
      splitAcks = await throughput(driver, aGuests, pids, 'acks');
      log('throughput split (acks)', splitAcks);
    } finally {
      await closeStack(stack);
    }
  }
  const coached = args['skip-coach'] ? undefined : await coach();
  write({ ...report, split, splitAcks, coach: coached });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the report's shape is built just above
function write(r: Record<string, any>): void {
  const rows = [...(r.real ? waveRows(r) : []), ...(r.coach ? coachRows(r.coach) : [])];
  const date = new Date().toISOString().slice(0, 10) + (args.label ? `-${args.label}` : '');
  const md = [
    `# Benchmark ${new Date().toISOString()}`,
    '',
    ...(r.real
      ? [
          `Check-in wave: ${r.real.guests} guests (half Telegram, half WhatsApp) starting evenly over ${ARRIVE_MS / 1000} s, ` +
            `think time ${THINK_MS / 1000}-${(THINK_MS * 1.2) / 1000} s, TTLock ${TTLOCK.min}-${TTLOCK.max} ms per gateway operation, ` +
            `${Math.ceil(r.real.guests / PER_BUILDING)} buildings of ${PER_BUILDING} room(s) with a gateway each; one ROLE=all process with Telegram's pacing and a ${WHATSAPP_MPS} MPS WhatsApp sender.`,
          '',
        ]
      : []),
    ...(r.coach
      ? [
          `Coach party: ${COACH_GUESTS} guests of one building (front door and ${COACH_GUESTS} rooms behind one gateway) starting evenly over ${COACH_ARRIVE_MS / 1000} s, ` +
            `think time ${THINK_MS / 1000}-${(THINK_MS * 1.2) / 1000} s, TTLock ${TTLOCK.min}-${TTLOCK.max} ms per gateway operation, one ROLE=all process.`,
          '',
        ]
      : []),
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      'the load generator, the three fakes, Redis and the service share it. LOG_LEVEL=warn.',
    '',
    '| measure | value | target | |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${date}.md`), md);
  writeFileSync(
    join(dir, `${date}.json`),
    JSON.stringify({ at: new Date().toISOString(), args: { GUESTS, THINK_MS, ARRIVE_MS, PER_BUILDING, WHATSAPP_MPS, TTLOCK, THROUGHPUT_GUESTS, COACH_GUESTS, COACH_ARRIVE_MS }, ...r }, null, 2),
  );
  console.log(md);
  log(`written bench/results/${date}.md and .json`);
}

const mark = (ok: boolean) => (ok ? 'met' : 'missed');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the report's shape is built in main
function waveRows(r: Record<string, any>): Array<[string, string, string, string]> {
  const { real, memory, bull, one, oneAcks, floor, split, splitAcks } = r;
  const ratio = r2(oneAcks.perSecond / floor.perSecond);
  const ratioReplies = r2(one.perSecond / floor.perSecond);
  const scale = split ? r2(split.perSecond / one.perSecond) : undefined;
  const scaleAcks = splitAcks ? r2(splitAcks.perSecond / oneAcks.perSecond) : undefined;
  // Replied-to runs also give messages per second of service CPU: what one core carries, to size a
  // deployment by. (Not for acknowledged runs: their messages are still being processed after.)
  const cpu = (run: { perSecond: number; cpu: { machineBusyPct: number; servicePct: number; loadGeneratorPct: number } }, perCore = false) =>
    `machine ${run.cpu.machineBusyPct} % busy: service ${run.cpu.servicePct} %, load generator + fakes ${run.cpu.loadGeneratorPct} %` +
    (perCore ? `; ${Math.round(run.perSecond / ((run.cpu.servicePct / 100) * cpus().length))} msgs per service CPU-second` : '');
  return [
    [`**Check-in wave**: ${real.guests} guests, peak ${real.peakConcurrent} mid-conversation at once`, `${real.seconds} s, ${real.messagesPerSecond} msgs/s`, '-', '-'],
    ['Webhook ack p50 / p99', `${real.ackP50} / ${real.ackP99} ms (max ${real.ackMax})`, 'p99 < 20 ms', mark(real.ackP99 < 20)],
    ['PIN ready when the guest confirmed', `${real.readyAtConfirmShare} %`, '>= 99 %', mark(real.readyAtConfirmShare >= 99)],
    ['Confirm -> PIN p50 / p99 (ready)', `${real.confirmToPinReadyP50} / ${real.confirmToPinReadyP99} ms`, 'p99 < 150 ms', mark(real.confirmToPinReadyP99 < 150)],
    ['Confirm -> PIN p50 / p99 (all PINs)', `${real.confirmToPinAllP50} / ${real.confirmToPinAllP99} ms`, '-', '-'],
    ['PINs delivered / failure msgs / unfinished', `${real.pinsDelivered} / ${real.failedMessages} / ${real.unfinishedCount}`, '-', '-'],
    ['Redis per conversation (conv keys, MEMORY USAGE)', `${memory.convKeysBytesPerConversation} B`, '<= 2 KB', mark(memory.convKeysBytesPerConversation <= 2048)],
    ['Redis per guest (INFO delta: booking, PIN, audit, jobs too)', `${memory.infoDeltaBytesPerConversation} B`, '-', '-'],
    ['BullMQ keys left after the run', JSON.stringify(bull), 'bounded', '-'],
    [`**Throughput**: ${THROUGHPUT_GUESTS} guests at once, no think time, send pacing off`, '', '', ''],
    ['Floor msgs/s (bare node:http: dedupe, read, write, one send)', `${floor.perSecond} (ack p99 ${floor.ackP99} ms; ${cpu(floor, true)})`, '-', '-'],
    ['ROLE=all msgs/s, each message waiting for its reply', `${one.perSecond} (${one.messages} msgs in ${one.seconds} s; ${cpu(one, true)})`, '-', '-'],
    ['Ratio to floor (replied to)', `${ratioReplies}`, '>= 0.7', mark(ratioReplies >= 0.7)],
    ['ROLE=all msgs/s, next message once acknowledged', `${oneAcks.perSecond} (ack p50/p99 ${oneAcks.ackP50}/${oneAcks.ackP99} ms; ${cpu(oneAcks)})`, '-', '-'],
    ['Ratio to floor (acknowledged)', `${ratio}`, '>= 0.7', mark(ratio >= 0.7)],
    ...(split
      ? ([
          ['2 web + 2 worker msgs/s, replied to', `${split.perSecond} (${cpu(split, true)})`, '-', '-'],
          ['2 web + 2 worker msgs/s, acknowledged', `${splitAcks.perSecond} (${cpu(splitAcks)})`, '-', '-'],
          ['Scale-out factor, replied to', `${scale}`, '>= 1.6', mark((scale ?? 0) >= 1.6)],
          ['Scale-out factor, acknowledged', `${scaleAcks}`, '>= 1.6', mark((scaleAcks ?? 0) >= 1.6)],
        ] as Array<[string, string, string, string]>)
      : []),
  ];
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
