import type { DemoGitHub } from '../../src/demo/server.ts';

/** A backlog point as the reference computes it: what the contract's BacklogPoint must say. */
export interface ReferencePoint {
  periodStart: string;
  open: number;
  opened: number;
  reopened: number;
  resolved: number;
  meanTimeToResolveSeconds: number | null;
}

const DAY = 86_400_000;

/** Monday 00:00 UTC of the week holding `ms`, computed here by hand (not with the gateway's periodStart). */
function mondayOf(ms: number): number {
  const date = new Date(ms);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return midnight - ((date.getUTCDay() + 6) % 7) * DAY;
}

/**
 * The weekly backlog of `orgs` as the demo GitHub's own records tell it: every alert of its
 * pristine dataset opened at created_at (and resolved at resolved_at when the dataset has it
 * resolved), then every alert change of its change log, in order: a state change resolves
 * (at resolved_at) or reopens (at updated_at), a new alert opens at created_at. The series runs
 * from the first event's week to the week of `now`.
 */
export function referenceWeeklyBacklog(demo: DemoGitHub, orgs: readonly string[], now = Date.now()): ReferencePoint[] {
  const wanted = new Set(orgs.map((org) => org.toLowerCase()));
  const events: { at: number; kind: 'opened' | 'reopened' | 'resolved'; resolveMs?: number }[] = [];
  const resolvedEvent = (alert: { created_at: string; resolved_at: string | null }) => {
    const at = Date.parse(alert.resolved_at!);
    return { at, kind: 'resolved' as const, resolveMs: at - Date.parse(alert.created_at) };
  };
  for (const { org, alert } of demo.dataset.alerts) {
    if (!wanted.has(org.toLowerCase())) continue;
    events.push({ at: Date.parse(alert.created_at), kind: 'opened' });
    if (alert.state === 'resolved') events.push(resolvedEvent(alert));
  }
  for (const change of demo.changeLog) {
    if (change.kind !== 'alert' || !wanted.has(change.record.org.toLowerCase())) continue;
    const { before, after } = change;
    if (before === null) events.push({ at: Date.parse(after.created_at), kind: 'opened' });
    else if (before.state !== after.state) events.push(after.state === 'resolved' ? resolvedEvent(after) : { at: Date.parse(after.updated_at!), kind: 'reopened' });
  }
  const first = mondayOf(Math.min(...events.map((event) => event.at)));
  const points: ReferencePoint[] = [];
  for (let start = first; start <= mondayOf(now); start += 7 * DAY) {
    const inWeek = events.filter((event) => mondayOf(event.at) === start);
    const resolved = inWeek.filter((event) => event.kind === 'resolved');
    const count = (kind: string) => inWeek.filter((event) => event.kind === kind).length;
    const open = events.filter((event) => event.at < start + 7 * DAY).reduce((sum, event) => sum + (event.kind === 'resolved' ? -1 : 1), 0);
    points.push({
      periodStart: new Date(start).toISOString(),
      open,
      opened: count('opened'),
      reopened: count('reopened'),
      resolved: resolved.length,
      meanTimeToResolveSeconds: resolved.length === 0 ? null : resolved.reduce((sum, event) => sum + event.resolveMs!, 0) / resolved.length / 1000,
    });
  }
  return points;
}
