import { TimeoutError } from '../errors.ts';

/**
 * The lifetime of a request's work. Its signal is what every GitHub call of the request takes
 * (guarded-github.ts), so aborting it stops the work, not only the answer: at the deadline
 * (started when a query or mutation executes; subscriptions and exports have none), or when the
 * request is cancelled (its subscriber left, the gateway drains).
 */
export class RequestDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number | null) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  start(): void {
    if (this.timeoutMs === null || this.timer !== undefined || this.signal.aborted) return;
    const timeoutMs = this.timeoutMs;
    // Unref'd: a pending deadline never keeps the process up.
    this.timer = setTimeout(() => {
      this.controller.abort(
        new TimeoutError(`The request took longer than ${timeoutMs} ms and was stopped; narrow it (fewer orgs, a filter) or retry.`),
      );
    }, timeoutMs).unref();
  }

  /** The request is answered: its timer is freed. */
  release(): void {
    clearTimeout(this.timer);
  }

  cancel(reason: unknown): void {
    this.release();
    this.controller.abort(reason);
  }
}
