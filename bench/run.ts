/**
 * `npm run bench [-- --guests N --think S --ttlock-min MS --ttlock-max MS --skip-split]`
 *
 * Starts the service as an operator would (one ROLE=all process; then two web + two worker
 * processes) against the Telegram/Twilio/TTLock fakes and a throw-away redis-server, plays
 * guests through whole check-ins over the public webhooks, and compares with a bare node:http
 * floor doing the same Redis round trips. Targets are reported, never asserted: the numbers
 * depend on the machine, and a shared one is noisy.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GuestDriver, planGuests, type GuestOutcome, type GuestPlan } from '../test/faults/support/guests.js';
import { freePort } from '../test/faults/support/redis-server.js';
import { ROOT, until } from '../test/faults/support/service.js';
import { Stack, TG_TOKEN, TWILIO_ACCOUNT, TWILIO_TOKEN } from '../test/faults/support/stack.js';

const { values: args } = parseArgs({
  options: {
    guests: { type: 'string', default: '500' },
    think: { type: 'string', default: '5' },
    'ttlock-min': { type: 'string', default: '2000' },
    'ttlock-max': { type: 'string', default: '5000' },
    'throughput-guests': { type: 'string' },
    rounds: { type: 'string', default: '5' },
    'skip-split': { type: 'boolean', default: false },
  },
});
const GUESTS = Number(args.guests);
const THINK_MS = Number(args.think) * 1000;
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

/** Buildings: a gateway does one operation at a time, so the bench spreads guests as a real portfolio would. */
function stackFor(guests: number, extraEnv: Record<string, string> = {}): Promise<Stack> {
  return Stack.start({
    properties: Math.max(2, Math.ceil(guests / 4)),
    roomsEach: 2,
    ttlockLatencyMs: TTLOCK,
    logLevel: 'warn',
    env: { PIN_JOB_ATTEMPTS: '6', ...extraEnv },
  });
}

async function bookAll(stack: Stack, guests: GuestPlan[]): Promise<void> {
  for (let i = 0; i < guests.length; i += 20) await Promise.all(guests.slice(i, i + 20).map((g) => stack.putBooking(g.ref, g.place)));
}

/**
 * Closed loop, no think time: messages/s the webhooks sustain. `replies`: each message counted
 * when the bot's reply reached the platform (paced by the channels' send limits); `acks`: when
 * the webhook was acknowledged (the work is durable in Redis by then), the floor's equivalent.
 */
async function throughput(driver: GuestDriver, guests: GuestPlan[], mode: 'replies' | 'acks' = 'replies'): Promise<{ messages: number; seconds: number; perSecond: number; ackP50: number; ackP99: number }> {
  const acks: number[] = [];
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
  const messages = outcomes.reduce((n, o) => n + o.messagesSent, 0);
  return { messages, seconds: r1(seconds), perSecond: r1(messages / seconds), ackP50: r1(pct(acks, 50)), ackP99: r1(pct(acks, 99)) };
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
    await until(() => out.includes('floor listening'), 30_000, 'the floor server');
    const driver = new GuestDriver({ telegram: stack.telegram, twilio: stack.twilio, base: () => `http://127.0.0.1:${port}` });
    return await throughput(driver, guests);
  } finally {
    child.kill('SIGKILL');
  }
}

async function memoryPerConversation(stack: Stack, baseline: number, conversations: number) {
  const r = stack.redis.redis;
  const used = Number(/used_memory:(\d+)/.exec(await r.info('memory'))?.[1] ?? 0);
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await r.scan(cursor, 'MATCH', `${stack.prefix}conv:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
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
  let cursor = '0';
  do {
    const [next, found] = await stack.redis.redis.scan(cursor, 'MATCH', `${stack.keys.bullPrefix()}:*`, 'COUNT', 1000);
    cursor = next;
    for (const k of found) {
      const queue = k.slice(stack.keys.bullPrefix().length + 1).split(':')[0]!;
      counts[queue] = (counts[queue] ?? 0) + 1;
    }
  } while (cursor !== '0');
  return counts;
}

async function realistic(stack: Stack, driver: GuestDriver, guests: GuestPlan[]) {
  const acks: number[] = [];
  const started = performance.now();
  // Arrivals spread over one think time, so "concurrent guests" means guests mid-conversation at once.
  const results = await Promise.all(
    guests.map(async (g, i): Promise<GuestOutcome | { plan: GuestPlan; error: string }> => {
      await new Promise((r) => setTimeout(r, (i * THINK_MS) / guests.length));
      try {
        return await driver.play(g, { thinkMs: { min: THINK_MS, max: THINK_MS * 1.2 }, onAck: (ms) => acks.push(ms), replyTimeoutMs: 120_000, pinTimeoutMs: 420_000 });
      } catch (err) {
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

async function main(): Promise<void> {
  log(`guests ${GUESTS}, think ${THINK_MS} ms, TTLock ${TTLOCK.min}-${TTLOCK.max} ms, throughput guests ${THROUGHPUT_GUESTS}`);
  // --- one ROLE=all process
  const single = await stackFor(GUESTS);
  let report: Record<string, unknown>;
  try {
    await single.spawn('all');
    const driver = new GuestDriver({ telegram: single.telegram, twilio: single.twilio, base: () => single.pickWeb().base });
    const guests = planGuests(GUESTS, single.places, 'BR');
    await bookAll(single, guests);
    const baseline = Number(/used_memory:(\d+)/.exec(await single.redis.redis.info('memory'))?.[1] ?? 0);
    log('realistic run: guests with think time, TTLock latency');
    const real = await realistic(single, driver, guests);
    log('realistic', real);
    const memory = await memoryPerConversation(single, baseline, GUESTS);
    const bull = await bullKeys(single);
    log('memory', memory, 'bull keys', bull);

    const tGuests = planGuests(THROUGHPUT_GUESTS, single.places, 'BT').map((g) => ({ ...g, chatId: g.channel === 'telegram' ? String(Number(g.chatId) + 100_000) : g.chatId.replace('+447400', '+447401'), index: g.index + 100_000 }));
    for (const g of tGuests) g.mailboxKey = `${g.channel}:${g.chatId}`;
    const aGuests = planGuests(THROUGHPUT_GUESTS * ROUNDS, single.places, 'BA').map((g) => ({ ...g, chatId: g.channel === 'telegram' ? String(Number(g.chatId) + 300_000) : g.chatId.replace('+447400', '+447403') }));
    for (const g of aGuests) g.mailboxKey = `${g.channel}:${g.chatId}`;
    const fGuests = aGuests.map((g) => ({ ...g, chatId: g.channel === 'telegram' ? String(Number(g.chatId) + 100_000) : g.chatId.replace('+447403', '+447402') }));
    for (const g of fGuests) g.mailboxKey = `${g.channel}:${g.chatId}`;
    await bookAll(single, [...tGuests, ...aGuests]);

    log('floor run: bare node:http, same Redis round trips');
    const floor = await floorRun(single, fGuests);
    log('floor', floor);
    log('throughput run: ROLE=all, no think time, each message waits for its reply');
    const one = await throughput(driver, tGuests);
    log('throughput ROLE=all (replies)', one);
    // Last on this stack: its replies keep draining (paced) after the acks are in.
    log('throughput run: ROLE=all, next message as soon as the webhook is acknowledged');
    const oneAcks = await throughput(driver, aGuests, 'acks');
    log('throughput ROLE=all (acks)', oneAcks);
    report = { real, memory, bull, one, oneAcks, floor };
  } finally {
    await single.close();
  }

  let split: Awaited<ReturnType<typeof throughput>> | undefined;
  let splitAcks: Awaited<ReturnType<typeof throughput>> | undefined;
  if (!args['skip-split']) {
    log('throughput run: 2 web + 2 worker');
    const stack = await stackFor(GUESTS);
    try {
      await Promise.all([stack.spawn('web'), stack.spawn('web'), stack.spawn('worker'), stack.spawn('worker')]);
      const driver = new GuestDriver({ telegram: stack.telegram, twilio: stack.twilio, base: () => stack.pickWeb().base });
      const guests = planGuests(THROUGHPUT_GUESTS, stack.places, 'BS');
      const aGuests = planGuests(THROUGHPUT_GUESTS * ROUNDS, stack.places, 'BZ').map((g) => ({ ...g, chatId: g.channel === 'telegram' ? String(Number(g.chatId) + 300_000) : g.chatId.replace('+447400', '+447403') }));
      for (const g of aGuests) g.mailboxKey = `${g.channel}:${g.chatId}`;
      await bookAll(stack, [...guests, ...aGuests]);
      split = await throughput(driver, guests);
      log('throughput split (replies)', split);
      splitAcks = await throughput(driver, aGuests, 'acks');
      log('throughput split (acks)', splitAcks);
    } finally {
      await stack.close();
    }
  }
  write({ ...report, split, splitAcks });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the report's shape is built just above
function write(r: Record<string, any>): void {
  const { real, memory, bull, one, oneAcks, floor, split, splitAcks } = r;
  const ratio = r2(oneAcks.perSecond / floor.perSecond);
  const ratioReplies = r2(one.perSecond / floor.perSecond);
  const scale = split ? r2(split.perSecond / one.perSecond) : undefined;
  const scaleAcks = splitAcks ? r2(splitAcks.perSecond / oneAcks.perSecond) : undefined;
  const mark = (ok: boolean) => (ok ? 'met' : 'missed');
  const rows: Array<[string, string, string, string]> = [
    ['Floor messages/s (bare node:http, handled and replied)', `${floor.perSecond} (ack p99 ${floor.ackP99} ms)`, '-', '-'],
    ['Webhook messages/s, ROLE=all, acknowledged', `${oneAcks.perSecond} (ack p50/p99 ${oneAcks.ackP50}/${oneAcks.ackP99} ms)`, '-', '-'],
    ['Ratio to floor (acknowledged)', `${ratio}`, '>= 0.7', mark(ratio >= 0.7)],
    ['Webhook messages/s, ROLE=all, replied to', `${one.perSecond} (${one.messages} msgs in ${one.seconds} s)`, '-', '-'],
    ['Ratio to floor (replied to)', `${ratioReplies}`, '>= 0.7', mark(ratioReplies >= 0.7)],
    [`Webhook ack p50 / p99, ${real.guests} guests`, `${real.ackP50} / ${real.ackP99} ms (max ${real.ackMax})`, 'p99 < 20 ms', mark(real.ackP99 < 20)],
    ['Messages/s during the guest run', `${real.messagesPerSecond}`, '-', '-'],
    ['PIN ready when the guest confirmed', `${real.readyAtConfirmShare} %`, '>= 99 %', mark(real.readyAtConfirmShare >= 99)],
    ['Confirm -> PIN p50 / p99 (ready)', `${real.confirmToPinReadyP50} / ${real.confirmToPinReadyP99} ms`, 'p99 < 150 ms', mark(real.confirmToPinReadyP99 < 150)],
    ['Confirm -> PIN p50 / p99 (all PINs)', `${real.confirmToPinAllP50} / ${real.confirmToPinAllP99} ms`, '-', '-'],
    ['PINs delivered / failure msgs / unfinished', `${real.pinsDelivered} / ${real.failedMessages} / ${real.unfinishedCount}`, '-', '-'],
    ['Redis per conversation (conv keys, MEMORY USAGE)', `${memory.convKeysBytesPerConversation} B`, '<= 2 KB', mark(memory.convKeysBytesPerConversation <= 2048)],
    ['Redis per conversation (INFO delta, all keys)', `${memory.infoDeltaBytesPerConversation} B`, '-', '-'],
    ['BullMQ keys left after the run', JSON.stringify(bull), 'bounded', '-'],
    ...(split
      ? ([
          ['Webhook messages/s, 2 web + 2 worker, acknowledged / replied to', `${splitAcks.perSecond} / ${split.perSecond}`, '-', '-'],
          ['Scale-out factor, acknowledged', `${scaleAcks}`, '>= 1.6', mark((scaleAcks ?? 0) >= 1.6)],
          ['Scale-out factor, replied to', `${scale}`, '>= 1.6', mark((scale ?? 0) >= 1.6)],
        ] as Array<[string, string, string, string]>)
      : []),
  ];
  const date = new Date().toISOString().slice(0, 10);
  const md = [
    `# Benchmark ${new Date().toISOString()}`,
    '',
    `Guests ${real.guests} (half Telegram, half WhatsApp), think time ${THINK_MS / 1000}-${(THINK_MS * 1.2) / 1000} s, TTLock latency ${TTLOCK.min}-${TTLOCK.max} ms per gateway operation, ` +
      `throughput runs with ${THROUGHPUT_GUESTS} concurrent guests and no think time. Node ${process.version}, ${cpus().length} CPUs. LOG_LEVEL=warn.`,
    '',
    '| measure | value | target | |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${date}.md`), md);
  writeFileSync(join(dir, `${date}.json`), JSON.stringify({ at: new Date().toISOString(), args: { GUESTS, THINK_MS, TTLOCK, THROUGHPUT_GUESTS }, ...r, ratio, ratioReplies, scale, scaleAcks }, null, 2));
  console.log(md);
  log(`written bench/results/${date}.md and .json`);
}


main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
