import { TimeoutError } from '../errors.ts';

/**
 * The signal a request's work is tied to: aborted with a TimeoutError once `timeoutMs` pass (or
 * with the parent's reason, e.g. the client went away). Every GitHub call of the request takes it
 * (guarded-github.ts), so the deadline stops the work, not only the answer.
 */
export function requestDeadline(timeoutMs: number | null, parent?: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  const timer =
    timeoutMs === null
      ? undefined
      : setTimeout(() => {
          controller.abort(
            new TimeoutError(`The request took longer than ${timeoutMs} ms and was stopped; narrow it (fewer orgs, a filter) or retry.`),
          );
        }, timeoutMs);
  timer?.unref();
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
