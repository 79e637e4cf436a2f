import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { redisKeys, type RedisKeys } from '../../src/redis-keys.js';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { FakeTTLock, type FakeTTLockOptions } from '../fakes/ttlock-server.js';
import { FakeTwilio } from '../fakes/twilio-server.js';
import { bookingToday } from '../helpers/checkin.js';
import { ttlockEnv } from '../helpers/ttlock.js';
import { TEST_ADMIN_TOKEN, TEST_TWILIO_AUTH_TOKEN, TEST_WEBHOOK_SECRET } from '../helpers/secrets.js';
import { ThrowawayRedis } from './redis-server.js';
import { startService, type Role, type ServiceProcess } from './service.js';

export const TG_TOKEN = '424242:FAULTS-telegram_token';
export const TG_SECRET = TEST_WEBHOOK_SECRET;
export const TWILIO_ACCOUNT = `AC${'a'.repeat(32)}`;
export const TWILIO_TOKEN = TEST_TWILIO_AUTH_TOKEN;
export const TWILIO_FROM = 'whatsapp:+14155238886';
export const ADMIN_TOKEN = TEST_ADMIN_TOKEN;
/** What Twilio signs against; requests really go to the loopback port (a proxy in front, as in production). */
export const PUBLIC_BASE_URL = 'https://checkin.faults.test';

export interface Place {
  propertyId: string;
  roomId: string;
  frontDoorLockId: number;
  roomLockId: number;
}

/**
 * Properties each behind their own gateway, as separate buildings are: gateway operations are
 * serialised per gateway, so one building for hundreds of guests would measure only that.
 */
export function catalog(properties: number, roomsEach: number): { json: unknown; places: Place[]; locks: FakeTTLockOptions['locks']; gateways: FakeTTLockOptions['gateways'] } {
  const places: Place[] = [];
  const locks: NonNullable<FakeTTLockOptions['locks']> = [];
  const gateways: NonNullable<FakeTTLockOptions['gateways']> = [];
  const props = [];
  for (let p = 1; p <= properties; p++) {
    const frontDoorLockId = 10_000 + p;
    gateways.push({ gatewayId: p, name: `Gateway ${p}` });
    locks.push({ lockId: frontDoorLockId, alias: `P${p} front door`, gatewayId: p });
    const rooms = [];
    for (let r = 1; r <= roomsEach; r++) {
      const lockId = 100_000 + p * 100 + r;
      rooms.push({ id: `r${r}`, name: `Room ${r}`, lockId });
      locks.push({ lockId, alias: `P${p} room ${r}`, gatewayId: p });
      places.push({ propertyId: `p${p}`, roomId: `r${r}`, frontDoorLockId, roomLockId: lockId });
    }
    props.push({ id: `p${p}`, name: `Property ${p}`, timezone: 'Europe/London', frontDoorLockId, contactPhone: '+442079460958', rooms });
  }
  return { json: { properties: props }, places, locks, gateways };
}

export interface StackOptions {
  properties?: number;
  roomsEach?: number;
  /** Per gateway operation of the fake TTLock. */
  ttlockLatencyMs?: number | { min: number; max: number };
  persistRedis?: boolean;
  /** Extra environment for every process. */
  env?: Record<string, string>;
  logLevel?: string;
  /** Node options for every service process (the bench's --profile). */
  nodeArgs?: string[];
}

/** The fakes, a private Redis, and the service's processes, wired as an operator would. */
export class Stack {
  readonly processes: ServiceProcess[] = [];
  readonly prefix = `faults:${randomUUID().slice(0, 8)}:`;
  readonly keys: RedisKeys = redisKeys(this.prefix);
  private counter = 0;
  private nextWeb = 0;

  private constructor(
    readonly redis: ThrowawayRedis,
    readonly telegram: FakeTelegram,
    readonly twilio: FakeTwilio,
    readonly ttlock: FakeTTLock,
    readonly places: Place[],
    private readonly dir: string,
    private readonly opts: StackOptions,
  ) {}

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const cat = catalog(opts.properties ?? 2, opts.roomsEach ?? 2);
    const dir = mkdtempSync(join(tmpdir(), 'checkin-faults-'));
    writeFileSync(join(dir, 'properties.json'), JSON.stringify(cat.json, null, 2));
    const [redis, telegram, twilio, ttlock] = await Promise.all([
      ThrowawayRedis.start({ persist: opts.persistRedis ?? false }),
      FakeTelegram.start({ token: TG_TOKEN }),
      FakeTwilio.start({ accountSid: TWILIO_ACCOUNT, authToken: TWILIO_TOKEN }),
      new FakeTTLock({ locks: cat.locks, gateways: cat.gateways, opLatencyMs: opts.ttlockLatencyMs ?? 40 }).start(),
    ]);
    return new Stack(redis, telegram, twilio, ttlock, cat.places, dir, opts);
  }

  env(): Record<string, string> {
    return {
      REDIS_URL: this.redis.url,
      REDIS_PREFIX: this.prefix,
      LOG_LEVEL: this.opts.logLevel ?? 'info',
      HOST: '127.0.0.1',
      ADMIN_TOKEN,
      PUBLIC_BASE_URL,
      PROPERTIES_FILE: join(this.dir, 'properties.json'),
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_API_ROOT: this.telegram.url,
      TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_WHATSAPP_FROM: TWILIO_FROM,
      TWILIO_API_BASE_URL: this.twilio.url,
      ...ttlockEnv({ url: this.ttlock.url }),
      // Far beyond any fault here, so a slow PIN shows up as a late PIN, not a "taking longer" message.
      PIN_TIMEOUT_SECONDS: '600',
      // Shared by every web process of the stack, as on one host.
      WHATSAPP_SPOOL_DIR: this.spoolDir,
      SHUTDOWN_GRACE_SECONDS: '5',
      ...this.opts.env,
    };
  }

  /** Where the web processes keep WhatsApp webhooks that Redis could not take. */
  get spoolDir(): string {
    return join(this.dir, 'spool');
  }

  async spawn(role: Role): Promise<ServiceProcess> {
    // A worker serves no HTTP: its start-up log line is the only readiness signal, so it logs at info at least.
    const env = role === 'worker' && ['warn', 'error', 'fatal', 'silent'].includes(this.opts.logLevel ?? 'info') ? { ...this.env(), LOG_LEVEL: 'info' } : this.env();
    const p = await startService({
      name: `${role}-${++this.counter}`,
      env: { ...env, ROLE: role },
      port: role === 'worker' ? false : undefined,
      nodeArgs: this.opts.nodeArgs,
      keepOutput: 200_000,
      readyTimeoutMs: 60_000,
    });
    this.processes.push(p);
    return p;
  }

  /** Live processes that take webhooks. */
  webs(): ServiceProcess[] {
    return this.processes.filter((p) => p.alive && p.role !== 'worker');
  }

  /** Round robin over live web processes, as a load balancer would. */
  pickWeb(): ServiceProcess {
    const webs = this.webs();
    if (webs.length === 0) throw new Error('no web process running');
    return webs[this.nextWeb++ % webs.length]!;
  }

  /** Each guest's booking (see putBooking), `batch` at a time. */
  async book(guests: Array<{ ref: string; place: Place }>, batch = 1): Promise<void> {
    for (let i = 0; i < guests.length; i += batch) await Promise.all(guests.slice(i, i + batch).map((g) => this.putBooking(g.ref, g.place)));
  }

  /** A booking from today for two nights at `place`, stored through a web process's admin API. */
  async putBooking(ref: string, place: Place): Promise<void> {
    const res = await this.pickWeb().putBooking(bookingToday(ref, { propertyId: place.propertyId, roomId: place.roomId }));
    if (res.status !== 201 && res.status !== 200) throw new Error(`PUT booking ${ref}: ${res.status} ${await res.text()}`);
  }

  /** Every process's log tail, for a failed assertion's message. */
  logs(chars = 4000): string {
    return this.processes.map((p) => `----- ${p.name} (${p.alive ? 'alive' : 'exited'})\n${p.output().slice(-chars)}`).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill9()));
    await Promise.all([this.telegram.close(), this.twilio.close(), this.ttlock.close()]);
    await this.redis.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
