import { describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/client.ts';
import { UpstreamTimeoutError } from '../../src/github/upstream-timeout.ts';

/** A transport answering the statuses in turn (the last one from then on), recording when each request came. */
function scripted(statuses: (number | Error)[]) {
  const at: number[] = [];
  const fetch = (async () => {
    at.push(performance.now());
    const next = statuses[Math.min(at.length - 1, statuses.length - 1)]!;
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify(next < 400 ? { login: 'acme' } : { message: 'Server Error' }), {
      status: next,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, at };
}

function client(fetch: typeof globalThis.fetch) {
  return createGitHubClient({ baseUrl: 'http://github.test', auth: 'ghp_test', credentialKey: 'test', fetch, concurrency: 5, writeIntervalMs: 0, retryBaseMs: 20 });
}

describe('retrying failed requests', () => {
  it('retries a server error with a growing wait (n² × base) and returns the answer that succeeds', async () => {
    const transport = scripted([502, 503, 200]);
    const response = await client(transport.fetch).request('GET /orgs/{org}', { org: 'acme' });
    expect(response.data).toEqual({ login: 'acme' });
    expect(transport.at).toHaveLength(3);
    const [first, second, third] = transport.at as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(20 - 2);
    expect(third - second).toBeGreaterThanOrEqual(80 - 2);
  });

  it('gives up after three retries with the last error', async () => {
    const transport = scripted([500]);
    await expect(client(transport.fetch).request('GET /orgs/{org}', { org: 'acme' })).rejects.toMatchObject({ status: 500 });
    expect(transport.at).toHaveLength(4);
  });

  it('retries an unreachable GitHub (Octokit reports it as a 500)', async () => {
    const transport = scripted([new TypeError('fetch failed'), 200]);
    await client(transport.fetch).request('GET /orgs/{org}', { org: 'acme' });
    expect(transport.at).toHaveLength(2);
  });

  it('does not retry what another try cannot change, a request that asks for no retries, or an upstream timeout', async () => {
    for (const status of [404, 409, 422]) {
      const transport = scripted([status, 200]);
      await expect(client(transport.fetch).request('GET /orgs/{org}', { org: 'acme' })).rejects.toMatchObject({ status });
      expect(transport.at).toHaveLength(1);
    }
    const write = scripted([502, 200]);
    await expect(
      client(write.fetch).request('PATCH /orgs/{org}', { org: 'acme', request: { retries: 0 } }),
    ).rejects.toMatchObject({ status: 502 });
    expect(write.at).toHaveLength(1);
    const hung = scripted([new UpstreamTimeoutError(100, 'GET'), 200]);
    await expect(client(hung.fetch).request('GET /orgs/{org}', { org: 'acme' })).rejects.toBeInstanceOf(UpstreamTimeoutError);
    expect(hung.at).toHaveLength(1);
  });
});
