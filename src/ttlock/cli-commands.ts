import { DateTime } from 'luxon';
import type { CliIO } from '../cli.js';
import { errorMessage } from '../errors.js';
import { generatePin } from '../locks/pin-code.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { TTLock } from './create.js';
import { checkLock, locksOf, sharedGatewayWarnings, type LockReport } from './lock-check.js';
import { CLOCK_TOLERANCE_MS, formatDrift, formatOffset, zoneOffsetMs } from './lock-clock.js';
import { CODE_NAME_PREFIX } from './provider.js';
import type { Gateway } from './schemas.js';

export interface CommandContext {
  ttlock: TTLock;
  catalog: PropertyCatalog;
  io: CliIO;
  pinLength: number;
  now?: () => number;
}

/** What the properties file calls a lock, and the timezone its times are read in. */
export function lockLabels(catalog: PropertyCatalog): Map<number, { label: string; zone: string }> {
  const labels = new Map<number, { label: string; zone: string }>();
  for (const p of catalog.list()) {
    labels.set(p.frontDoorLockId, { label: `${p.name}, front door`, zone: p.timezone });
    for (const r of p.rooms) labels.set(r.lockId, { label: `${p.name}, ${r.name}`, zone: p.timezone });
  }
  return labels;
}

function when(ms: number | undefined, zone: string, format = 'yyyy-LL-dd HH:mm'): string {
  return ms ? DateTime.fromMillis(ms, { zone }).toFormat(format) : '-';
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

/**
 * Battery, gateways, clock and timezone of each lock, and properties that share a gateway
 * without sharing a queue; exit 1 if anything needs attention (usable from cron).
 */
export async function health(ctx: CommandContext, lockIds: number[]): Promise<number> {
  const { io } = ctx;
  const locks = locksOf(ctx.catalog);
  const reports: LockReport[] = [];
  for (const lockId of lockIds) {
    const report = await checkLock({ ttlock: ctx.ttlock, ...(ctx.now ? { now: ctx.now } : {}) }, lockId, locks.get(lockId));
    reports.push(report);
    const head = `Lock ${lockId}${report.info ? ` (${report.info.label})` : ''}`;
    io.out(`${head}: ${report.issues.length ? 'NEEDS ATTENTION' : 'ok'}`);
    if (report.detail) {
      const { detail, gateways, best, clock } = report;
      const battery = detail.electricQuantity;
      const gw = gateways.map((g) => `${gatewayName(g)} ${onlineText(g)}${g.rssi !== undefined ? ` (signal ${g.rssi} dBm)` : ''}`);
      io.out(`  name: ${detail.lockAlias ?? detail.lockName ?? '-'}; battery: ${battery !== undefined ? `${battery}%` : 'unknown'}; gateways: ${gw.length ? gw.join(', ') : 'none'}`);
      if (best) io.out(`  best gateway: ${gatewayName(best)} (id ${best.gatewayId}), ${onlineText(best)}`);
      const zone = report.info?.zone;
      const clockText = clock ? `${when(clock.lockTime, zone ?? 'UTC', 'yyyy-LL-dd HH:mm:ss')}${zone ? '' : ' UTC'} (${formatDrift(clock.lockTime - clock.at)})` : 'not read';
      const offset = detail.timezoneRawOffset !== undefined ? formatOffset(detail.timezoneRawOffset) : 'unknown';
      io.out(`  clock: ${clockText}; timezone offset: ${offset}${zone ? ` (${zone}: ${formatOffset(zoneOffsetMs(zone, (ctx.now ?? Date.now)()))})` : ''}`);
    }
    for (const issue of report.issues) io.out(`  ! ${issue}`);
  }
  const warnings = sharedGatewayWarnings(reports, ctx.catalog, ctx.ttlock.gatewayKey);
  for (const w of warnings) io.out(`WARNING: ${w}`);
  return reports.some((r) => r.issues.length > 0) || warnings.length > 0 ? 1 : 0;
}

/** Sets each lock's clock to TTLock's time, through its gateway; exit 1 if any lock failed or is still off. */
export async function syncTime(ctx: CommandContext, lockIds: number[]): Promise<number> {
  const { io } = ctx;
  const now = ctx.now ?? Date.now;
  const locks = locksOf(ctx.catalog);
  let failed = 0;
  for (const lockId of lockIds) {
    const info = locks.get(lockId);
    const head = `Lock ${lockId}${info ? ` (${info.label})` : ''}`;
    try {
      const { lockTime, at } = await ctx.ttlock.onGateway(lockId, async () => {
        const before = now();
        const lockTime = await ctx.ttlock.client.updateLockDate(lockId);
        return { lockTime, at: Math.round((before + now()) / 2) };
      });
      const drift = lockTime - at;
      const reads = `${when(lockTime, info?.zone ?? 'UTC', 'yyyy-LL-dd HH:mm:ss')} ${info?.zone ?? 'UTC'}`;
      if (Math.abs(drift) > CLOCK_TOLERANCE_MS) {
        // TTLock sets the lock to its own time: then this server's clock is the one that is off.
        failed++;
        io.out(`${head}: clock set, but it reads ${reads}, ${formatDrift(drift)} against this server: check this server's clock (NTP)`);
      } else {
        io.out(`${head}: clock set; it reads ${reads} (${formatDrift(drift)})`);
      }
    } catch (err) {
      failed++;
      io.out(`${head}: ERROR ${errorMessage(err)}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

const gatewayName = (g: Gateway) => g.gatewayName ?? `gateway ${g.gatewayId}`;
const onlineText = (g: Gateway) => (g.isOnline === 1 ? 'online' : g.isOnline === 0 ? 'OFFLINE' : 'status unknown');

function table(io: CliIO, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  io.out(line(head));
  for (const r of rows) io.out(line(r));
}
