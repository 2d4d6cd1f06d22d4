import type { AlertRecord } from '../alerts/model.ts';
import type { AlertReport, TrendInterval } from '../alerts/report.ts';
import type { AlertChangeAction, ChangeSource } from '../events.ts';
import type { RestRepoAlert } from '../github/types.ts';
import type { AlertQuery, AlertStore } from './alert-store.ts';
import type { AccessPolicy } from './policy.ts';

/** One change of one alert in its timeline. */
export interface AlertEvent {
  action: AlertChangeAction;
  /** ISO-8601: GitHub's time of the change (created_at, resolved_at, updated_at) where it gives one. */
  occurredAt: string;
  /** GitHub's login of who did it, where GitHub says (resolved_by). */
  actor: string | null;
  /** The alert's state and resolution after the change. */
  state: 'open' | 'resolved';
  resolution: string | null;
  source: ChangeSource;
}

/** One period of a backlog series. */
export interface BacklogPoint {
  /** ISO-8601 start of the period (report periods: Monday 00:00 UTC, the 1st 00:00 UTC). */
  periodStart: string;
  /** Alerts open at the end of the period. */
  open: number;
  opened: number;
  reopened: number;
  resolved: number;
  /** Mean seconds from createdAt to resolvedAt over the alerts resolved in the period; null if none. */
  meanTimeToResolveSeconds: number | null;
}

/** A step of an alert's history as a change yields it (times in epoch ms). */
export interface HistoryStep {
  action: AlertChangeAction;
  occurredAt: number;
  state: 'open' | 'resolved';
  resolution: string | null;
  actor: string | null;
  /** On RESOLVED: resolved_at − created_at. */
  resolveMs: number | null;
}

const assigneeOf = (alert: RestRepoAlert) => (alert as { assigned_to?: { login?: string } | null }).assigned_to?.login ?? null;
const timeOf = (value: string | null | undefined): number | null => (value ? Date.parse(value) || null : null);

/**
 * The steps a change of an alert amounts to, for its history. An alert seen for the first time
 * (before is null: a first sync, or a secret raised since) gets what GitHub says of its past:
 * CREATED at created_at and, if resolved, RESOLVED at resolved_at by resolved_by. A known alert
 * gets one step per attribute a timeline shows (state, resolution, assignee, validity, public
 * leak); other differences (updated_at, fields of single-alert reads) are not history.
 */
export function historySteps(before: RestRepoAlert | null, after: RestRepoAlert, now: number): HistoryStep[] {
  const state = after.state === 'resolved' ? 'resolved' : 'open';
  const resolution = state === 'resolved' ? (after.resolution ?? null) : null;
  const updated = timeOf(after.updated_at) ?? now;
  const step = (action: AlertChangeAction, occurredAt = updated): HistoryStep => ({ action, occurredAt, state, resolution, actor: null, resolveMs: null });
  const resolved = (): HistoryStep => {
    const occurredAt = timeOf(after.resolved_at) ?? updated;
    const created = timeOf(after.created_at);
    return { ...step('RESOLVED', occurredAt), actor: after.resolved_by?.login ?? null, resolveMs: created === null ? null : Math.max(0, occurredAt - created) };
  };
  if (before === null) {
    const created: HistoryStep = { ...step('CREATED', timeOf(after.created_at) ?? updated), state: 'open', resolution: null };
    return state === 'resolved' ? [created, resolved()] : [created];
  }
  const steps: HistoryStep[] = [];
  const wasResolved = before.state === 'resolved';
  if (wasResolved !== (state === 'resolved')) steps.push(state === 'resolved' ? resolved() : step('REOPENED'));
  else if (state === 'resolved' && (before.resolution ?? null) !== resolution) steps.push(step('UPDATED'));
  if (assigneeOf(before) !== assigneeOf(after)) steps.push(step(assigneeOf(after) === null ? 'UNASSIGNED' : 'ASSIGNED'));
  if ((before.validity ?? null) !== (after.validity ?? null)) steps.push(step('VALIDATED'));
  if (!before.publicly_leaked && after.publicly_leaked) steps.push(step('PUBLICLY_LEAKED'));
  return steps;
}

/** What the timeline shows of an alert the index has no history of yet: what its first sync will store. */
export function seededTimeline(record: AlertRecord): AlertEvent[] {
  return historySteps(null, record.alert, Date.now()).map((step) => eventOf(step, 'SYNC'));
}

export function eventOf(step: Omit<HistoryStep, 'resolveMs'>, source: ChangeSource): AlertEvent {
  return { action: step.action, occurredAt: new Date(step.occurredAt).toISOString(), actor: step.actor, state: step.state, resolution: step.resolution, source };
}

/** What history reads of one request need. */
export interface HistoryContext {
  policy: AccessPolicy;
  store: AlertStore;
}

/** An alert's timeline, for a caller who may read its organization. */
export function alertTimeline(context: HistoryContext, record: AlertRecord): Promise<AlertEvent[]> {
  context.policy.authorizeRead(record.repository.owner, 'owner');
  return context.store.timeline(record);
}

/** A report and its backlog series, over the same (authorized) query. */
export type ReportWithBacklog = AlertReport & { backlog(interval: TrendInterval): Promise<BacklogPoint[]> };

export async function reportWithBacklog(context: HistoryContext, query: AlertQuery): Promise<ReportWithBacklog> {
  const report = await context.store.report(query);
  return { ...report, backlog: (interval) => context.store.backlog(query, interval) };
}
