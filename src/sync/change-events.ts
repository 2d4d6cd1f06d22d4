import type { AlertRecord } from '../alerts/model.ts';
import type { AlertChangeAction, AlertEvents } from '../events.ts';
import type { IndexStore } from '../store/index-store.ts';

/**
 * What a sync pass finds changed is published to subscribers (source SYNC): alerts raised,
 * resolved, reopened, assigned… since the last pass. A full pass adds every alert the index did
 * not hold yet, which on an organization's first sync is all of them and says nothing about
 * GitHub: of a full pass only changes of alerts already held are published. The gateway's own
 * writes publish themselves.
 */
export function publishSyncChanges(index: IndexStore, events: AlertEvents): () => void {
  return index.onChanges((batch) => {
    if (batch.origin.source !== 'SYNC') return;
    const occurredAt = new Date().toISOString();
    for (const { before, after } of batch.changes) {
      if (after === null || (batch.origin.pass === 'full' && before === null)) continue;
      events.publish({ action: changeAction(before, after), record: after, occurredAt, source: 'SYNC' });
    }
  });
}

/** The action a change of an alert amounts to (its first difference, in the order a subscriber cares). */
export function changeAction(before: AlertRecord | null, after: AlertRecord): AlertChangeAction {
  if (before === null) return 'CREATED';
  const [was, is] = [before.alert, after.alert];
  if (was.state !== is.state) return is.state === 'resolved' ? 'RESOLVED' : 'REOPENED';
  const assignee = (alert: typeof is) => (alert as { assigned_to?: { login?: string } | null }).assigned_to?.login ?? null;
  if (assignee(was) !== assignee(is)) return assignee(is) === null ? 'UNASSIGNED' : 'ASSIGNED';
  if (was.validity !== is.validity) return 'VALIDATED';
  if (!was.publicly_leaked && is.publicly_leaked) return 'PUBLICLY_LEAKED';
  return 'UPDATED';
}
