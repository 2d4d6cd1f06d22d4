import { afterAll, beforeAll } from 'vitest';
import { startDemoGitHub, type DemoGitHub, type DemoGitHubOptions } from '../../src/demo/server.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';

export interface DemoResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string | null;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The demo GitHub for a test file: started before its tests, closed after them. The handle
 * forwards to the running server, so it can be declared at module level and used in tests.
 */
export function useDemoGitHub(options: DemoGitHubOptions): DemoGitHub {
  let running: DemoGitHub | undefined;
  beforeAll(async () => {
    running = await startDemoGitHub(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  return new Proxy({} as DemoGitHub, {
    get(_, name) {
      if (!running) throw new Error('The demo GitHub runs only while the tests of its file do.');
      const value: unknown = Reflect.get(running, name);
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}

/** Real HTTP request to the demo server; `token: null` sends no Authorization header. */
export async function call<T = unknown>(demo: DemoGitHub | string, path: string, options: RequestOptions = {}): Promise<DemoResponse<T>> {
  const base = typeof demo === 'string' ? demo : demo.url;
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', ...options.headers };
  const token = options.token === undefined ? DEMO_TOKENS.admin : options.token;
  if (token !== null) headers.authorization = `token ${token}`;
  const init: RequestInit = { method: options.method ?? 'GET', headers };
  if (options.body !== undefined) {
    init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** Parses a Link header into rel → URL. */
export function links(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of (headers.get('link') ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="(\w+)"/.exec(part.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) result[match[2]] = match[1];
  }
  return result;
}

/** Follows rel="next" (or another rel) from `path` to the end, collecting every item. */
export async function collect<T>(demo: DemoGitHub, path: string, rel = 'next', options: RequestOptions = {}): Promise<{ items: T[]; requests: number }> {
  const items: T[] = [];
  let url: string | undefined = `${demo.url}${path}`;
  let requests = 0;
  while (url !== undefined) {
    const response: DemoResponse<T[]> = await call<T[]>(url, '', options);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
    items.push(...response.body);
    requests += 1;
    url = links(response.headers)[rel];
  }
  return { items, requests };
}
