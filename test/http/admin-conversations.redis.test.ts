import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { en } from '../../src/flows/messages/en.js';
import { answer, bookingToday, STEPS_TO } from '../helpers/checkin.js';
import { pinIn, startTestRuntime, waitFor, type TestRuntime } from '../helpers/runtime.js';
import { TEST_ADMIN_TOKEN } from '../helpers/secrets.js';
import { testApp } from '../helpers/app.js';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
let t: TestRuntime;
let app: FastifyInstance;

beforeAll(async () => {
  t = await startTestRuntime({ workers: true, bookings: [bookingToday('ADM100'), bookingToday('ADM200'), bookingToday('ADM300'), bookingToday('ADM400')] });
  app = testApp(t);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('admin conversations API', () => {
  it('needs the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/conversations' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/admin/conversations/console:x/approve' })).statusCode).toBe(401);
  });

  it('lists conversations by status, without PIN digits, phone or email', async () => {
    await answer(t, 'matched', STEPS_TO.confirm('ADM100'));
    const all = await app.inject({ method: 'GET', url: '/admin/conversations', headers: auth });
    expect(all.statusCode).toBe(200);
    const body = all.json() as { conversations: Array<{ key: string; status: string; ref: string }> };
    expect(body.conversations).toContainEqual(expect.objectContaining({ key: 'console:matched', status: 'done', ref: 'ADM100' }));
    expect(all.body).not.toMatch(/7400|example\.com/);
    const bad = await app.inject({ method: 'GET', url: '/admin/conversations?status=nope', headers: auth });
    expect(bad.statusCode).toBe(400);
  });

  it('approves a PIN held for identity: the guest then gets it, once', async () => {
    const lines = STEPS_TO.confirm('ADM200').map((l) => (l === 'Alex Morgan' ? 'Peter Parker' : l));
    await answer(t, 'held', lines);
    const held = await app.inject({ method: 'GET', url: '/admin/conversations?status=held', headers: auth });
    expect((held.json() as { conversations: Array<{ key: string }> }).conversations.map((c) => c.key)).toEqual(['console:held']);
    expect(t.sent('held').some((m) => pinIn(m))).toBe(false);
    // Nothing is programmed on a lock for a chat that proved nothing.
    expect(await t.pinJobState('ADM200')).toBe('unknown');

    const approved = await app.inject({ method: 'POST', url: '/admin/conversations/console:held/approve', headers: auth, payload: { by: 'maria' } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ conversation: { status: 'done', identity: 'approved' } });
    await waitFor(() => t.sent('held').some((m) => pinIn(m)), 5_000, 'the PIN message');
    expect(t.sent('held').filter((m) => pinIn(m))).toHaveLength(1);
    expect(await t.runtime.store.owner('ADM200')).toBe('console:held');
    expect((await t.runtime.audit.list('ADM200')).map((e) => e.action)).toContain('approved');

    const again = await app.inject({ method: 'POST', url: '/admin/conversations/console:held/approve', headers: auth });
    expect(again.statusCode).toBe(409);

    const resent = await app.inject({ method: 'POST', url: '/admin/conversations/console:held/resend', headers: auth });
    expect(resent.statusCode).toBe(200);
    await waitFor(() => t.sent('held').filter((m) => pinIn(m)).length === 2, 5_000, 'the PIN sent again');
  });

  it('answers 404 for an unknown conversation and 400 for a malformed key', async () => {
    expect((await app.inject({ method: 'POST', url: '/admin/conversations/console:nobody/approve', headers: auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/admin/conversations/nonsense/approve', headers: auth })).statusCode).toBe(400);
  });

  it('takeover, message and release: the bot is silent while staff talk, then answers at the right step', async () => {
    await answer(t, 'desk', ['ADM300', 'Alex Morgan']);
    const post = (action: string, payload?: object) =>
      app.inject({ method: 'POST', url: `/admin/conversations/console:desk/${action}`, headers: auth, ...(payload ? { payload } : {}) });

    const taken = await post('takeover', { by: 'maria' });
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({ conversation: { status: 'taken_over', step: 'phone' } });
    expect(await t.say('desk', 'can someone help me?')).toEqual([]);

    const relayed = await post('message', { text: 'Hi Alex, Maria here. What do you need?', by: 'maria' });
    expect(relayed.statusCode).toBe(200);
    await waitFor(() => t.sent('desk').some((m) => m.text.startsWith('Hi Alex, Maria here.')), 5_000, 'the relayed message');
    expect(t.sent('desk').at(-1)!.text).toContain('- The team'); // not the property: this chat has not proven the booking

    expect((await post('message', { text: '   ' })).statusCode).toBe(400);
    expect((await post('message')).statusCode).toBe(400);
    expect((await post('dance')).statusCode).toBe(404);

    expect((await post('release', { by: 'maria' })).statusCode).toBe(200);
    expect((await post('release')).statusCode).toBe(409);
    const replies = await t.say('desk', '+44 7400 123456');
    expect(replies.map((m) => m.text)).toEqual([en.askEmail()]);
    const actions = (await t.runtime.audit.list('ADM300')).map((e) => `${e.action}:${e.detail ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining(['taken_over:admin-api:maria', 'staff_message:admin-api:maria', 'released:admin-api:maria']));
  });

  it('reassigns a booking: POST /admin/bookings/:ref/reassign takes it from its chat (409 when nobody holds it), audited', async () => {
    const nobody = await app.inject({ method: 'POST', url: '/admin/bookings/ADM400/reassign', headers: auth, payload: {} });
    expect(nobody.statusCode).toBe(409);
    await answer(t, 'claimer', STEPS_TO.confirm('ADM400'));
    expect(await t.runtime.store.owner('ADM400')).toBe('console:claimer');
    const bad = await app.inject({ method: 'POST', url: '/admin/bookings/ADM400/reassign', headers: auth, payload: { to: 'nope' } });
    expect(bad.statusCode).toBe(400);
    const done = await app.inject({ method: 'POST', url: '/admin/bookings/adm-400/reassign', headers: auth, payload: { by: 'maria' } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ ref: 'ADM400', reassigned: true });
    expect(await t.runtime.store.owner('ADM400')).toBeNull();
    await t.quiet('claimer');
    expect(t.sent('claimer').at(-1)!.text).toBe(en.reassigned());
    expect((await t.runtime.audit.list('ADM400')).find((e) => e.action === 'reassigned')?.by).toBe('admin-api:maria');
  });

  it('unlocks a chat that hit the unknown-ref limit: POST /admin/conversations/:key/unlock', async () => {
    await answer(t, 'typo', ['hi', 'ZZ0001', 'ZZ0002', 'ZZ0003', 'ZZ0004', 'ZZ0005']);
    expect((await t.say('typo', 'ADM100')).map((m) => m.text)).toEqual([en.lookupsPaused()]);
    const unlocked = await app.inject({ method: 'POST', url: '/admin/conversations/console:typo/unlock', headers: auth, payload: { by: 'maria' } });
    expect(unlocked.statusCode).toBe(200);
    await t.quiet('typo');
    expect(t.sent('typo').at(-1)!.text).toBe(en.lookupsResumed());
    expect((await t.say('typo', 'ADM100')).map((m) => m.text)).toEqual([en.refAccepted()]);
  });
});
