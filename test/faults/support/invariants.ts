import { existsSync, readdirSync } from 'node:fs';
import { CODE_NAME_PREFIX } from '../../../src/ttlock/provider.js';
import { FAILURE_RE, PIN_RE, type GuestOutcome, type Mailbox } from '../../support/guests.js';
import { waitFor } from '../../support/wait.js';
import type { Stack } from '../../support/stack.js';

/** What is still in flight: conversations with queued work, and PIN jobs not finished. */
export async function inFlight(stack: Stack): Promise<string[]> {
  const r = stack.redis.redis;
  const k = stack.keys;
  const bull = `${k.bullPrefix()}:pin`;
  const [pending, wait, active, delayed, prioritized] = await Promise.all([
    r.scard(k.convPending()),
    r.llen(`${bull}:wait`),
    r.llen(`${bull}:active`),
    r.zcard(`${bull}:delayed`),
    r.zcard(`${bull}:prioritized`),
  ]);
  const queues = [...(await stack.redis.keys(`${k.prefix}conv:*:inbox`)), ...(await stack.redis.keys(`${k.prefix}conv:*:outbox`))];
  const problems: string[] = [];
  if (pending) problems.push(`${pending} conversation(s) in convs:pending`);
  if (queues.length) problems.push(`inbox/outbox left: ${queues.slice(0, 5).join(', ')}`);
  if (wait + active + delayed + prioritized) problems.push(`PIN jobs unfinished: wait ${wait}, active ${active}, delayed ${delayed}, prioritized ${prioritized}`);
  const spooled = spoolFiles(stack);
  if (spooled.length) problems.push(`WhatsApp spool files not yet replayed: ${spooled.join(', ')}`);
  return problems;
}

/** Spool files the web processes have not replayed (and deleted) yet. */
export function spoolFiles(stack: Stack): string[] {
  return existsSync(stack.spoolDir) ? readdirSync(stack.spoolDir).filter((f) => f.endsWith('.jsonl')) : [];
}

/** checkin_whatsapp_spool_total of every live web process, added up. */
export async function spoolCounts(stack: Stack): Promise<{ spooled: number; replayed: number; dropped: number }> {
  const counts = { spooled: 0, replayed: 0, dropped: 0 };
  for (const web of stack.webs()) {
    const text = await (await fetch(`${web.base}/metrics`)).text();
    for (const m of text.matchAll(/^checkin_whatsapp_spool_total\{result="(spooled|replayed|dropped)"\} (\d+)/gm)) counts[m[1] as keyof typeof counts] += Number(m[2]);
  }
  return counts;
}

/** Waits until nothing is in flight (the sweeper and retries have had their say). */
export async function settle(stack: Stack, timeoutMs = 60_000): Promise<void> {
  let last: string[] = [];
  await waitFor(
    async () => {
      last = await inFlight(stack);
      return last.length === 0;
    },
    timeoutMs,
    'the service to settle',
    250,
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}\nstill in flight: ${last.join('; ')}`);
  });
}

/**
 * The promises the service makes whatever went wrong. Returns every broken one, so a failing
 * case shows all of them at once.
 */
export async function checkInvariants(stack: Stack, mailbox: Mailbox, outcomes: GuestOutcome[]): Promise<string[]> {
  const problems = [...(await inFlight(stack))];
  const alertsRaw = await stack.redis.redis.xrange(stack.keys.staffAlerts(), '-', '+');
  const alertRefs = new Set(
    alertsRaw.map(([, fields]) => {
      const i = fields.indexOf('ref');
      return i >= 0 ? fields[i + 1] : undefined;
    }),
  );
  const expectedPerLock = new Map<number, Set<string>>();
  for (const o of outcomes) {
    const { ref, place, mailboxKey } = o.plan;
    const msgs = mailbox.of(mailboxKey);
    const pins = msgs.filter((m) => PIN_RE.test(m.text));
    const failures = msgs.filter((m) => FAILURE_RE.test(m.text));
    if (pins.length + failures.length !== 1) problems.push(`${ref}: ${pins.length} PIN and ${failures.length} failure messages (want exactly one)`);
    const found = msgs.filter((m) => m.text.startsWith('Thanks. What\'s the full name')).length;
    if (found !== 1) problems.push(`${ref}: the booking was acknowledged ${found} times (a redelivery was processed?)`);
    for (const lockId of [place.frontDoorLockId, place.roomLockId]) {
      const codes = stack.ttlock.codes(lockId).filter((c) => c.keyboardPwdName === `${CODE_NAME_PREFIX}${ref}`);
      if (o.result === 'pin') {
        if (codes.length !== 1) problems.push(`${ref}: lock ${lockId} holds ${codes.length} codes (want 1)`);
        else if (codes[0]!.keyboardPwd !== o.pin) problems.push(`${ref}: lock ${lockId} holds a different code than the guest was sent`);
        if (!expectedPerLock.has(lockId)) expectedPerLock.set(lockId, new Set());
        expectedPerLock.get(lockId)!.add(`${CODE_NAME_PREFIX}${ref}`);
      } else {
        if (codes.length !== 0) problems.push(`${ref}: failed, yet lock ${lockId} holds ${codes.length} code(s)`);
        if (!alertRefs.has(ref)) problems.push(`${ref}: the guest was told of a failure but staff were not alerted`);
      }
    }
  }
  // Nothing but the confirmed bookings' codes: a duplicate under another name would show here.
  const allLocks = new Set(stack.places.flatMap((p) => [p.frontDoorLockId, p.roomLockId]));
  for (const lockId of allLocks) {
    const names = stack.ttlock.codes(lockId).map((c) => c.keyboardPwdName);
    const want = expectedPerLock.get(lockId) ?? new Set();
    const strays = names.filter((n) => !want.has(n));
    if (strays.length) problems.push(`lock ${lockId}: unexpected codes ${strays.slice(0, 5).join(', ')}`);
  }
  return problems;
}

/** Plays every guest concurrently, each starting a little after the previous one. */
export async function playAll<T>(items: T[], staggerMs: number, fn: (item: T) => Promise<GuestOutcome>): Promise<GuestOutcome[]> {
  return Promise.all(items.map(async (item, i) => {
    await new Promise((r) => setTimeout(r, i * staggerMs));
    return fn(item);
  }));
}
