import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDemoDataset, DEMO_TOKENS, type DemoDataset } from '../../src/demo/dataset.ts';
import type { DemoFlavor } from '../../src/demo/flavor.ts';
import { startDemoGitHub, type DemoGitHub, type DemoRequestRecord } from '../../src/demo/server.ts';
import { createLogger } from '../../src/logger.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';

export interface GraphQLResponse<T> {
  status?: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface Harness {
  demo: DemoGitHub;
  gateway: RunningGateway;
  /** Every log line the gateway wrote. */
  logLines: string[];
  /** What the gateway asked the demo while starting (it learns GitHub's release); left out of the demo's request log. */
  startupRequests: DemoRequestRecord[];
  /** Every response body the gateway sent to `query`. */
  responses: string[];
  query<T = Record<string, any>, V = Record<string, unknown>>(
    document: string | DocumentNode | TypedDocumentNode<T, V>,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export const DEMO_ORGS = ['acme-corp', 'acme-labs', 'globex', 'initech', 'umbrella', 'hooli'];

/**
 * A demo GitHub and a gateway pointed at it over real HTTP, configured like production
 * (service token, GATEWAY_ORGS), with `env` on top.
 */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    dataset?: DemoDataset;
    latencyMs?: number;
    rateLimitPerToken?: number;
    flavor?: DemoFlavor;
    /** The gateway's transport to the demo GitHub, under its cache (default: global fetch). */
    fetch?: typeof fetch;
    /** A demo GitHub already running (a gateway restarted against the same GitHub); not closed with the harness. */
    demo?: DemoGitHub;
  } = {},
): Promise<Harness> {
  const demo =
    options.demo ??
    (await startDemoGitHub({
      dataset: options.dataset ?? createDemoDataset(),
      latencyMs: options.latencyMs,
      rateLimitPerToken: options.rateLimitPerToken,
      flavor: options.flavor,
    }));
  const config = loadConfig({
    GITHUB_TOKEN: DEMO_TOKENS.admin,
    GITHUB_API_URL: demo.url,
    GATEWAY_ORGS: DEMO_ORGS.join(','),
    PORT: '0',
    GATEWAY_WRITE_INTERVAL_MS: '0',
    GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'gateway-data-')),
    // Live reads, unless a test asks for the index: most tests pin what GitHub is asked.
    GATEWAY_INDEX: 'off',
    ...options.env,
  });
  const logLines: string[] = [];
  const responses: string[] = [];
  const gateway = await startGateway(config, createLogger(config.logLevel, (line) => logLines.push(line)), { retryBaseMs: 5, fetch: options.fetch });
  // The demo's organization webhook points at the gateway, as an operator would set it up on GitHub.
  if (config.webhookSecret) demo.setWebhook({ url: new URL('/webhooks/github', gateway.url).href, secret: config.webhookSecret });
  const startupRequests = [...demo.requests];
  demo.resetCounts();
  return {
    demo,
    gateway,
    startupRequests,
    logLines,
    responses,
    async query(document, variables, headers = {}) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      const text = await response.text();
      responses.push(text);
      return { ...(JSON.parse(text) as GraphQLResponse<any>), status: response.status };
    },
    async close() {
      await gateway.close();
      if (!options.demo) await demo.close();
    },
  };
}

/**
 * What one test may leave behind for the next, undone: the demo's request log and injected
 * faults, and the gateway's cross-request response cache (so that every test sees its own
 * upstream traffic, whatever ran before it). Writes to the demo GitHub stay.
 */
export function resetHarness(harness: Harness): void {
  harness.demo.resetCounts();
  harness.demo.clearFaults();
  harness.gateway.cache.clear();
}

/**
 * One harness for the enclosing describe block (or file), started before its tests, closed
 * after them, and reset (resetHarness) before each test.
 */
export function useSharedHarness(options: Parameters<typeof startHarness>[0] = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
  });
  afterAll(async () => harness?.close());
  beforeEach(() => {
    if (harness) resetHarness(harness);
  });
  return () => {
    if (!harness) throw new Error('the shared harness is not started yet');
    return harness;
  };
}
