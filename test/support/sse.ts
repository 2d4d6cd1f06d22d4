/** A GraphQL subscription over server-sent events (as graphql-yoga serves them), read event by event. */
export interface SseSubscription {
  /** The next `next` event's payload ({ data, errors }); rejects when the stream ends first. */
  next(): Promise<{ data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  close(): void;
}

export async function subscribe(url: string, query: string, headers: Record<string, string> = {}): Promise<SseSubscription> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`subscription refused: ${response.status} ${await response.text()}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const events: string[] = [];
  const readEvent = async (): Promise<string> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        events.push(block);
        return block;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the subscription ended');
      buffer += value;
    }
  };
  return {
    async next() {
      for (;;) {
        const block = await readEvent();
        const lines = block.split('\n');
        const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
        const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
        if (event === 'complete') throw new Error('the subscription completed');
        if (data) return JSON.parse(data);
      }
    },
    close() {
      controller.abort();
    },
  };
}
