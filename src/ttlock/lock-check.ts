import { errorMessage } from '../errors.js';
import { LOCK_CAPACITY } from '../locks/provider.js';
import type { PropertyCatalog } from '../properties/properties.js';
import type { TTLock } from './create.js';
import { clockProblems, type ClockProblem } from './lock-clock.js';
import { CODE_NAME_PREFIX } from './provider.js';
import type { Gateway, LockDetail } from './schemas.js';

/**
 * One lock's health as `npm run locks -- health` prints it and the daily check alerts on it:
 * battery, frozen, the gateways that reach it (and which one TTLock uses), its clock and its
 * timezone, and how full its code memory is. Cloud reads run at once; reading the clock is a round trip to the lock, so it takes
 * the gateway's turn like a write.
 */

/** Below this the lock should get new batteries before it dies with guests outside. */
export const LOW_BATTERY = 20;
/** A lock this close to full is reported before a guest meets it. */
const CAPACITY_WARNING = Math.floor(LOCK_CAPACITY * 0.9);

export interface LockInfo {
  /** "Harbour House, Room 1". */
  label: string;
  /** The property's IANA timezone. */
  zone: string;
  /** The properties that use the lock (a shared front door has more than one). */
  propertyIds: string[];
}

/** What the properties file says about each lock it lists. */
export function locksOf(catalog: PropertyCatalog): Map<number, LockInfo> {
  const locks = new Map<number, LockInfo>();
  const add = (lockId: number, label: string, zone: string, propertyId: string) => {
    const known = locks.get(lockId);
    if (known) known.propertyIds.push(propertyId);
    else locks.set(lockId, { label, zone, propertyIds: [propertyId] });
  };
  for (const p of catalog.list()) {
    add(p.frontDoorLockId, `${p.name}, front door`, p.timezone, p.id);
    for (const r of p.rooms) add(r.lockId, `${p.name}, ${r.name}`, p.timezone, p.id);
  }
  return locks;
}

export interface LockReport {
  lockId: number;
  info: LockInfo | undefined;
  detail: LockDetail | undefined;
  /** Best signal first. */
  gateways: Gateway[];
  /** The one TTLock sends operations through (best signal). */
  best: Gateway | undefined;
  /** What the lock's clock read and our time at that moment; unset when it could not be read. */
  clock: { lockTime: number; at: number } | undefined;
  /** What needs attention, one line each (empty: fine). */
  issues: string[];
  clockProblems: ClockProblem[];
}

export interface LockCheckDeps {
  ttlock: Pick<TTLock, 'client' | 'onGateway'>;
  now?: () => number;
}

export async function checkLock(deps: LockCheckDeps, lockId: number, info: LockInfo | undefined): Promise<LockReport> {
  const now = deps.now ?? Date.now;
  const { client } = deps.ttlock;
  const report: LockReport = { lockId, info, detail: undefined, gateways: [], best: undefined, clock: undefined, issues: [], clockProblems: [] };
  try {
    report.detail = await client.lockDetail(lockId);
    report.gateways = rankGateways(await Promise.all((await client.gatewaysOfLock(lockId)).map((g) => withOnline(client, g))));
  } catch (err) {
    report.issues.push(`could not be checked: ${errorMessage(err)}`);
    return report;
  }
  const { detail, gateways } = report;
  report.best = gateways[0];
  const battery = detail.electricQuantity;
  if (battery !== undefined && battery < LOW_BATTERY) report.issues.push(`battery low (${battery}%)`);
  if (detail.isFrozen === 1) report.issues.push('frozen');
  if (gateways.length === 0) report.issues.push('no gateway reaches it: codes cannot be sent');
  else if (!gateways.some((g) => g.isOnline === 1)) report.issues.push('every gateway is offline');
  else if (report.best!.isOnline === 0) report.issues.push('the gateway with the best signal is offline: TTLock may still send through it');

  try {
    const codes = await client.listPasscodes(lockId);
    if (codes.length >= CAPACITY_WARNING) {
      const staff = codes.filter((c) => !(c.keyboardPwdName ?? '').startsWith(CODE_NAME_PREFIX)).length;
      report.issues.push(
        `holds ${codes.length} of its ${LOCK_CAPACITY} custom codes (${staff} not made by the bot): once full, new guests get no code. ` +
          'The bot removes its own expired codes when it needs room; delete staff codes nobody needs (npm run locks -- list, then delete)',
      );
    }
  } catch (err) {
    report.issues.push(`could not list its codes: ${errorMessage(err)}`);
  }

  // Without a gateway online the clock cannot be read: that problem is already reported above.
  if (gateways.some((g) => g.isOnline !== 0)) {
    try {
      report.clock = await deps.ttlock.onGateway(lockId, async () => {
        const before = now();
        const lockTime = await client.queryLockDate(lockId);
        // The lock read its clock somewhere in the round trip: its middle is the best guess.
        return { lockTime, at: Math.round((before + now()) / 2) };
      });
    } catch (err) {
      report.issues.push(`could not read its clock: ${errorMessage(err)}`);
    }
  }
  report.clockProblems = clockProblems({ lockId, zone: info?.zone, reading: report.clock, timezoneRawOffset: detail.timezoneRawOffset, now: now() });
  report.issues.push(...report.clockProblems.map((p) => p.text));
  return report;
}

/** TTLock sends through the linked gateway with the best signal; on a tie, the most recently seen (facts sheet §9.4). */
function rankGateways(gateways: Gateway[]): Gateway[] {
  const rssi = (g: Gateway) => g.rssi ?? -Infinity;
  return [...gateways].sort((a, b) => rssi(b) - rssi(a) || (b.rssiUpdateDate ?? 0) - (a.rssiUpdateDate ?? 0));
}

/** listByLock does not document isOnline; gateway/detail does. */
async function withOnline(client: TTLock['client'], g: Gateway): Promise<Gateway> {
  if (g.isOnline !== undefined) return g;
  try {
    return { ...g, isOnline: (await client.gatewayDetail(g.gatewayId)).isOnline };
  } catch {
    return g;
  }
}

/**
 * Properties whose locks TTLock reaches through one gateway but that wait in different queues
 * (no common `gatewayGroup`): their operations can collide on the gateway (-3003). One line each.
 */
export function sharedGatewayWarnings(reports: readonly LockReport[], catalog: PropertyCatalog, gatewayKey: (lockId: number) => string): string[] {
  const byGateway = new Map<number, { name: string; queues: Map<string, Set<string>> }>();
  for (const r of reports) {
    if (!r.best || !r.info) continue;
    const entry = byGateway.get(r.best.gatewayId) ?? { name: r.best.gatewayName ?? `gateway ${r.best.gatewayId}`, queues: new Map<string, Set<string>>() };
    byGateway.set(r.best.gatewayId, entry);
    const queue = gatewayKey(r.lockId);
    const properties = entry.queues.get(queue) ?? new Set<string>();
    entry.queues.set(queue, properties);
    for (const id of r.info.propertyIds) properties.add(id);
  }
  const warnings: string[] = [];
  for (const [gatewayId, { name, queues }] of byGateway) {
    if (queues.size < 2) continue;
    const names = [...queues.values()].flatMap((ids) => [...ids]).map((id) => `${catalog.property(id)?.name ?? id} (${id})`);
    warnings.push(
      `gateway ${name} (id ${gatewayId}) serves ${names.join(' and ')}, which do not share a gatewayGroup: their operations can collide ` +
        `(-3003). Give them the same "gatewayGroup" in the properties file.`,
    );
  }
  return warnings;
}
