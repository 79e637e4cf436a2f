import type { FakeTelegram } from '../fakes/telegram-server.js';
import { UpdateFactory, type TgUpdate } from '../fakes/telegram-updates.js';
import type { FakeTwilio, FormParams } from '../fakes/twilio-server.js';
import { incomingMessage, signedRequest } from '../fakes/twilio-webhooks.js';
import type { Place, Stack } from './stack.js';
import { waitFor } from './wait.js';
import { PUBLIC_BASE_URL, TG_SECRET, TWILIO_ACCOUNT, TWILIO_FROM, TWILIO_TOKEN } from './stack.js';

export type GuestChannel = 'telegram' | 'whatsapp';

export interface GuestPlan {
  index: number;
  channel: GuestChannel;
  ref: string;
  place: Place;
  /** Telegram user id, or the WhatsApp number (+E164). */
  chatId: string;
  /** Where the bot's messages to this guest are found in the fakes. */
  mailboxKey: string;
}

/** Half per channel, spread over every room. */
export function planGuests(count: number, places: Place[], tag: string): GuestPlan[] {
  return Array.from({ length: count }, (_, index) => {
    const channel: GuestChannel = index % 2 === 0 ? 'telegram' : 'whatsapp';
    const chatId = channel === 'telegram' ? String(7_000_000 + index) : `+4474009${String(index).padStart(5, '0')}`;
    return {
      index,
      channel,
      ref: `${tag}${String(index).padStart(4, '0')}`,
      place: places[index % places.length]!,
      chatId,
      mailboxKey: `${channel}:${chatId}`,
    };
  });
}

export interface BotMessage {
  text: string;
  at: number;
}

export const PIN_RE = /Your door code is \*?(\d{4,9})\*?/;
/** pinFailed and pinDelayed: the guest is told staff will take over. */
export const FAILURE_RE = /couldn't set up your door code automatically|taking longer than usual/;

/**
 * What the bot sent each chat, read incrementally from the fakes' records so that hundreds of
 * guests polling stay cheap.
 */
export class Mailbox {
  private tg = 0;
  private tw = 0;
  private readonly byChat = new Map<string, BotMessage[]>();

  constructor(
    private readonly telegram: FakeTelegram,
    private readonly twilio: FakeTwilio,
  ) {}

  of(key: string): BotMessage[] {
    this.sync();
    return this.byChat.get(key) ?? [];
  }

  private add(key: string, m: BotMessage): void {
    const list = this.byChat.get(key);
    if (list) list.push(m);
    else this.byChat.set(key, [m]);
  }

  private sync(): void {
    const delivered = this.telegram.delivered;
    for (; this.tg < delivered.length; this.tg++) {
      const m = delivered[this.tg]!;
      this.add(`telegram:${m.chatId}`, { text: m.text, at: m.at });
    }
    const requests = this.twilio.requests;
    for (; this.tw < requests.length; this.tw++) {
      const r = requests[this.tw]!;
      if (!r.sid) continue;
      const to = String(Array.isArray(r.params.To) ? r.params.To[0] : r.params.To).replace(/^whatsapp:/, '');
      const body = r.params.Body;
      this.add(`whatsapp:${to}`, { text: String(Array.isArray(body) ? body[0] : (body ?? '')), at: r.at ?? Date.now() });
    }
  }
}

export interface DriveOptions {
  /** Pause between a reply and the guest's next message. */
  thinkMs?: { min: number; max: number };
  /** Every webhook delivered twice at once (a platform retrying a slow ack). */
  duplicateAll?: boolean;
  /** Share of messages delivered again after the guest's next one (a stale redelivery). */
  lateDuplicateShare?: number;
  /** For each step's reply; the PIN gets `pinTimeoutMs`. */
  replyTimeoutMs?: number;
  pinTimeoutMs?: number;
  /** Each acknowledged webhook's latency (ms). */
  onAck?: (ms: number) => void;
  /**
   * How long a Telegram update refused by the bot is delivered again before the test gives up
   * (Telegram itself goes on for 24 h). A WhatsApp message is never delivered again: Twilio does
   * not retry an answered webhook.
   */
  deliverForMs?: number;
  /** Called before each step is sent (0-based), e.g. to hold a guest until a fault has begun. */
  beforeStep?: (step: number) => Promise<void>;
  /** Return once the confirmation is acknowledged, without waiting for the PIN (throughput runs). */
  stopAtConfirm?: boolean;
  /** Send each message as soon as the previous one is acknowledged, not replied to (ingest rate; implies stopAtConfirm). */
  ackOnly?: boolean;
}

export interface GuestOutcome {
  plan: GuestPlan;
  /** `confirmed`: stopAtConfirm was set, the PIN was not awaited. */
  result: 'pin' | 'failed' | 'confirmed';
  pin?: string;
  /** When the confirming webhook was sent. */
  confirmAt: number;
  /** When the PIN (or failure) message reached the platform. */
  finalAt: number;
  /** The PIN was the first thing the bot said after the confirmation. */
  readyAtConfirm: boolean;
  messagesSent: number;
}

export interface Target {
  telegram: FakeTelegram;
  twilio: FakeTwilio;
  /** A web process's base URL, chosen per delivery (a load balancer). */
  base(): string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Holds some guests before one of their steps until released, so that a fault is sure to meet
 * webhooks of theirs (guests waiting for a reply send nothing while the service is stuck).
 */
export class Hold {
  private readonly waiting = new Set<string>();
  private readonly refs: Set<string>;
  private open!: () => void;
  private readonly released = new Promise<void>((r) => (this.open = r));

  constructor(guests: GuestPlan[], private readonly step: number) {
    this.refs = new Set(guests.map((g) => g.ref));
  }

  /** DriveOptions.beforeStep for this guest (nothing for a guest not held). */
  gate(plan: GuestPlan): (step: number) => Promise<void> {
    return async (step) => {
      if (step !== this.step || !this.refs.has(plan.ref)) return;
      this.waiting.add(plan.ref);
      await this.released;
    };
  }

  /** Every held guest is at its step, its webhook ready to go. */
  allWaiting(): boolean {
    return this.waiting.size === this.refs.size;
  }

  release(): void {
    this.open();
  }
}
const between = (r: { min: number; max: number }) => r.min + Math.random() * (r.max - r.min);

type Delivery = { channel: GuestChannel; path: string; headers: Record<string, string>; body: string };

/** One POST of a webhook as the platform made it, and what it got. */
export interface DeliveryAttempt {
  channel: GuestChannel;
  /** The HTTP status, or `error` when there was no answer (refused, reset, timed out). */
  status: number | 'error';
  /** When the POST was made. */
  at: number;
}

/** Twilio gave up on a WhatsApp message: the guest's message is lost unless the bot had taken it. */
export class WebhookLost extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookLost';
  }
}

/**
 * Telegram's Bot API server (tdlib/telegram-bot-api, WebhookActor): 60 s for an answer; after a
 * failure it waits the answer's Retry-After (up to an hour) or else 1 s, doubling to about a
 * minute, and keeps an update for 24 h.
 */
const TELEGRAM = { answerWithinMs: 60_000, firstDelayMs: 1_000, maxDelayMs: 60_000, maxRetryAfterMs: 3_600_000 };
/**
 * Twilio's webhook defaults (webhooks-connection-overrides): 15 s for everything, one retry of a
 * connection that failed, no retry of an answer, no later redelivery.
 */
const TWILIO = { totalMs: 15_000, connectionRetries: 1 };

/** Plays guests through a whole check-in over the public webhooks, as the platforms deliver them. */
export class GuestDriver {
  readonly mailbox: Mailbox;
  private readonly updates = new UpdateFactory(1_000_000);

  constructor(private readonly target: Target) {
    this.mailbox = new Mailbox(target.telegram, target.twilio);
  }

  /** Delivering to the stack's web processes in turn, as a load balancer would. */
  static for(stack: Stack): GuestDriver {
    return new GuestDriver({ telegram: stack.telegram, twilio: stack.twilio, base: () => stack.pickWeb().base });
  }

  private telegramDelivery(update: TgUpdate): Delivery {
    return {
      channel: 'telegram',
      path: '/webhooks/telegram',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
      body: JSON.stringify(update),
    };
  }

  private whatsappDelivery(params: FormParams): Delivery {
    const { payload, headers } = signedRequest(TWILIO_TOKEN, `${PUBLIC_BASE_URL}/webhooks/twilio`, params);
    return { channel: 'whatsapp', path: '/webhooks/twilio', headers, body: payload };
  }

  private steps(plan: GuestPlan): Delivery[] {
    if (plan.channel === 'telegram') {
      const g = this.updates.guest(Number(plan.chatId), { firstName: 'Alex', lastName: 'Morgan', languageCode: 'en' });
      return [
        g.start(plan.ref),
        g.text('Alex Morgan'),
        g.text('+44 7400 123456'),
        g.text(`guest${plan.index}@example.com`),
        g.press('no_car'),
        g.press('confirm'),
      ].map((u) => this.telegramDelivery(u));
    }
    return ['hi', plan.ref, 'Alex Morgan', 'yes', `guest${plan.index}@example.com`, 'no car', 'yes'].map((body) =>
      this.whatsappDelivery(incomingMessage({ accountSid: TWILIO_ACCOUNT, to: TWILIO_FROM, from: plan.chatId, body })),
    );
  }

  /** Every POST made so far, both channels, in the order they were answered. */
  readonly attempts: DeliveryAttempt[] = [];

  /** Delivers a webhook the way its platform does; returns the acknowledged attempt's latency. */
  private deliver(d: Delivery, opts: DriveOptions): Promise<number> {
    return d.channel === 'telegram' ? this.deliverAsTelegram(d, opts) : this.deliverAsTwilio(d, opts);
  }

  private async post(d: Delivery, timeoutMs: number): Promise<{ res?: Response; err?: unknown; ms: number }> {
    const at = Date.now();
    const started = performance.now();
    try {
      const res = await fetch(`${this.target.base()}${d.path}`, { method: 'POST', headers: d.headers, body: d.body, signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      this.attempts.push({ channel: d.channel, status: res.status, at });
      return { res, ms: performance.now() - started };
    } catch (err) {
      this.attempts.push({ channel: d.channel, status: 'error', at });
      return { err, ms: performance.now() - started };
    }
  }

  /** Again and again until a 2xx, waiting Retry-After or a doubling delay in between. */
  private async deliverAsTelegram(d: Delivery, opts: DriveOptions): Promise<number> {
    const deadline = Date.now() + (opts.deliverForMs ?? 120_000);
    let delay = TELEGRAM.firstDelayMs;
    for (;;) {
      const { res, err, ms } = await this.post(d, TELEGRAM.answerWithinMs);
      if (res?.ok) {
        opts.onAck?.(ms);
        return ms;
      }
      const retryAfter = Number(res?.headers.get('retry-after'));
      const wait = retryAfter > 0 ? Math.min(retryAfter * 1000, TELEGRAM.maxRetryAfterMs) : delay;
      delay = Math.min(TELEGRAM.maxDelayMs, delay * 2);
      if (Date.now() + wait > deadline) throw new Error(`Telegram update ${d.path} never acknowledged: ${res ? `HTTP ${res.status}` : String(err)}`);
      await sleep(wait);
    }
  }

  /** Once, within 15 s; only a connection that could not be made is tried again. Anything else loses the message. */
  private async deliverAsTwilio(d: Delivery, opts: DriveOptions): Promise<number> {
    const deadline = performance.now() + TWILIO.totalMs;
    for (let attempt = 0; ; attempt++) {
      const { res, err, ms } = await this.post(d, Math.max(1, Math.ceil(deadline - performance.now())));
      if (res?.ok) {
        opts.onAck?.(ms);
        return ms;
      }
      if (res) throw new WebhookLost(`WhatsApp message answered HTTP ${res.status}: Twilio does not send it again, the guest's message is lost`);
      const refused = (err as { cause?: { code?: string } } | undefined)?.cause?.code === 'ECONNREFUSED';
      if (!refused || attempt >= TWILIO.connectionRetries || performance.now() >= deadline) {
        throw new WebhookLost(`WhatsApp message not answered within ${TWILIO.totalMs / 1000} s (${String(err)}): Twilio gives up, the guest's message is lost`);
      }
    }
  }

  private async deliverPossiblyTwice(d: Delivery, opts: DriveOptions): Promise<void> {
    if (opts.duplicateAll) await Promise.all([this.deliver(d, opts), this.deliver(d, opts)]);
    else await this.deliver(d, opts);
  }

  async play(plan: GuestPlan, opts: DriveOptions = {}): Promise<GuestOutcome> {
    const steps = this.steps(plan);
    const replyTimeout = opts.replyTimeoutMs ?? 60_000;
    let confirmAt = 0;
    let seenBeforeConfirm = 0;
    let previous: Delivery | undefined;
    for (let i = 0; i < steps.length; i++) {
      const d = steps[i]!;
      const last = i === steps.length - 1;
      await opts.beforeStep?.(i);
      const before = this.mailbox.of(plan.mailboxKey).length;
      if (last) {
        confirmAt = Date.now();
        seenBeforeConfirm = before;
      }
      await this.deliverPossiblyTwice(d, opts);
      if (previous && opts.lateDuplicateShare && Math.random() < opts.lateDuplicateShare) await this.deliver(previous, opts);
      previous = d;
      if (last && (opts.stopAtConfirm || opts.ackOnly)) return { plan, result: 'confirmed', confirmAt, finalAt: Date.now(), readyAtConfirm: false, messagesSent: steps.length };
      if (last) break;
      if (opts.ackOnly) continue;
      await waitFor(() => this.mailbox.of(plan.mailboxKey).length > before, replyTimeout, `${plan.ref} reply to step ${i + 1}`);
      if (opts.thinkMs) await sleep(between(opts.thinkMs));
    }
    const final = await waitFor(
      () => this.mailbox.of(plan.mailboxKey).slice(seenBeforeConfirm).find((m) => PIN_RE.test(m.text) || FAILURE_RE.test(m.text)),
      opts.pinTimeoutMs ?? 180_000,
      `${plan.ref} PIN or failure message`,
    );
    const after = this.mailbox.of(plan.mailboxKey).slice(seenBeforeConfirm);
    const pin = PIN_RE.exec(final.text)?.[1];
    return {
      plan,
      result: pin ? 'pin' : 'failed',
      ...(pin ? { pin } : {}),
      confirmAt,
      finalAt: final.at,
      readyAtConfirm: after[0] === final,
      messagesSent: steps.length,
    };
  }
}
