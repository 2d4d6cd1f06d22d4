import { audit, outcomeOf, type AuditEntry, type AuditTarget } from '../audit.ts';
import type { GatewayContext } from '../context.ts';

/** What a write fills in as it learns it (the decoded target, the state before and after). */
export type AuditRecord = Omit<AuditEntry, 'action' | 'outcome'>;

/**
 * Runs one write and writes its audit line, success or failure: `target` starts as what the
 * raw input names and is replaced by the write once it has decoded and checked it. Entries hold
 * names, ids, versions and decisions only; never a pattern, a comment or a secret.
 */
export async function audited<T>(
  context: GatewayContext,
  action: AuditEntry['action'],
  target: AuditTarget,
  write: (record: AuditRecord) => Promise<T>,
): Promise<T> {
  const record: AuditRecord = { target };
  try {
    const result = await write(record);
    const { requested: _requested, ...done } = record;
    await audit(context, { action, ...done, outcome: 'success' });
    return result;
  } catch (error) {
    const { after: _after, ...failed } = record;
    await audit(context, { action, ...failed, outcome: outcomeOf(error) });
    throw error;
  }
}
