import { sql, type Kysely, type SqlBool } from 'kysely';
import type { AuditLog, AuditLogScope, AuditPosition, StoredAuditEntry } from '../domain/audit-log.ts';
import type { Database } from './schema.ts';

/** The audit log in the index's audit_entries, per source, newest first by (occurred_at, id). */
export class IndexAuditLog implements AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sourceId: number,
  ) {}

  async append(entry: StoredAuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_entries')
      .values({
        source_id: this.sourceId,
        occurred_at: entry.occurredAt,
        org: entry.org,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        outcome: entry.outcome,
        data: entry.data,
      })
      .execute();
  }

  async page(scope: AuditLogScope, after: AuditPosition | null, limit: number) {
    const rows = await this.scoped(scope)
      .selectAll()
      .$if(after !== null, (qb) =>
        qb.where((eb) => eb.or([eb('occurred_at', '<', after!.occurredAt), eb.and([eb('occurred_at', '=', after!.occurredAt), eb('id', '<', after!.id)])])),
      )
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const entries = rows.slice(0, limit).map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      outcome: row.outcome,
      org: row.org,
      data: row.data,
    }));
    return { entries, hasNextPage: rows.length > limit };
  }

  async count(scope: AuditLogScope): Promise<number> {
    const row = await this.scoped(scope).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return row.count;
  }

  private scoped({ orgs, unscoped }: AuditLogScope) {
    return this.db
      .selectFrom('audit_entries')
      .where('source_id', '=', this.sourceId)
      .where((eb) => {
        const conditions = [...(orgs.length > 0 ? [eb('org', 'in', [...orgs])] : []), ...(unscoped ? [eb('org', 'is', null)] : [])];
        return conditions.length > 0 ? eb.or(conditions) : sql<SqlBool>`1 = 0`;
      });
  }
}
