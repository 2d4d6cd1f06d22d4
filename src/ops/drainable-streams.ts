import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type AsyncIterableIteratorOrValue, type Plugin } from 'graphql-yoga';

type Results = AsyncIterableIteratorOrValue<ExecutionResult>;

/**
 * Ends every streamed result (subscriptions over SSE, incremental delivery) when `closing` is
 * aborted (the drain starts, ops/drain.ts): the stream completes as if its source had ended, so
 * yoga finishes the response cleanly (SSE clients see the stream complete and reconnect to
 * another replica) and the source is told to stop (its `return()` runs). A stream opened while
 * the gateway drains ends at once.
 */
export function useDrainableStreams(closing: AbortSignal): Plugin {
  const endOnClose = ({ result, setResult }: { result: Results; setResult(result: Results): void }) => {
    if (isAsyncIterable(result)) setResult(untilAborted(result, closing));
  };
  return {
    onSubscribe: () => ({ onSubscribeResult: endOnClose }),
    onExecute: () => ({ onExecuteDone: endOnClose }),
  };
}

async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let onAbort = () => {};
  const aborted = new Promise<{ done: true }>((resolve) => {
    onAbort = () => resolve({ done: true });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    while (!signal.aborted) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Not awaited: an async generator waiting for its next event takes return() only after that event.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
