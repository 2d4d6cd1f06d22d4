/** What GET /ready answers: whether the gateway should be sent requests now, and if not, why. */
export type ReadinessState = { status: 'ready' } | { status: 'starting'; waitingFor: string[] } | { status: 'draining' };

/**
 * Whether the gateway can serve. It is ready unless a component it needs is still getting ready
 * (the index's migrations, say) or it is draining for shutdown. A component that must finish
 * something before the gateway takes traffic calls `waitFor` before the work and the function
 * it returns once done:
 *
 *   const migrated = readiness.waitFor('index migrations');
 *   await migrator.migrateToLatest();
 *   migrated();
 */
export class Readiness {
  private readonly pending = new Map<symbol, string>();
  private isDraining = false;

  waitFor(what: string): () => void {
    const token = Symbol(what);
    this.pending.set(token, what);
    return () => {
      this.pending.delete(token);
    };
  }

  /** From now on, not ready: the gateway is shutting down (ops/drain.ts). */
  drain(): void {
    this.isDraining = true;
  }

  get state(): ReadinessState {
    if (this.isDraining) return { status: 'draining' };
    if (this.pending.size > 0) return { status: 'starting', waitingFor: [...new Set(this.pending.values())] };
    return { status: 'ready' };
  }
}
