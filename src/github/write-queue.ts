import { RateLimitedError } from '../errors.ts';

interface Waiter {
  party: string;
  grant: (release: () => void) => void;
  fail: (reason: unknown) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

export interface WriteQueueOptions {
  /** Minimum spacing between the starts of two writes (GitHub asks for serialized writes). */
  intervalMs: number;
  /** Writes one party (caller) may have waiting at once. */
  maxWaitingPerParty: number;
  /** Writes all parties together may have waiting at once. */
  maxWaiting: number;
}

/**
 * The writes of one credential: one at a time, spaced by `intervalMs`, handed out round-robin
 * between parties (callers), so a caller with a long bulk update cannot make every other
 * caller wait behind all of it. Bounded: past the limits a write is refused at once
 * (RATE_LIMITED) instead of queueing for hours. A waiter whose signal aborts (its request's
 * deadline) leaves the queue, so a write that was never sent is never sent later.
 */
export class WriteQueue {
  private readonly parties = new Map<string, Waiter[]>();
  private order: string[] = [];
  private waiting = 0;
  private busy = false;
  private nextStartAt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WriteQueueOptions) {}

  /** Resolves with a release function once it is this write's turn; call it when the write is done. */
  turn(party: string, signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    const queue = this.parties.get(party) ?? [];
    if (queue.length >= this.options.maxWaitingPerParty || this.waiting >= this.options.maxWaiting) {
      return Promise.reject(
        new RateLimitedError('Too many writes are waiting for this GitHub credential; retry once the current ones are done.'),
      );
    }
    return new Promise((grant, fail) => {
      const waiter: Waiter = { party, grant, fail, signal, onAbort: () => this.leave(waiter) };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      if (queue.length === 0) {
        this.parties.set(party, queue);
        this.order.push(party);
      }
      queue.push(waiter);
      this.waiting += 1;
      this.startNext();
    });
  }

  /** Writes waiting now (all parties). */
  get length(): number {
    return this.waiting;
  }

  private leave(waiter: Waiter): void {
    const queue = this.parties.get(waiter.party);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index === -1) return;
    queue.splice(index, 1);
    this.waiting -= 1;
    if (queue.length === 0) this.dropParty(waiter.party);
    waiter.fail(waiter.signal.reason);
  }

  private dropParty(party: string): void {
    this.parties.delete(party);
    this.order = this.order.filter((name) => name !== party);
  }

  private startNext(): void {
    if (this.busy || this.timer !== undefined || this.order.length === 0) return;
    const wait = this.nextStartAt - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.startNext();
      }, wait);
      return;
    }
    // Round-robin: the party served goes to the back of the line.
    const party = this.order.shift()!;
    const queue = this.parties.get(party)!;
    const waiter = queue.shift()!;
    this.waiting -= 1;
    if (queue.length === 0) this.parties.delete(party);
    else this.order.push(party);
    waiter.signal.removeEventListener('abort', waiter.onAbort);
    this.busy = true;
    this.nextStartAt = Date.now() + this.options.intervalMs;
    let released = false;
    waiter.grant(() => {
      if (released) return;
      released = true;
      this.busy = false;
      this.startNext();
    });
  }
}
