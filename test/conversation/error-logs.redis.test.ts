import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingToday } from '../helpers/checkin.js';
import { startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { TEST_ADMIN_TOKEN } from '../helpers/secrets.js';
import { testApp } from '../helpers/app.js';

/**
 * Redis failing on each write path, the way a full disk, a failover or a bug makes it fail: every
 * error is logged, and no log line carries what the failing command carried (guest data).
 */
const GUEST = { name: 'Zed Quimby', phone: '+447400111222', email: 'zed.quimby@example.com' };
const SECRETS = ['Zed Quimby', 'Quimby', '7400111222', 'zed.quimby', '7400333444'];
const NUMBER = '+447400333444';

let t: TestRuntime;
let logs = '';

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs += String(chunk);
      done();
    },
  });
  t = await startTestRuntime({ channels: ['whatsapp'], logLevel: 'debug', logStream: stream, bookings: [bookingToday('ERR100')] });
});
afterAll(() => t?.close());

const expectClean = () => {
  for (const secret of SECRETS) expect(logs, `logs contain ${secret}`).not.toContain(secret);
};
const say = (text: string) => t.say(NUMBER, text, { channel: 'whatsapp', meta: { knownPhone: NUMBER } });

describe('Redis errors in the logs', () => {
  it('a booking PUT that Redis refuses: logged without the booking', async () => {
    const app = testApp(t, { logger: t.logger });
    await t.redis.hset(t.keys.booking('ERR200'), 'not', 'a booking');
    const res = await app.inject({
      method: 'PUT',
      url: '/admin/bookings/ERR200',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      payload: { ...bookingToday('ERR200'), guestName: GUEST.name, guestPhone: GUEST.phone, guestEmail: GUEST.email },
    });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(logs).toContain('WRONGTYPE');
    expectClean();
  });

  it('a conversation commit that Redis refuses: logged without the state or the message', async () => {
    await say('ERR100');
    // The conversation index is written by the commit script: make it the wrong type.
    const index = await t.redis.zrange(t.keys.convIndex(), 0, -1, 'WITHSCORES');
    await t.redis.del(t.keys.convIndex());
    await t.redis.set(t.keys.convIndex(), 'broken');
    await t.runtime.engine.receive({ channel: 'whatsapp', chatId: NUMBER, event: { type: 'text', text: GUEST.name }, meta: { knownPhone: NUMBER } });
    await waitFor(() => logs.includes('conversation drain failed'), 5_000, 'the failure logged');
    await t.redis.del(t.keys.convIndex());
    if (index.length) await t.redis.zadd(t.keys.convIndex(), ...index.flatMap((v, i) => (i % 2 ? [] : [index[i + 1]!, v])));
    expectClean();
  });

  it('an outbox that Redis refuses: logged without the chat key', async () => {
    const key = `whatsapp:${NUMBER}`;
    await t.quiet(NUMBER, 'whatsapp').catch(() => {});
    await t.redis.del(t.keys.convInbox(key), t.keys.convOutbox(key));
    await t.redis.set(t.keys.convOutbox(key), 'broken');
    logs = '';
    await t.runtime.engine.drain(key);
    await t.runtime.store.enqueue(key, { id: 'x1', channel: 'whatsapp', chatId: NUMBER, receivedAt: Date.now(), event: { type: 'text', text: 'hi' } }, undefined);
    await t.runtime.engine.drain(key);
    await waitFor(() => logs.includes('WRONGTYPE'), 5_000, 'the failure logged');
    expect(logs).toContain('"conv":"whatsapp#');
    expectClean();
    await t.redis.del(t.keys.convOutbox(key));
  });
});
