import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.ts';

/** What leads while this replica holds leadership: started when it is won, stopped when it is lost. */
export interface LeaderTerm {
  start(): void;
  stop(): Promise<void>;
}

/** Whether this process is the one that syncs, and the means to give that up. */
export interface SyncLeadership {
  readonly isLeader: boolean;
  /** Stops leading (the term ends first) and stops trying; for shutdown. */
  release(): Promise<void>;
}

/** The embedded index has one process: it always leads. */
export function soleLeadership(term: LeaderTerm): SyncLeadership {
  term.start();
  return { isLeader: true, release: () => term.stop() };
}

/** The advisory-lock namespace of the gateway's sync (first key of the two-key form), so other applications' locks do not collide. */
const SYNC_LOCK_NAMESPACE = createHash('sha256').update('secret-scanning-gateway sync').digest().readInt32BE(0);

export interface AdvisoryLockOptions {
  url: string;
  /** The GitHub (sources row) synced: replicas of two GitHubs on one database each have a leader. */
  sourceId: number;
  /** How often a replica that does not lead tries again (the sync interval). */
  retryMs: number;
  /** A new term each time leadership is won. */
  newTerm(): LeaderTerm;
  /** Told when this replica starts or stops leading (metrics). */
  onChange(isLeader: boolean): void;
  logger: Logger;
}

/**
 * Leadership of the sync among replicas on one PostgreSQL: a session advisory lock, taken with
 * pg_try_advisory_lock on a connection of its own and held for as long as the replica leads. When
 * the leader dies its connection closes and PostgreSQL releases the lock; the others try every
 * `retryMs`, so one of them leads again within that time (plus the time PostgreSQL takes to see
 * the connection gone). A leader whose connection drops stops syncing at once: another may hold
 * the lock by then.
 */
export class AdvisoryLockLeadership implements SyncLeadership {
  private client: pg.Client | null = null;
  private term: LeaderTerm | null = null;
  private timer: NodeJS.Timeout | undefined;
  private attempt: Promise<void> = Promise.resolve();
  private released = false;

  constructor(private readonly options: AdvisoryLockOptions) {}

  get isLeader(): boolean {
    return this.term !== null;
  }

  /** Tries now, then every retryMs while not leading. */
  start(): void {
    this.attempt = this.tryToLead();
  }

  async release(): Promise<void> {
    this.released = true;
    clearTimeout(this.timer);
    await this.attempt;
    const { client } = this;
    this.client = null;
    await this.endTerm('released');
    if (client) {
      await client.query('select pg_advisory_unlock($1, $2)', [SYNC_LOCK_NAMESPACE, this.options.sourceId]).catch(() => {});
      await client.end().catch(() => {});
    }
  }

  private async tryToLead(): Promise<void> {
    try {
      const client = (this.client ??= await this.connect());
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', [SYNC_LOCK_NAMESPACE, this.options.sourceId]);
      if (rows[0]?.locked && !this.released) {
        this.term = this.options.newTerm();
        this.term.start();
        this.options.onChange(true);
        this.options.logger.info('index sync: this replica leads the sync (advisory lock taken)', { sourceId: this.options.sourceId });
        return;
      }
    } catch (error) {
      this.options.logger.warn('index sync: cannot ask for sync leadership', { error: String(error) });
      await this.dropConnection();
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.released) return;
    this.timer = setTimeout(() => (this.attempt = this.tryToLead()), this.options.retryMs);
    this.timer.unref();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('error', () => {});
    await client.connect();
    client.once('end', () => {
      if (this.client !== client || this.released) return;
      this.client = null;
      // Not leading: the next try connects again.
      if (!this.term) return;
      this.options.logger.warn('index sync: the leadership connection dropped; this replica stops syncing and tries again');
      void this.endTerm('lost').then(() => this.scheduleRetry());
    });
    return client;
  }

  private async dropConnection(): Promise<void> {
    const { client } = this;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async endTerm(why: 'lost' | 'released'): Promise<void> {
    const { term } = this;
    if (!term) return;
    this.term = null;
    await term.stop();
    this.options.onChange(false);
    this.options.logger.info(`index sync: this replica no longer leads the sync (${why})`);
  }
}
