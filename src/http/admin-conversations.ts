import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConversationEngine } from '../conversation/engine.js';
import type { GuessLimits } from '../conversation/guess-limits.js';
import type { BookingReassigner } from '../conversation/reassign.js';
import { normalizeRef } from '../flows/parse/ref.js';
import type { ConversationStore } from '../conversation/store.js';
import type { FlowEvent } from '../flows/events.js';
import { parseConversationKey } from '../flows/state.js';
import { CONVERSATION_STATUSES, conversationStatus, conversationSummary } from '../conversation/status.js';

const listQuery = z.object({ status: z.enum(CONVERSATION_STATUSES).optional() });
const ACTIONS = ['takeover', 'release', 'message', 'approve', 'resend', 'unlock', 'checkout'] as const;
const actionParams = z.object({ key: z.string().min(3).max(200), action: z.enum(ACTIONS) });
const reassignBody = z
  .object({
    by: z.string().trim().min(1).max(100).optional(),
    /** A conversation refused this booking (another chat had it) that should be checked again at once. */
    to: z.string().min(3).max(200).optional(),
  })
  .strict();
const actionBody = z
  .object({
    /** Who is acting, for the audit trail (defaults to "operator"). */
    by: z.string().trim().min(1).max(100).optional(),
    /** The words to relay to the guest (message only). */
    text: z.string().trim().min(1, 'text: must not be empty').max(4000, 'text: at most 4,000 characters').optional(),
  })
  .strict();

/** Operator equivalents of the staff group's commands (for tools other than Telegram). */
export interface ConversationRouteDeps {
  store: ConversationStore;
  engine: ConversationEngine;
  reassigner: Pick<BookingReassigner, 'reassign'>;
  limits: Pick<GuessLimits, 'unlock'>;
}

export function conversationRoutes(deps: ConversationRouteDeps) {
  return (admin: FastifyInstance): void => {
    admin.get('/admin/conversations', async (request, reply) => {
      const query = listQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send({ error: `status must be one of ${CONVERSATION_STATUSES.join(', ')}` });
      const all = (await deps.store.list()).map(conversationSummary);
      return { conversations: query.data.status ? all.filter((c) => c.status === query.data.status) : all };
    });

    admin.post('/admin/conversations/:key/:action', async (request, reply) => {
      const params = actionParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ error: `actions are ${ACTIONS.join(', ')}` });
      const { key, action } = params.data;
      if (!parseConversationKey(key)) return reply.code(400).send({ error: 'key must look like telegram:123 or whatsapp:+44...' });
      const body = actionBody.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ error: 'invalid body', issues: body.error.issues.map((i) => i.message) });
      const before = await deps.store.load(key);
      if (!before) return reply.code(404).send({ error: `no conversation ${key}` });
      const by = `admin-api:${body.data.by ?? 'operator'}`;
      const state = before.state;

      let event: FlowEvent;
      switch (action) {
        case 'takeover':
          event = { type: 'staffTakeover', by };
          break;
        case 'release':
          if (!state.takenOver) return reply.code(409).send({ error: 'this conversation is not taken over', conversation: conversationSummary(state) });
          event = { type: 'staffRelease', by };
          break;
        case 'message':
          if (!body.data.text) return reply.code(400).send({ error: 'invalid body', issues: ['text: is required'] });
          event = { type: 'staffMessage', by, text: body.data.text };
          break;
        case 'resend':
          if (!state.pin.sent) return reply.code(409).send({ error: 'no PIN was sent to this conversation yet', conversation: conversationSummary(state) });
          event = { type: 'staffResend', by };
          break;
        case 'approve':
          // Held is held whether or not staff have the conversation right now.
          if (conversationStatus({ ...state, takenOver: false }) !== 'held' || !state.ref) {
            return reply.code(409).send({ error: 'this conversation has no PIN held for identity', conversation: conversationSummary(state) });
          }
          event = { type: 'staffApproved', ref: state.ref, by };
          break;
        case 'unlock':
          await deps.limits.unlock(key, state.ref);
          event = { type: 'staffUnlocked', by };
          break;
        case 'checkout':
          if (!state.ref) return reply.code(409).send({ error: 'this conversation has no booking', conversation: conversationSummary(state) });
          event = { type: 'staffCheckout', by };
          break;
      }
      await deps.engine.notify(key, event);
      // Another process may be the one draining this chat: wait for the event to be applied.
      const after = await waitForVersionAfter(deps.store, key, before.version);
      if (!after) return reply.code(202).send({ queued: true, conversation: conversationSummary(state) });
      if (action === 'approve' && !after.approved) {
        return reply.code(409).send({ error: 'not approved: the booking belongs to another chat', conversation: conversationSummary(after) });
      }
      const checkedOut = (after.departure.status === 'requested' || after.departure.status === 'done') && after.departure.endsAt !== state.departure.endsAt;
      if (action === 'checkout' && !checkedOut) {
        const error = 'not checked out: this chat does not hold the booking, the stay has not started, or its code ends within 15 minutes anyway (the staff topic has the reason)';
        return reply.code(409).send({ error, conversation: conversationSummary(after) });
      }
      request.log.info({ conv: key, ref: after.ref, action }, 'staff action');
      return { conversation: conversationSummary(after) };
    });

    admin.post('/admin/bookings/:ref/reassign', async (request, reply) => {
      const ref = normalizeRef(String((request.params as { ref?: unknown }).ref ?? ''));
      const body = reassignBody.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ error: 'invalid body', issues: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      if (body.data.to && !parseConversationKey(body.data.to)) return reply.code(400).send({ error: 'to must look like telegram:123 or whatsapp:+44...' });
      const by = `admin-api:${body.data.by ?? 'operator'}`;
      const result = await deps.reassigner.reassign(ref, by, body.data.to);
      if (!result.ok) return reply.code(409).send({ error: `no chat holds booking ${ref}` });
      request.log.info({ ref, action: 'reassign' }, 'staff action');
      return { ref, reassigned: true, codes: 'being removed from the locks; the next chat that proves the booking gets a new code' };
    });
  };
}

async function waitForVersionAfter(store: ConversationStore, key: string, version: number, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const loaded = await store.load(key);
    if (loaded && loaded.version > version) return loaded.state;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}
