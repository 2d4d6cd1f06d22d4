import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import type { RequestListener, Server, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { TimeoutError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Readiness } from './readiness.ts';

/**
 * Once the bound has passed and their work is aborted, requests get this long to write their
 * answers: more than an aborted mutation takes to report what it applied (limits/execution-limits.ts).
 */
const ABORTED_ANSWER_GRACE_MS = 2_000;

export interface DrainOptions {
  /** GATEWAY_DRAIN_TIMEOUT_MS: how long requests in flight may take to finish. */
  timeoutMs: number;
  readiness: Readiness;
  logger: Logger;
}

/** Run once the gateway has stopped serving: release what it holds (the index's sync leadership, say). */
export type ShutdownHook = () => unknown;

/**
 * Graceful shutdown of one gateway (SIGTERM, SIGINT):
 * 1. /ready answers 503, the listener is closed (new connections are refused) and every answer
 *    from then on carries `Connection: close`; long-lived answers (subscriptions) end (`closing`);
 * 2. requests in flight, mutations included, finish, for up to `timeoutMs`;
 * 3. past it, the work of those still running is aborted (whenStopped cancels their deadline, see
 *    domain/deadline.ts): they answer TIMEOUT, and writes say whether they were applied;
 * 4. connections are closed, the shutdown hooks run (last registered first), and `shutdown`
 *    says whether the drain was clean (nothing had to be aborted).
 */
export class Drain {
  private readonly inFlight = new Map<ServerResponse, AbortController>();
  private readonly onIdle = new Set<() => void>();
  private readonly hooks: { name: string; hook: ShutdownHook }[] = [];
  private readonly request = new AsyncLocalStorage<AbortSignal>();
  private readonly stopping = new AbortController();
  private result: Promise<{ clean: boolean }> | null = null;

  /** Aborted when the drain starts; every open subscription stream listens to it. */
  readonly closing = this.stopping.signal;

  constructor(private readonly options: DrainOptions) {
    setMaxListeners(0, this.closing);
  }

  /** Registers a hook to run at shutdown, after the last request (hooks registered later run first). */
  onShutdown(name: string, hook: ShutdownHook): void {
    this.hooks.push({ name, hook });
  }

  /** Counts the listener's requests in flight, from their arrival until their answer is sent or given up. */
  track(listener: RequestListener): RequestListener {
    return (request, response) => {
      const controller = new AbortController();
      this.inFlight.set(response, controller);
      response.once('close', () => {
        this.inFlight.delete(response);
        if (this.inFlight.size === 0) for (const resolve of this.onIdle) resolve();
      });
      if (this.closing.aborted) response.setHeader('connection', 'close');
      this.request.run(controller.signal, () => listener(request, response));
    };
  }

  /**
   * While a request is being served: `stop(reason)` is called if the drain's bound passes before
   * it is answered (yoga.ts cancels the request's deadline with it). Outside a request, never.
   */
  whenStopped(stop: (reason: unknown) => void): void {
    const signal = this.request.getStore();
    signal?.addEventListener('abort', () => stop(signal.reason), { once: true });
  }

  /** Drains `server` once; later calls get the same result. */
  shutdown(server: Server): Promise<{ clean: boolean }> {
    this.result ??= this.drain(server);
    return this.result;
  }

  private async drain(server: Server): Promise<{ clean: boolean }> {
    const { logger, readiness, timeoutMs } = this.options;
    readiness.drain();
    this.stopping.abort();
    for (const response of this.inFlight.keys()) if (!response.headersSent) response.setHeader('connection', 'close');
    // Node closes idle keep-alive connections here; busy ones are closed after their answer.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    logger.info('draining', { inFlight: this.inFlight.size, timeoutMs });
    const clean = await this.idle(timeoutMs);
    if (!clean) {
      logger.warn('the drain bound passed: stopping the requests still running', { inFlight: this.inFlight.size });
      const reason = new TimeoutError('The gateway is shutting down and stopped this request before it finished; retry it.');
      for (const controller of this.inFlight.values()) controller.abort(reason);
      await this.idle(ABORTED_ANSWER_GRACE_MS);
    }
    server.closeAllConnections();
    await closed;
    await this.runHooks();
    logger.info('drained', { clean });
    return { clean };
  }

  /** True once no request is in flight; false if some still are after `ms`. */
  private idle(ms: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (clean: boolean) => {
        clearTimeout(timer);
        this.onIdle.delete(onIdle);
        resolve(clean);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      this.onIdle.add(onIdle);
    });
  }

  /** Each hook in turn, last registered first, each given up to the drain bound: a hung release must not keep the process up. */
  private async runHooks(): Promise<void> {
    for (const { name, hook } of [...this.hooks].reverse()) {
      const timer = new AbortController();
      try {
        const finished = await Promise.race([Promise.resolve(hook()).then(() => true), delay(this.options.timeoutMs, false, { signal: timer.signal })]);
        if (!finished) this.options.logger.warn('a shutdown hook did not finish within the drain bound', { hook: name });
      } catch (error) {
        this.options.logger.error('a shutdown hook failed', { hook: name, error: String(error) });
      } finally {
        timer.abort();
      }
    }
  }
}
