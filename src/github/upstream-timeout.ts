import { methodOf } from './fetch-input.ts';

/**
 * GitHub did not finish answering (headers and body) in time. Named AbortError because the
 * request was aborted: Octokit passes aborts through as they are, without the request a retry
 * needs (retry.ts), so a server that hangs is waited for once, not four times with back-off in between.
 */
export class UpstreamTimeoutError extends Error {
  override readonly name = 'AbortError';

  constructor(
    readonly timeoutMs: number,
    /** The request's method: a write that timed out may or may not have been applied. */
    readonly method: string,
  ) {
    super(`GitHub did not answer within ${timeoutMs} ms.`);
  }
}

/**
 * A fetch whose requests are aborted with an UpstreamTimeoutError when their answer, body
 * included, has not arrived after `timeoutMs`. Without it a server that never answers would hold
 * one of the credential's concurrency slots (or its only write slot) for good.
 */
export function withUpstreamTimeout(baseFetch: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const controller = new AbortController();
    const method = methodOf(input, init);
    // Not cleared when the headers arrive: the body is read later, by whoever reads the response,
    // and aborting an answer already read changes nothing. Unref'd so that it never keeps a process up.
    setTimeout(() => controller.abort(new UpstreamTimeoutError(timeoutMs, method)), timeoutMs).unref();
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    return baseFetch(input, { ...init, signal });
  };
}
