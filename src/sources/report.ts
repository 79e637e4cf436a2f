import type { ChangeKind } from './plan.js';

export interface StayLine {
  ref: string;
  propertyId: string;
  roomId: string;
  checkIn: string;
  checkOut: string;
}

/** What one sync did (or, in a dry run, would do) with one source. No guest names or phone digits. */
export interface SourceReport {
  source: string;
  /**
   * `synced`: applied; `dry-run`: compared only; `failed`: could not be read (bookings kept);
   * `waiting`: backing off after failures; `distrusted`: looked like a glitch, nothing applied;
   * `stopped`: another process may have taken over the sync midway.
   */
  outcome: 'synced' | 'dry-run' | 'failed' | 'waiting' | 'distrusted' | 'stopped';
  error?: string | undefined;
  created: StayLine[];
  changed: Array<StayLine & { what: ChangeKind[]; was: StayLine | undefined }>;
  cancelled: StayLine[];
  unchanged: number;
  /** The unchanged stays themselves. */
  kept: StayLine[];
  foreign: string[];
  unreadable: string[];
  ended: number;
  ignored: number;
  distrust?: { reason: string; count: number; of: number };
  /** What staff are told once about this answer (a booking for an unmapped room). */
  notices?: string[];
}

export interface SyncReport {
  /** Another process was syncing: nothing was done. */
  busy: boolean;
  dryRun: boolean;
  sources: SourceReport[];
}

export function emptyReport(source: string): SourceReport {
  return { source, outcome: 'synced', created: [], changed: [], cancelled: [], unchanged: 0, kept: [], foreign: [], unreadable: [], ended: 0, ignored: 0 };
}

const stay = (s: StayLine) => `${s.ref} ${s.propertyId}/${s.roomId} ${s.checkIn} → ${s.checkOut}`;

/** The report as the CLI prints it. */
export function formatReport(report: SyncReport): string[] {
  if (report.busy) return ['another sync is running; try again in a minute'];
  const dry = report.dryRun;
  const lines: string[] = [];
  for (const s of report.sources) {
    const status =
      s.outcome === 'failed' ? `could not be read: ${s.error ?? 'unknown error'} (its bookings stay as they are)`
      : s.outcome === 'waiting' ? `backing off after failures (last: ${s.error ?? 'unknown'}); not read`
      : s.outcome === 'stopped' ? 'stopped midway: another process took over the sync'
      : `${s.created.length + s.changed.length + s.unchanged + s.foreign.length} upcoming stays, ${s.ended} past, ${s.ignored} blocked or other entries`;
    lines.push(`${s.source}: ${status}`);
    if (s.outcome === 'failed' || s.outcome === 'waiting') continue;
    const verb = (now: string, would: string) => (dry || s.outcome === 'distrusted' ? would : now);
    for (const c of s.created) lines.push(`  ${verb('created', 'would create')} ${stay(c)}`);
    for (const c of s.changed) lines.push(`  ${verb('changed', 'would change')} ${stay(c)} (${c.what.join(', ')}${c.was && c.what.includes('dates') ? `; was ${c.was.checkIn} → ${c.was.checkOut}` : ''})`);
    for (const c of s.cancelled) lines.push(`  ${verb('cancelled', 'would cancel')} ${stay(c)}`);
    for (const c of s.kept) lines.push(`  unchanged ${stay(c)}`);
    for (const ref of s.foreign) lines.push(`  left alone ${ref}: written by a person or another source`);
    for (const ref of s.unreadable) lines.push(`  left alone ${ref}: its entry in the feed could not be read`);
    for (const notice of s.notices ?? []) lines.push(`  note: ${notice}`);
    if (s.distrust) {
      const held = s.outcome === 'distrusted' || (dry && s.distrust.count < s.distrust.of);
      lines.push(
        held
          ? `  NOT BELIEVED (${s.distrust.count} of ${s.distrust.of} syncs in a row): ${s.distrust.reason}; nothing is applied until it repeats`
          : `  believed after ${s.distrust.count} syncs in a row: ${s.distrust.reason}`,
      );
    }
  }
  if (report.sources.length === 0) lines.push('no booking feeds in properties.json (rooms[].ical) and no Beds24 (BEDS24_REFRESH_TOKEN with beds24PropertyId)');
  return lines;
}
