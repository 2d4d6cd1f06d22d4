import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Resolves when the request to hold has arrived (and is being held). */
  held: Promise<void>;
  /** Lets the held request through to the target. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A proxy to `target` (the demo GitHub) that holds the first request `matches` picks until
 * `release()`: a GitHub that is slow exactly when a test says, so tests follow the order of
 * events rather than a clock.
 */
export async function startHoldingProxy(target: string, matches: (method: string, path: string) => boolean): Promise<HoldingProxy> {
  let markHeld = () => {};
  const held = new Promise<void>((resolve) => (markHeld = resolve));
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding = true;
  const server = createServer(async (incoming, answer) => {
    if (holding && matches(incoming.method ?? 'GET', new URL(incoming.url ?? '/', target).pathname)) {
      holding = false;
      markHeld();
      await released;
    }
    const upstream = forward(new URL(incoming.url ?? '/', target), { method: incoming.method, headers: incoming.headers }, (response) => {
      answer.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(answer);
    });
    // The gateway may have given up on a held request (a forced drain): nothing to answer then.
    upstream.on('error', () => answer.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    release,
    close: async () => {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
