import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A few-line stand-in for api.github.com: JSON bodies with content-derived ETags, answering 304 to a matching If-None-Match. */
export interface FakeGitHub {
  baseUrl: string;
  /** Path (with query) → JSON body served for GET; paths not present answer 404. */
  content: Map<string, unknown>;
  /** Extra response headers per path. */
  extraHeaders: Map<string, Record<string, string>>;
  /**
   * Holds GETs of `path` unanswered until `release()`, to keep requests in flight; `arrived`
   * resolves once the first such GET has reached the fake server.
   */
  hold(path: string): { arrived: Promise<void>; release(): void };
  /** `${method} ${path}` → number of requests received. */
  requestCounts: Map<string, number>;
  /** Path → If-None-Match header of each GET received (undefined when absent). */
  ifNoneMatch: Map<string, (string | undefined)[]>;
  requests(method: string, path: string): number;
  reset(): void;
  close(): Promise<void>;
}

export function etagOf(body: unknown): string {
  return `"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const fake = {
    content: new Map<string, unknown>(),
    extraHeaders: new Map<string, Record<string, string>>(),
    requestCounts: new Map<string, number>(),
    ifNoneMatch: new Map<string, (string | undefined)[]>(),
  };

  const held = new Map<string, { arrive: () => void; released: Promise<void> }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const countKey = `${method} ${path}`;
    fake.requestCounts.set(countKey, (fake.requestCounts.get(countKey) ?? 0) + 1);
    const headers = { 'content-type': 'application/json; charset=utf-8', ...fake.extraHeaders.get(path) };

    if (method !== 'GET') {
      res.writeHead(200, headers).end('{}');
      return;
    }
    const ifNoneMatch = req.headers['if-none-match'];
    fake.ifNoneMatch.set(path, [...(fake.ifNoneMatch.get(path) ?? []), ifNoneMatch]);
    const gate = held.get(path);
    if (gate) {
      gate.arrive();
      await gate.released;
    }
    if (!fake.content.has(path)) {
      res.writeHead(404, headers).end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    const body = fake.content.get(path);
    const etag = etagOf(body);
    if (ifNoneMatch === etag) {
      res.writeHead(304, { etag, 'x-ratelimit-remaining': '4999' }).end();
      return;
    }
    res.writeHead(200, { ...headers, etag, 'x-ratelimit-remaining': '4999' }).end(JSON.stringify(body));
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    ...fake,
    baseUrl: `http://127.0.0.1:${port}`,
    requests: (method, path) => fake.requestCounts.get(`${method} ${path}`) ?? 0,
    hold(path) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      held.set(path, { arrive, released });
      return {
        arrived,
        release: () => {
          held.delete(path);
          release();
        },
      };
    },
    reset() {
      fake.content.clear();
      fake.extraHeaders.clear();
      held.clear();
      fake.requestCounts.clear();
      fake.ifNoneMatch.clear();
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
