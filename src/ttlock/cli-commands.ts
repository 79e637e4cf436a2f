import { DateTime } from 'luxon';
import type { CliIO } from '../cli.js';
import { errorMessage } from '../errors.js';
import { generatePin } from '../locks/pin-code.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { TTLock } from './create.js';
import { CODE_NAME_PREFIX } from './provider.js';
import type { Gateway } from './schemas.js';

export interface CommandContext {
  ttlock: TTLock;
  catalog: PropertyCatalog;
  io: CliIO;
  pinLength: number;
  now?: () => number;
}

/** Below this the lock should get new batteries before it dies with guests outside. */
const LOW_BATTERY = 20;

/** What the properties file calls a lock, and the timezone its times are read in. */
export function lockLabels(catalog: PropertyCatalog): Map<number, { label: string; zone: string }> {
  const labels = new Map<number, { label: string; zone: string }>();
  for (const p of catalog.list()) {
    labels.set(p.frontDoorLockId, { label: `${p.name}, front door`, zone: p.timezone });
    for (const r of p.rooms) labels.set(r.lockId, { label: `${p.name}, ${r.name}`, zone: p.timezone });
  }
  return labels;
}

function when(ms: number | undefined, zone: string): string {
  return ms ? DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm') : '-';
}

const TYPES: Record<number, string> = { 1: 'one-time', 2: 'permanent', 3: 'period', 4: 'delete-all' };

export async function listCodes(ctx: CommandContext, lockId: number, showCodes: boolean): Promise<number> {
  const { io } = ctx;
  const about = lockLabels(ctx.catalog).get(lockId);
  const zone = about?.zone ?? 'UTC';
  const codes = await ctx.ttlock.client.listPasscodes(lockId);
  codes.sort((a, b) => (a.startDate ?? 0) - (b.startDate ?? 0) || a.keyboardPwdId - b.keyboardPwdId);
  io.out(`Lock ${lockId}${about ? ` (${about.label})` : ''}: ${codes.length} passcode${codes.length === 1 ? '' : 's'}, times in ${zone}`);
  if (codes.length === 0) return 0;
  const rows = codes.map((c) => [
    String(c.keyboardPwdId),
    c.keyboardPwdName || '(no name)',
    showCodes ? (c.keyboardPwd ?? '?') : '*'.repeat(c.keyboardPwd?.length ?? 6),
    TYPES[c.keyboardPwdType ?? 0] ?? String(c.keyboardPwdType ?? '?'),
    when(c.startDate, zone),
    when(c.endDate, zone),
    (c.keyboardPwdName ?? '').startsWith(CODE_NAME_PREFIX) ? 'bot' : '',
  ]);
  table(io, ['ID', 'NAME', 'CODE', 'TYPE', 'FROM', 'UNTIL', 'BY'], rows);
  if (!showCodes) io.out('(digits hidden: add --show-codes to see them)');
  return 0;
}

export async function accountLocks(ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const labels = lockLabels(ctx.catalog);
  const locks = await ctx.ttlock.client.listLocks();
  io.out(`${locks.length} lock${locks.length === 1 ? '' : 's'} administered by this TTLock account`);
  if (locks.length === 0) return 0;
  table(
    io,
    ['LOCK ID', 'NAME', 'BATTERY', 'GATEWAY', 'IN PROPERTIES FILE'],
    locks.map((l) => [
      String(l.lockId),
      l.lockAlias ?? l.lockName ?? '-',
      l.electricQuantity !== undefined ? `${l.electricQuantity}%` : '?',
      l.hasGateway === 1 ? 'yes' : 'NO',
      labels.get(l.lockId)?.label ?? '-',
    ]),
  );
  return 0;
}

export async function deleteCode(ctx: CommandContext, lockId: number, codeId: number): Promise<number> {
  const { io } = ctx;
  const code = (await ctx.ttlock.client.listPasscodes(lockId)).find((c) => c.keyboardPwdId === codeId);
  if (!code) {
    io.err(`lock ${lockId} has no passcode with id ${codeId} (see: npm run locks -- list ${lockId})`);
    return 1;
  }
  await ctx.ttlock.provider.removeCode(lockId, codeId);
  io.out(`Deleted passcode ${codeId} ("${code.keyboardPwdName ?? ''}") from lock ${lockId}.`);
  return 0;
}

export async function addTestCode(ctx: CommandContext, lockId: number, minutes: number): Promise<number> {
  const { io } = ctx;
  const now = (ctx.now ?? Date.now)();
  const zone = lockLabels(ctx.catalog).get(lockId)?.zone ?? 'UTC';
  const taken = new Set((await ctx.ttlock.client.listPasscodes(lockId)).map((c) => c.keyboardPwd ?? ''));
  const code = generatePin({ length: ctx.pinLength, taken, avoid: [] });
  const start = Math.floor(now / 60_000) * 60_000;
  const end = start + minutes * 60_000;
  const name = `Test ${DateTime.fromMillis(now, { zone }).toFormat('yyyy-LL-dd HH:mm')}`;
  try {
    const id = await ctx.ttlock.onGateway(lockId, () => ctx.ttlock.client.addPasscode({ lockId, code, name, start, end }));
    io.out(`Added test code ${code} (passcode id ${id}) to lock ${lockId}, valid until ${when(end, zone)} ${zone}.`);
    io.out(`Type it on the keypad, then #. Remove it early with: npm run locks -- delete ${lockId} ${id}`);
    return 0;
  } catch (err) {
    const ambiguous = (err as { ambiguous?: boolean }).ambiguous === true;
    io.err(`lock ${lockId}: ${errorMessage(err)}`);
    if (ambiguous) io.err(`It may have been added anyway: check with npm run locks -- list ${lockId}`);
    return 1;
  }
}

/** Battery, gateway and reachability of each lock; exit 1 if any needs attention (usable from cron). */
export async function health(ctx: CommandContext, lockIds: number[]): Promise<number> {
  const { io } = ctx;
  const labels = lockLabels(ctx.catalog);
  let problems = 0;
  for (const lockId of lockIds) {
    const about = labels.get(lockId)?.label;
    const head = `Lock ${lockId}${about ? ` (${about})` : ''}`;
    try {
      const detail = await ctx.ttlock.client.lockDetail(lockId);
      const gateways = await Promise.all((await ctx.ttlock.client.gatewaysOfLock(lockId)).map((g) => withOnline(ctx, g)));
      const issues: string[] = [];
      const battery = detail.electricQuantity;
      if (battery !== undefined && battery < LOW_BATTERY) issues.push(`battery low (${battery}%)`);
      if (detail.isFrozen === 1) issues.push('frozen');
      if (gateways.length === 0) issues.push('no gateway reaches it: codes cannot be sent');
      else if (!gateways.some((g) => g.isOnline === 1)) issues.push('every gateway is offline');
      const gw = gateways.map((g) => {
        const online = g.isOnline === 1 ? 'online' : g.isOnline === 0 ? 'OFFLINE' : 'status unknown';
        return `${g.gatewayName ?? `gateway ${g.gatewayId}`} ${online}${g.rssi !== undefined ? ` (signal ${g.rssi} dBm)` : ''}`;
      });
      const name = detail.lockAlias ?? detail.lockName ?? '-';
      io.out(`${head}: ${issues.length ? 'NEEDS ATTENTION' : 'ok'}`);
      io.out(`  name: ${name}; battery: ${battery !== undefined ? `${battery}%` : 'unknown'}; gateways: ${gw.length ? gw.join(', ') : 'none'}`);
      for (const issue of issues) io.out(`  ! ${issue}`);
      if (issues.length) problems++;
    } catch (err) {
      problems++;
      io.out(`${head}: ERROR ${errorMessage(err)}`);
    }
  }
  return problems > 0 ? 1 : 0;
}

/** listByLock does not document isOnline; gateway/detail does. */
async function withOnline(ctx: CommandContext, g: Gateway): Promise<Gateway> {
  if (g.isOnline !== undefined) return g;
  try {
    return { ...g, isOnline: (await ctx.ttlock.client.gatewayDetail(g.gatewayId)).isOnline };
  } catch {
    return g;
  }
}

function table(io: CliIO, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  io.out(line(head));
  for (const r of rows) io.out(line(r));
}
