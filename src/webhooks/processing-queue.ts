import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface ProcessingQueueOptions {
  /** Works that always may run at once. */
  minConcurrency: number;
  /** Works that may run at once while the event loop has time to spare. */
  maxConcurrency: number;
  /** Bytes that may wait; past them, `offer` refuses. */
  maxWaitingBytes: number;
  /** Share of the event loop's time (0–1) above which no work beyond `minConcurrency` starts. */
  busyAbove?: number;
  /** How busy the event loop was lately (0–1); measured from Node's event-loop utilisation unless given. */
  loopBusy?: () => number;
}

/**
 * Verified deliveries waiting to be processed, in order. Processing a delivery costs about ten
 * times what accepting it does (a re-read from GitHub and an index write: ~3.5 against ~0.3 ms
 * of CPU, profiled), so when every accepted delivery was processed at once, a burst starved the
 * receiver itself: 2,000 deliveries, 50 in flight, GitHub answering in 50 ms, were accepted at
 * ~290/s. A fixed bound trades one against the other (8 at once: ~810/s accepted, but only 25–80
 * processed per second at GitHub's real 100–300 ms per read; 32: ~320/s accepted). So the number
 * at once follows the event loop: up to `maxConcurrency` while it has time to spare (reads
 * waiting on GitHub), down to `minConcurrency` while it is busy. What waits is bounded by bytes:
 * past the bound a delivery is refused, not held.
 */
export class ProcessingQueue {
  private running = 0;
  private waitingBytes = 0;
  private readonly waiting: { bytes: number; start: () => void }[] = [];
  private retry: NodeJS.Timeout | null = null;
  private readonly busyAbove: number;
  private readonly loopBusy: () => number;

  constructor(private readonly options: ProcessingQueueOptions) {
    this.busyAbove = options.busyAbove ?? 0.7;
    this.loopBusy = options.loopBusy ?? loopUtilization();
  }

  /** Runs `work` when its turn comes; null (nothing queued) when `bytes` more would pass the bound. */
  offer<T>(bytes: number, work: () => Promise<T>): Promise<T> | null {
    if (this.waitingBytes + bytes > this.options.maxWaitingBytes && !this.mayStart()) return null;
    const turn = new Promise<void>((start) => this.waiting.push({ bytes, start }));
    this.waitingBytes += bytes;
    this.pump();
    return turn.then(async () => {
      try {
        return await work();
      } finally {
        this.running -= 1;
        this.pump();
      }
    });
  }

  /** Deliveries accepted and not processing yet. */
  get queued(): number {
    return this.waiting.length;
  }

  private mayStart(): boolean {
    if (this.running < this.options.minConcurrency) return true;
    return this.running < this.options.maxConcurrency && this.loopBusy() < this.busyAbove;
  }

  /** Starts waiting works while they may start; when the loop is what holds them, looks again shortly. */
  private pump(): void {
    while (this.waiting.length > 0 && this.mayStart()) {
      const first = this.waiting.shift()!;
      this.waitingBytes -= first.bytes;
      this.running += 1;
      first.start();
    }
    if (this.waiting.length > 0 && this.running < this.options.maxConcurrency && this.retry === null) {
      this.retry = setTimeout(() => {
        this.retry = null;
        this.pump();
      }, 20);
      this.retry.unref();
    }
  }
}

/** The event loop's utilisation over roughly the last 100 ms. */
function loopUtilization(): () => number {
  let mark: EventLoopUtilization = performance.eventLoopUtilization();
  let markedAt = performance.now();
  let last = 0;
  return () => {
    const now = performance.now();
    if (now - markedAt >= 100) {
      const current = performance.eventLoopUtilization();
      last = performance.eventLoopUtilization(current, mark).utilization;
      mark = current;
      markedAt = now;
    }
    return last;
  };
}
