import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffPermissions, type StaffPermissionsDeps } from '../../../src/bot/staff/permissions.js';
import { BotApi } from '../../../src/bot/telegram-api/bot-api.js';
import { FakeTelegram } from '../../fakes/telegram-server.js';
import { testRedis, type TestRedis } from '../../helpers/redis.js';

const TOKEN = '434343:PERMS-test_token';
const CHAT = '-1009000000001';

let fake: FakeTelegram;
let r: TestRedis;

beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN });
  fake.addGroup(CHAT, { isForum: true });
  r = testRedis();
});
afterAll(async () => {
  await r?.cleanup();
  await fake?.close();
});

function permissions(over: Partial<StaffPermissionsDeps> = {}): StaffPermissions {
  return new StaffPermissions({
    api: new BotApi({ token: TOKEN, apiRoot: fake.url, timeoutMs: 5_000 }),
    chatId: CHAT,
    redis: r.redis,
    keys: r.keys,
    approverIds: [],
    adminTtlSeconds: 300,
    notAdminTtlSeconds: 60,
    timeoutMs: 2_000,
    logger: pino({ level: 'silent' }),
    ...over,
  });
}

const member = (userId: number) => ({ kind: 'member' as const, userId });
const asked = (userId: number) => fake.callsOf('getChatMember').filter((c) => c.payload.user_id === userId).length;

describe('StaffPermissions', () => {
  it("follows getChatMember's status: creator and administrator may, anyone else may not", async () => {
    const p = permissions();
    const cases = [
      [101, 'creator', 'allowed'],
      [102, 'administrator', 'allowed'],
      [103, 'member', 'notAdmin'],
      [104, 'restricted', 'notAdmin'],
      [105, 'kicked', 'notAdmin'],
    ] as const;
    for (const [id, status, expected] of cases) {
      fake.setMember(CHAT, { id }, status);
      expect(await p.mayUseDoorCodes(member(id)), status).toBe(expected);
    }
    // Telegram says 'left' of someone who is not in the group.
    expect(await p.mayUseDoorCodes(member(106))).toBe('notAdmin');
  });

  it('STAFF_APPROVER_IDS and an anonymous admin need no question to Telegram', async () => {
    const p = permissions({ approverIds: ['201'] });
    const before = fake.callsOf('getChatMember').length;
    expect(await p.mayUseDoorCodes(member(201))).toBe('allowed');
    expect(await p.mayUseDoorCodes({ kind: 'anonymousAdmin' })).toBe('allowed');
    expect(fake.callsOf('getChatMember')).toHaveLength(before);
  });

  it("keeps Telegram's answer in Redis for every process, a \"yes\" longer than a \"no\"", async () => {
    fake.setMember(CHAT, { id: 301 }, 'administrator');
    fake.setMember(CHAT, { id: 302 }, 'member');
    expect(await permissions().mayUseDoorCodes(member(301))).toBe('allowed');
    expect(await permissions().mayUseDoorCodes(member(302))).toBe('notAdmin');
    // Another process (another instance) reads the same answer; demoting within the TTL does not show yet.
    fake.setMember(CHAT, { id: 301 }, 'member');
    expect(await permissions().mayUseDoorCodes(member(301))).toBe('allowed');
    expect(await permissions().mayUseDoorCodes(member(302))).toBe('notAdmin');
    expect([asked(301), asked(302)]).toEqual([1, 1]);
    const [yes, no] = await Promise.all([r.redis.ttl(r.keys.staffAdmin(301)), r.redis.ttl(r.keys.staffAdmin(302))]);
    expect(yes).toBeGreaterThan(290);
    expect(no).toBeGreaterThan(50);
    expect(no).toBeLessThanOrEqual(60);
  });

  it('asks again once the answer expired', async () => {
    const p = permissions({ notAdminTtlSeconds: 1 });
    fake.setMember(CHAT, { id: 401 }, 'member');
    expect(await p.mayUseDoorCodes(member(401))).toBe('notAdmin');
    fake.setMember(CHAT, { id: 401 }, 'administrator');
    await new Promise((res) => setTimeout(res, 1_100));
    expect(await p.mayUseDoorCodes(member(401))).toBe('allowed');
    expect(asked(401)).toBe(2);
  });

  it('fails closed when Telegram cannot answer (5xx, 429, no answer in time, chat not found), and remembers nothing', async () => {
    fake.setMember(CHAT, { id: 501 }, 'administrator');
    const p = permissions({ timeoutMs: 200 });
    fake.failNext('getChatMember', { kind: 'error', status: 502, description: 'Bad Gateway' }, { kind: 'rateLimit', retryAfter: 3 }, { kind: 'slow', ms: 500 });
    expect(await p.mayUseDoorCodes(member(501))).toBe('unchecked');
    expect(await p.mayUseDoorCodes(member(501))).toBe('unchecked');
    expect(await p.mayUseDoorCodes(member(501))).toBe('unchecked');
    expect(await r.redis.exists(r.keys.staffAdmin(501))).toBe(0);
    expect(await permissions({ chatId: '-1009999999999' }).mayUseDoorCodes(member(501))).toBe('unchecked');
    expect(await p.mayUseDoorCodes(member(501))).toBe('allowed');
  });
});
