import { describe, expect, it } from 'vitest';
import { createDemoDataset, DEMO_TOKENS, type DemoAlertRecord } from '../../src/demo/dataset.ts';
import type { PatternConfiguration, SecretScanningAlertWithMetadata } from '../../src/demo/github-types.ts';
import { startDemoGitHub } from '../../src/demo/server.ts';
import { call, useDemoGitHub } from './http.ts';

const dataset = createDemoDataset();
const demo = useDemoGitHub({ dataset });

function alertPath(record: DemoAlertRecord): string {
  return `/repos/${record.repository.full_name}/secret-scanning/alerts/${record.alert.number}`;
}

function findAlert(org: string, keep: (record: DemoAlertRecord) => boolean): DemoAlertRecord {
  const record = dataset.alerts.find((candidate) => candidate.org === org && keep(candidate));
  if (record === undefined) throw new Error(`no matching alert in ${org}`);
  return record;
}

describe('authentication and access', () => {
  it('answers 401 without or with an unknown token, accepting both token and Bearer schemes', async () => {
    for (const token of [null, 'ghp_unknown']) {
      const response = await call(demo, '/user', { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    }
    const bearer = await fetch(`${demo.url}/user`, { headers: { authorization: `Bearer ${DEMO_TOKENS.analyst}` } });
    expect(((await bearer.json()) as { login: string }).login).toBe('sam-analyst');
  });

  it('maps orgs to 403 (no access), 404 (unknown or secret scanning disabled)', async () => {
    expect((await call(demo, '/orgs/hooli/secret-scanning/alerts')).status).toBe(403);
    expect((await call(demo, '/orgs/nope/secret-scanning/alerts')).status).toBe(404);
    const disabled = await call<{ message: string }>(demo, '/orgs/umbrella/secret-scanning/alerts');
    expect(disabled.status).toBe(404);
    expect(disabled.body.message).toMatch(/Secret scanning is disabled/);
    const umbrellaRepo = dataset.repos.find((repo) => repo.owner.login === 'umbrella');
    expect((await call(demo, `/repos/${umbrellaRepo?.full_name}/secret-scanning/alerts`)).status).toBe(404);
    expect((await call(demo, '/orgs/globex/secret-scanning/alerts', { token: DEMO_TOKENS.analyst })).status).toBe(403);
    expect((await call(demo, '/orgs/acme-labs/secret-scanning/alerts', { token: DEMO_TOKENS.analyst })).status).toBe(200);
    expect((await call(demo, '/orgs/acme-corp/secret-scanning/alerts', { token: DEMO_TOKENS.outsider })).status).toBe(403);
    const privateRepo = dataset.repos.find((repo) => repo.private && repo.owner.login === 'acme-corp');
    expect((await call(demo, `/repos/${privateRepo?.full_name}/secret-scanning/alerts`, { token: DEMO_TOKENS.outsider })).status).toBe(404);
    expect((await call(demo, `/repos/acme-corp/nope/secret-scanning/alerts`)).status).toBe(404);
    expect((await call(demo, `/repos/${privateRepo?.full_name}/secret-scanning/alerts/99999`)).status).toBe(404);
  });

  it('serves user, org, repository and rate_limit', async () => {
    const user = await call<{ login: string }>(demo, '/user', { token: DEMO_TOKENS.outsider });
    expect(user.body.login).toBe('otto-outsider');
    const org = await call<{ login: string }>(demo, '/orgs/hooli', { token: DEMO_TOKENS.outsider });
    expect(org.body.login).toBe('hooli');
    const repo = dataset.repos[0];
    const full = await call<{ full_name: string; security_and_analysis: unknown }>(demo, `/repos/${repo?.full_name}`);
    expect(full.body.full_name).toBe(repo?.full_name);
    expect(full.body.security_and_analysis).not.toBeNull();
    const limit = await call<{ resources: { core: { limit: number } }; rate: { remaining: number } }>(demo, '/rate_limit');
    expect(limit.body.resources.core.limit).toBe(5000);
    expect(limit.headers.get('x-ratelimit-remaining')).toBe(String(limit.body.rate.remaining));
  });
});

describe('rate limits, ETags and counting', () => {
  it('sends rate-limit headers, counts per token, and 403s when exhausted', async () => {
    const limited = await startDemoGitHub({ dataset, rateLimitPerToken: 3 });
    try {
      const first = await call(limited, '/orgs/acme-corp/secret-scanning/alerts');
      expect(first.headers.get('x-ratelimit-limit')).toBe('3');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
      expect(first.headers.get('x-ratelimit-used')).toBe('1');
      expect(first.headers.get('x-ratelimit-resource')).toBe('core');
      expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
      // A 304 does not consume a point.
      const etag = first.headers.get('etag') ?? '';
      const notModified = await call(limited, '/orgs/acme-corp/secret-scanning/alerts', { headers: { 'if-none-match': etag } });
      expect(notModified.status).toBe(304);
      expect(notModified.body).toBeUndefined();
      expect(notModified.headers.get('x-ratelimit-remaining')).toBe('2');
      await call(limited, '/user');
      await call(limited, '/user');
      const exhausted = await call<{ message: string }>(limited, '/user');
      expect(exhausted.status).toBe(403);
      expect(exhausted.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(exhausted.body.message).toMatch(/^API rate limit exceeded/);
      // Other tokens have their own budget; /rate_limit is free.
      expect((await call(limited, '/user', { token: DEMO_TOKENS.analyst })).status).toBe(200);
      expect((await call(limited, '/rate_limit')).status).toBe(200);
      limited.resetRateLimits();
      expect((await call(limited, '/user')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('sends weak ETags and cache-control; a changed resource gets a new ETag', async () => {
    const response = await call(demo, '/orgs/acme-corp/secret-scanning/pattern-configurations');
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect(response.headers.get('cache-control')).toBe('private, max-age=60, s-maxage=60');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await call(demo, '/orgs/acme-corp/secret-scanning/pattern-configurations', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await call(demo, '/orgs/acme-corp/secret-scanning/pattern-configurations', { headers: { 'if-none-match': 'W/"other"' } })).status).toBe(200);
  });

  it('serves a read after a write from the new state, never from an earlier serialized answer', async () => {
    const record = findAlert('initech', (candidate) => candidate.alert.state === 'open');
    const list = `/repos/${record.repository.full_name}/secret-scanning/alerts?state=open&per_page=100`;
    const before = await call<SecretScanningAlertWithMetadata[]>(demo, list);
    expect(before.body.map((alert) => alert.number)).toContain(record.alert.number);
    expect((await call(demo, list, { headers: { 'if-none-match': before.headers.get('etag') ?? '' } })).status).toBe(304);

    const patched = await call(demo, alertPath(record), { method: 'PATCH', body: { state: 'resolved', resolution: 'revoked' } });
    expect(patched.status).toBe(200);
    const after = await call<SecretScanningAlertWithMetadata[]>(demo, list, { headers: { 'if-none-match': before.headers.get('etag') ?? '' } });
    expect(after.status).toBe(200);
    expect(after.body.map((alert) => alert.number)).not.toContain(record.alert.number);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    // Same URL, another token: its own answer (the analyst may not read initech).
    expect((await call(demo, list, { token: DEMO_TOKENS.outsider })).status).toBe(404);
    await call(demo, alertPath(record), { method: 'PATCH', body: { state: 'open' } });
  });

  it('counts requests per route template and records them', async () => {
    demo.resetCounts();
    await call(demo, '/orgs/acme-corp/secret-scanning/alerts?state=open');
    await call(demo, '/orgs/globex/secret-scanning/alerts');
    await call(demo, '/user', { token: null });
    expect(demo.requestCount('GET /orgs/{org}/secret-scanning/alerts')).toBe(2);
    expect(demo.requestCount('GET /user')).toBe(1);
    expect(demo.requestCount()).toBe(3);
    expect(demo.requests[0]).toMatchObject({ method: 'GET', path: '/orgs/acme-corp/secret-scanning/alerts', query: { state: 'open' }, status: 200, hasAuthorization: true });
    expect(demo.requests[2]).toMatchObject({ status: 401, hasAuthorization: false });
    demo.resetCounts();
    expect(demo.requestCount()).toBe(0);
  });

  it('injects faults for N matching requests', async () => {
    demo.failNext('GET /orgs/globex/secret-scanning/alerts', 502, { count: 2 });
    expect((await call(demo, '/orgs/acme-corp/secret-scanning/alerts')).status).toBe(200);
    expect((await call(demo, '/orgs/globex/secret-scanning/alerts')).status).toBe(502);
    expect((await call(demo, '/orgs/globex/secret-scanning/alerts?page=2')).status).toBe(502);
    expect((await call(demo, '/orgs/globex/secret-scanning/alerts')).status).toBe(200);
    demo.failNext((target) => target.params.org === 'initech', 403, { retryAfter: 7 });
    const secondary = await call<{ message: string }>(demo, '/orgs/initech/secret-scanning/alerts');
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get('retry-after')).toBe('7');
    expect(secondary.body.message).toMatch(/secondary rate limit/);
    demo.failNext('GET /user', 500, { count: 5 });
    demo.clearFaults();
    expect((await call(demo, '/user')).status).toBe(200);
  });

  it('adds latency and serves requests concurrently', async () => {
    const LATENCY_MS = 300;
    const slow = await startDemoGitHub({ dataset, latencyMs: LATENCY_MS });
    try {
      // How many requests the demo had received when each answer came back.
      const receivedWhenAnswered: number[] = [];
      const answeredAt: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, () =>
          call(slow, '/user').then(() => {
            receivedWhenAnswered.push(slow.requestCount());
            answeredAt.push(Date.now());
          }),
        ),
      );
      // Concurrent: every request had arrived before the first answer left (one at a time, the
      // first answer would come back with one request received).
      expect(receivedWhenAnswered).toEqual(Array.from({ length: 8 }, () => 8));
      // Latency: no answer before LATENCY_MS after the first arrival (ms clocks: 1 ms of rounding).
      const firstArrival = Math.min(...slow.requests.map((r) => r.receivedAt));
      expect(Math.min(...answeredAt) - firstArrival).toBeGreaterThanOrEqual(LATENCY_MS - 1);
    } finally {
      await slow.close();
    }
  });
});

describe('PATCH alert', () => {
  it('resolves and reopens, recording who and when', async () => {
    const record = findAlert('acme-corp', (candidate) => candidate.alert.state === 'open');
    const resolved = await call<SecretScanningAlertWithMetadata>(demo, alertPath(record), {
      method: 'PATCH',
      body: { state: 'resolved', resolution: 'used_in_tests', resolution_comment: 'Fixture only.' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ state: 'resolved', resolution: 'used_in_tests', resolution_comment: 'Fixture only.', resolved_by: { login: 'octo-admin' } });
    expect(Date.parse(resolved.body.resolved_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(resolved.body.updated_at).toBe(resolved.body.resolved_at);
    const listed = await call<SecretScanningAlertWithMetadata>(demo, alertPath(record));
    expect(listed.body.state).toBe('resolved');
    expect(record.alert.state).toBe('open');
    const reopened = await call<SecretScanningAlertWithMetadata>(demo, alertPath(record), { method: 'PATCH', body: { state: 'open' } });
    expect(reopened.body).toMatchObject({ state: 'open', resolution: null, resolved_at: null, resolved_by: null, resolution_comment: null });
  });

  it('validates like GitHub: 422, 400, 403', async () => {
    const open = findAlert('acme-corp', (candidate) => candidate.alert.state === 'open');
    const resolved = findAlert('acme-corp', (candidate) => candidate.alert.resolution === 'false_positive');
    const patch = (record: DemoAlertRecord, body: unknown, token?: string) => call(demo, alertPath(record), { method: 'PATCH', body, ...(token ? { token } : {}) });
    expect((await patch(open, { state: 'resolved' })).status).toBe(422);
    expect((await patch(open, { state: 'resolved', resolution: 'pattern_edited' })).status).toBe(422);
    expect((await patch(open, { state: 'open', resolution: 'revoked' })).status).toBe(422);
    expect((await patch(open, { state: 'closed' })).status).toBe(422);
    expect((await patch(open, { resolution: 'revoked' })).status).toBe(422);
    expect((await patch(open, { assignee: 'no-such-user' })).status).toBe(422);
    expect((await patch(open, { state: 'open' })).status).toBe(400);
    expect((await patch(resolved, { state: 'resolved', resolution: 'false_positive' })).status).toBe(400);
    expect((await patch(open, '{not json')).status).toBe(400);
    expect((await patch(open, { state: 'resolved', resolution: 'revoked', resolution_comment: 42 })).status).toBe(400);
    expect((await patch(open, { state: 'resolved', resolution: 'revoked' }, DEMO_TOKENS.analyst)).status).toBe(403);
    expect((await call(demo, `${alertPath(open)}?x=1`, { method: 'PATCH', body: { state: 'resolved', resolution: 'revoked' }, token: DEMO_TOKENS.outsider })).status).toBe(403);
    const assigned = await patch(open, { assignee: 'alice-sec' });
    expect((assigned.body as SecretScanningAlertWithMetadata).assigned_to?.login).toBe('alice-sec');
    const unassigned = await patch(open, { assignee: null, validity: 'inactive' });
    expect(unassigned.body).toMatchObject({ assigned_to: null, validity: 'inactive' });
  });
});

describe('pattern configurations', () => {
  const path = '/orgs/globex/secret-scanning/pattern-configurations';

  it('applies settings with optimistic locking', async () => {
    const before = (await call<PatternConfiguration>(demo, path)).body;
    const custom = before.custom_pattern_overrides[0];
    if (custom === undefined) throw new Error('no custom pattern');
    const updated = await call<{ pattern_config_version: string }>(demo, path, {
      method: 'PATCH',
      body: {
        pattern_config_version: before.pattern_config_version,
        provider_pattern_settings: [{ token_type: 'STRIPE_API_KEY', push_protection_setting: 'disabled' }],
        custom_pattern_settings: [{ token_type: custom.token_type, custom_pattern_version: custom.custom_pattern_version, push_protection_setting: 'enabled' }],
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.pattern_config_version).not.toBe(before.pattern_config_version);
    const after = (await call<PatternConfiguration>(demo, path)).body;
    expect(after.pattern_config_version).toBe(updated.body.pattern_config_version);
    expect(after.provider_pattern_overrides.find((override) => override.token_type === 'STRIPE_API_KEY')?.setting).toBe('disabled');
    expect(after.custom_pattern_overrides[0]?.setting).toBe('enabled');
    // The stale version now conflicts; no version at all is applied unchecked.
    const stale = await call(demo, path, { method: 'PATCH', body: { pattern_config_version: before.pattern_config_version } });
    expect(stale.status).toBe(409);
    const unchecked = await call(demo, path, { method: 'PATCH', body: { provider_pattern_settings: [{ token_type: 'STRIPE_API_KEY', push_protection_setting: 'not-set' }] } });
    expect(unchecked.status).toBe(200);
  });

  it('rejects stale custom pattern versions, unknown token types and invalid settings', async () => {
    const config = (await call<PatternConfiguration>(demo, path)).body;
    const custom = config.custom_pattern_overrides[0];
    const patch = (body: unknown, token?: string) => call(demo, path, { method: 'PATCH', body, ...(token ? { token } : {}) });
    expect((await patch({ custom_pattern_settings: [{ token_type: custom?.token_type, custom_pattern_version: 'old', push_protection_setting: 'enabled' }] })).status).toBe(409);
    expect((await patch({ custom_pattern_settings: [{ token_type: custom?.token_type, push_protection_setting: 'not-set' }] })).status).toBe(422);
    expect((await patch({ provider_pattern_settings: [{ token_type: 'NOPE', push_protection_setting: 'enabled' }] })).status).toBe(422);
    expect((await patch({ provider_pattern_settings: [{ token_type: 'STRIPE_API_KEY', push_protection_setting: 'on' }] })).status).toBe(422);
    expect((await patch('nope')).status).toBe(400);
    expect((await call(demo, '/orgs/acme-corp/secret-scanning/pattern-configurations', { method: 'PATCH', body: {}, token: DEMO_TOKENS.analyst })).status).toBe(403);
    expect((await call<PatternConfiguration>(demo, path)).body.pattern_config_version).toBe(config.pattern_config_version);
  });
});
