import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A key every replica on this database uses alike: made (32 random bytes) by the first replica
 * that asks, read by every other. Inserting "if absent" then reading makes two replicas starting
 * together agree on whichever insert won.
 */
export async function sharedKey(db: Kysely<Database>, name: string): Promise<Buffer> {
  await db.insertInto('gateway_keys').values({ name, value: randomBytes(32).toString('hex') }).onConflict((conflict) => conflict.column('name').doNothing()).execute();
  const { value } = await db.selectFrom('gateway_keys').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return Buffer.from(value, 'hex');
}

/** PostgreSQL's clock in epoch milliseconds: replicas' clocks may differ, the database's is one. */
const DATABASE_NOW = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * The write spacing of each credential, shared by every replica on one PostgreSQL: a write
 * reserves the next slot (the row's `next_at`, or now if that has passed) and moves it on by the
 * interval, in one statement that locks the row, so two replicas never get the same slot; then it
 * waits for its slot. Times are the database's, so replicas' clocks do not matter.
 */
export class SharedWriteSlots {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sourceId: number,
    private readonly intervalMs: number,
  ) {}

  /** Resolves at this write's slot; rejects when `signal` aborts first (the slot is then left unused). */
  async wait(credential: string, signal: AbortSignal): Promise<void> {
    const interval = this.intervalMs;
    const { rows } = await sql<{ wait_ms: number }>`
      insert into write_slots (source_id, credential, next_at) values (${this.sourceId}, ${credential}, ${DATABASE_NOW} + ${interval})
      on conflict (source_id, credential) do update set next_at = greatest(write_slots.next_at, ${DATABASE_NOW}) + ${interval}
      returning next_at - ${interval} - ${DATABASE_NOW} as wait_ms`.execute(this.db);
    const waitMs = Number(rows[0]?.wait_ms ?? 0);
    if (waitMs > 0) await delay(waitMs, undefined, { signal });
  }
}
