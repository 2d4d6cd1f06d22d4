import { describe, expect, it } from 'vitest';
import { createDemoDataset, DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { LOCATION_TYPES } from '../../src/demo/github-types.ts';
import { call, collect, useDemoGitHub } from './http.ts';
import { OpenApiValidator } from './openapi-validator.ts';

const api = new OpenApiValidator();
const ghec = new OpenApiValidator('secret-scanning.ghec.openapi.json');
const ghes = new OpenApiValidator('secret-scanning.ghes.openapi.json');
const ORG_ALERTS = '/orgs/{org}/secret-scanning/alerts';
const REPO_ALERTS = '/repos/{owner}/{repo}/secret-scanning/alerts';
const ALERT = '/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}';
const LOCATIONS = '/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}/locations';
const PATTERNS = '/orgs/{org}/secret-scanning/pattern-configurations';
const CUSTOM = '/orgs/{org}/secret-scanning/custom-patterns';
const CUSTOM_ONE = '/orgs/{org}/secret-scanning/custom-patterns/{pattern_id}';
const SCAN_HISTORY = '/repos/{owner}/{repo}/secret-scanning/scan-history';
const BYPASS_ONE = '/repos/{owner}/{repo}/bypass-requests/secret-scanning/{bypass_request_number}';
const DISMISSAL_ONE = '/repos/{owner}/{repo}/dismissal-requests/secret-scanning/{alert_number}';
const ENTERPRISE_PATTERNS = '/enterprises/{enterprise}/secret-scanning/pattern-configurations';

const dataset = createDemoDataset();
const readableOrgs = dataset.orgs.filter((org) => org.readable && org.secretScanningEnabled).map((org) => org.login);
const allTypes = [...new Set(dataset.alerts.map((record) => record.alert.secret_type))].join(',');

const demo = useDemoGitHub({ dataset });

describe('responses match GitHub’s OpenAPI description', () => {
  it('org alert lists, with and without the secret, cover every alert of the readable orgs', async () => {
    let validated = 0;
    for (const org of readableOrgs) {
      for (const hide of ['false', 'true']) {
        const { items } = await collect<Record<string, unknown>>(demo, `/orgs/${org}/secret-scanning/alerts?per_page=100&secret_type=${allTypes}&hide_secret=${hide}`);
        expect(api.responseErrors(ORG_ALERTS, 'get', 200, items)).toBe('');
        for (const alert of items) expect('secret' in alert).toBe(hide === 'false');
        validated += items.length;
      }
    }
    const expected = dataset.alerts.filter((record) => readableOrgs.includes(record.org)).length;
    expect(validated).toBe(2 * expected);
    expect(expected).toBeGreaterThan(300);
  });

  it('repo alert lists', async () => {
    for (const repo of dataset.repos.filter((candidate) => readableOrgs.includes(candidate.owner.login))) {
      const response = await call(demo, `/repos/${repo.full_name}/secret-scanning/alerts?per_page=100&secret_type=${allTypes}`);
      expect(response.status).toBe(200);
      expect(api.responseErrors(REPO_ALERTS, 'get', 200, response.body)).toBe('');
    }
  });

  it('get alert, for every alert of two orgs', async () => {
    for (const record of dataset.alerts.filter((candidate) => ['acme-corp', 'initech'].includes(candidate.org))) {
      const response = await call(demo, `/repos/${record.repository.full_name}/secret-scanning/alerts/${record.alert.number}`);
      expect(api.responseErrors(ALERT, 'get', 200, response.body)).toBe('');
      expect(response.body).toEqual({ ...record.alert, metadata: record.metadata });
    }
  });

  it('locations of all 13 types', async () => {
    const seen = new Set<string>();
    for (const record of dataset.alerts.filter((candidate) => candidate.org === 'acme-corp').slice(0, 40)) {
      const { items } = await collect<{ type: string }>(demo, `/repos/${record.repository.full_name}/secret-scanning/alerts/${record.alert.number}/locations?per_page=100`);
      expect(api.responseErrors(LOCATIONS, 'get', 200, items)).toBe('');
      for (const location of items) seen.add(location.type);
    }
    expect([...seen].sort()).toEqual([...LOCATION_TYPES].sort());
  });

  it('update alert (resolve and reopen)', async () => {
    const record = dataset.alerts.find((candidate) => candidate.org === 'globex' && candidate.alert.state === 'open');
    if (record === undefined) throw new Error('no open globex alert');
    const path = `/repos/${record.repository.full_name}/secret-scanning/alerts/${record.alert.number}`;
    const resolved = await call(demo, path, { method: 'PATCH', body: { state: 'resolved', resolution: 'revoked', resolution_comment: 'Rotated.' } });
    expect(resolved.status).toBe(200);
    expect(api.responseErrors(ALERT, 'patch', 200, resolved.body)).toBe('');
    const reopened = await call(demo, path, { method: 'PATCH', body: { state: 'open' } });
    expect(api.responseErrors(ALERT, 'patch', 200, reopened.body)).toBe('');
  });

  it('update alert: assign and unassign, override and clear validity; 422 for an assignee without write access', async () => {
    const record = dataset.alerts.find((candidate) => candidate.org === 'acme-labs' && candidate.alert.state === 'open')!;
    const path = `/repos/${record.repository.full_name}/secret-scanning/alerts/${record.alert.number}`;
    for (const body of [{ assignee: 'alice-sec' }, { assignee: null }, { validity: 'inactive' }, { validity: null }]) {
      const updated = await call<Record<string, unknown>>(demo, path, { method: 'PATCH', body });
      expect(updated.status).toBe(200);
      expect(api.responseErrors(ALERT, 'patch', 200, updated.body)).toBe('');
    }
    expect((await call<{ validity: string }>(demo, path)).body.validity).toBe(record.alert.validity);
    const refused = await call(demo, path, { method: 'PATCH', body: { assignee: 'otto-outsider' } });
    expect(refused.status).toBe(422);
    expect(api.schemaErrors('validation-error', refused.body)).toBe('');
  });

  it('alert lists filtered by assignee, provider, excluded provider or type, and bypass', async () => {
    const queries = ['assignee=*', 'assignee=none', 'providers=aws,github', 'exclude_providers=slack', 'exclude_secret_types=password', 'is_bypassed=true'];
    for (const query of queries) {
      const { items } = await collect<Record<string, unknown>>(demo, `/orgs/globex/secret-scanning/alerts?per_page=100&${query}`);
      expect(items.length, query).toBeGreaterThan(0);
      expect(api.responseErrors(ORG_ALERTS, 'get', 200, items)).toBe('');
    }
  });

  it('pattern configurations GET and PATCH', async () => {
    for (const org of readableOrgs) {
      const response = await call<{ pattern_config_version: string }>(demo, `/orgs/${org}/secret-scanning/pattern-configurations`);
      expect(api.responseErrors(PATTERNS, 'get', 200, response.body)).toBe('');
      const updated = await call(demo, `/orgs/${org}/secret-scanning/pattern-configurations`, {
        method: 'PATCH',
        body: { pattern_config_version: response.body.pattern_config_version, provider_pattern_settings: [{ token_type: 'AWS_ACCESS_KEY_ID', push_protection_setting: 'enabled' }] },
      });
      expect(updated.status).toBe(200);
      expect(api.responseErrors(PATTERNS, 'patch', 200, updated.body)).toBe('');
    }
  });

  it('error bodies', async () => {
    const notFound = await call(demo, '/orgs/no-such-org/secret-scanning/alerts');
    expect(notFound.status).toBe(404);
    expect(api.responseErrors(ORG_ALERTS, 'get', 404, notFound.body)).toBe('');
    const forbidden = await call(demo, '/orgs/hooli/secret-scanning/pattern-configurations');
    expect(forbidden.status).toBe(403);
    expect(api.responseErrors(PATTERNS, 'get', 403, forbidden.body)).toBe('');
    const unauthorized = await call(demo, '/orgs/acme-corp/secret-scanning/alerts', { token: null });
    expect(api.schemaErrors('basic-error', unauthorized.body)).toBe('');
    const invalid = await call(demo, '/orgs/acme-corp/secret-scanning/alerts?state=foo');
    expect(invalid.status).toBe(422);
    expect(api.schemaErrors('validation-error', invalid.body)).toBe('');
    const conflict = await call(demo, '/orgs/acme-corp/secret-scanning/pattern-configurations', { method: 'PATCH', body: { pattern_config_version: 'stale' } });
    expect(conflict.status).toBe(409);
    expect(api.responseErrors(PATTERNS, 'patch', 409, conflict.body)).toBe('');
    const unprocessable = await call(demo, '/orgs/acme-corp/secret-scanning/pattern-configurations', {
      method: 'PATCH',
      body: { provider_pattern_settings: [{ token_type: 'NOPE', push_protection_setting: 'enabled' }] },
    });
    expect(unprocessable.status).toBe(422);
    expect(api.responseErrors(PATTERNS, 'patch', 422, unprocessable.body)).toBe('');
    demo.failNext('GET /orgs/{org}/secret-scanning/alerts', 503);
    const unavailable = await call(demo, '/orgs/acme-corp/secret-scanning/alerts');
    expect(unavailable.status).toBe(503);
    expect(api.responseErrors(ORG_ALERTS, 'get', 503, unavailable.body)).toBe('');
  });

  it('user, organization and repository', async () => {
    const user = await call(demo, '/user');
    expect(api.schemaErrors('simple-user', user.body)).toBe('');
    const repo = dataset.repos[0];
    if (repo === undefined) throw new Error('no repos');
    const repository = await call(demo, `/repos/${repo.full_name}`);
    expect(api.schemaErrors('simple-repository', repository.body)).toBe('');
    const org = await call<Record<string, unknown>>(demo, '/orgs/acme-corp');
    expect(org.body).toMatchObject({ login: 'acme-corp', type: 'Organization', id: dataset.orgs[0]?.id });
  });

  it('enterprise alert list (GHEC description)', async () => {
    const { items } = await collect(demo, `/enterprises/${dataset.enterprise.slug}/secret-scanning/alerts?per_page=100`);
    expect(items.length).toBeGreaterThan(300);
    expect(ghec.responseErrors('/enterprises/{enterprise}/secret-scanning/alerts', 'get', 200, items)).toBe('');
  });

  it('the analyst token gets 403 bodies for other orgs', async () => {
    const response = await call(demo, '/orgs/globex/secret-scanning/alerts', { token: DEMO_TOKENS.analyst });
    expect(response.status).toBe(403);
    expect(api.schemaErrors('basic-error', response.body)).toBe('');
  });

  it('enterprise pattern configuration GET and PATCH (GHEC and GHES 3.19 descriptions)', async () => {
    const path = `/enterprises/${dataset.enterprise.slug}/secret-scanning/pattern-configurations`;
    const response = await call<{ pattern_config_version: string }>(demo, path);
    for (const description of [ghec, ghes]) expect(description.responseErrors(ENTERPRISE_PATTERNS, 'get', 200, response.body)).toBe('');
    const body = { pattern_config_version: response.body.pattern_config_version, provider_pattern_settings: [{ token_type: 'AWS_ACCESS_KEY_ID', push_protection_setting: 'enabled' }] };
    const updated = await call(demo, path, { method: 'PATCH', body });
    expect(updated.status).toBe(200);
    for (const description of [ghec, ghes]) expect(description.responseErrors(ENTERPRISE_PATTERNS, 'patch', 200, updated.body)).toBe('');
    const conflict = await call(demo, path, { method: 'PATCH', body });
    expect(conflict.status).toBe(409);
    expect(ghec.responseErrors(ENTERPRISE_PATTERNS, 'patch', 409, conflict.body)).toBe('');
    const readOnly = await call(demo, path, { method: 'PATCH', body: {}, token: DEMO_TOKENS.analyst });
    expect(readOnly.status).toBe(403);
    expect(ghec.responseErrors(ENTERPRISE_PATTERNS, 'patch', 403, readOnly.body)).toBe('');
    const outsider = await call(demo, path, { token: DEMO_TOKENS.outsider });
    expect(outsider.status).toBe(404);
    expect(ghec.responseErrors(ENTERPRISE_PATTERNS, 'get', 404, outsider.body)).toBe('');
  });

  it('custom pattern lists of orgs, repositories and the enterprise, paged by number and by cursor', async () => {
    const scopes = [
      ['/orgs/{org}/secret-scanning/custom-patterns', '/orgs/acme-corp/secret-scanning/custom-patterns'],
      ['/repos/{owner}/{repo}/secret-scanning/custom-patterns', '/repos/acme-corp/payments-api/secret-scanning/custom-patterns'],
      ['/enterprises/{enterprise}/secret-scanning/custom-patterns', `/enterprises/${dataset.enterprise.slug}/secret-scanning/custom-patterns`],
    ] as const;
    for (const [template, path] of scopes) {
      const response = await call(demo, `${path}?sort=name&direction=asc`);
      expect(response.status).toBe(200);
      expect(ghec.responseErrors(template, 'get', 200, response.body)).toBe('');
      if (!template.startsWith('/enterprises')) expect(api.responseErrors(template, 'get', 200, response.body)).toBe('');
    }
    const all = (await call<{ id: number }[]>(demo, '/orgs/acme-corp/secret-scanning/custom-patterns')).body;
    const byPage = await collect<{ id: number }>(demo, '/orgs/acme-corp/secret-scanning/custom-patterns?per_page=1');
    const byCursor = await collect<{ id: number }>(demo, '/orgs/acme-corp/secret-scanning/custom-patterns?per_page=1&after=');
    expect(byPage.items.map((p) => p.id)).toEqual(all.map((p) => p.id));
    expect(byCursor.items.map((p) => p.id)).toEqual(all.map((p) => p.id));
    expect(byPage.requests).toBe(all.length);
    const invalid = await call(demo, '/orgs/acme-corp/secret-scanning/custom-patterns?state=draft');
    expect(invalid.status).toBe(422);
    expect(api.schemaErrors('validation-error', invalid.body)).toBe('');
  });

  it('custom pattern bulk create (201, 422 per index), update (200, 412, 422) and bulk delete (204, 412, 404)', async () => {
    const path = '/orgs/initech/secret-scanning/custom-patterns';
    const rejected = await call(demo, path, { method: 'POST', body: { patterns: [{ name: 'Ok', pattern: 'ok_[0-9]{8}' }, { name: 'Bad', pattern: '(', end_delimiter: '[' }] } });
    expect(rejected.status).toBe(422);
    expect(api.responseErrors(CUSTOM, 'post', 422, rejected.body)).toBe('');
    expect(Object.keys((rejected.body as { validation_errors: object }).validation_errors)).toEqual(['1']);
    const created = await call<{ created_patterns: { id: number; custom_pattern_version: string }[] }>(demo, path, { method: 'POST', body: { patterns: [{ name: 'Contract Token', pattern: 'ct_[0-9]{8}', must_match: ['[1-9]'] }] } });
    expect(created.status).toBe(201);
    expect(api.responseErrors(CUSTOM, 'post', 201, created.body)).toBe('');
    const [pattern] = created.body.created_patterns;
    const one = `${path}/${pattern!.id}`;
    const stale = await call(demo, one, { method: 'PATCH', body: { custom_pattern_version: 'stale', pattern: 'ct_[0-9]{9}' } });
    expect(stale.status).toBe(412);
    expect(api.responseErrors(CUSTOM_ONE, 'patch', 412, stale.body)).toBe('');
    const invalid = await call(demo, one, { method: 'PATCH', body: { custom_pattern_version: pattern!.custom_pattern_version, pattern: '(' } });
    expect(invalid.status).toBe(422);
    expect(api.responseErrors(CUSTOM_ONE, 'patch', 422, invalid.body)).toBe('');
    const updated = await call<{ custom_pattern_version: string }>(demo, one, { method: 'PATCH', body: { custom_pattern_version: pattern!.custom_pattern_version, pattern: 'ct_[0-9]{9}' } });
    expect(updated.status).toBe(200);
    expect(api.responseErrors(CUSTOM_ONE, 'patch', 200, updated.body)).toBe('');
    const staleDelete = await call(demo, path, { method: 'DELETE', body: { patterns: [{ pattern_id: pattern!.id, custom_pattern_version: pattern!.custom_pattern_version }] } });
    expect(staleDelete.status).toBe(412);
    expect(api.responseErrors(CUSTOM, 'delete', 412, staleDelete.body)).toBe('');
    const deleted = await call(demo, path, { method: 'DELETE', body: { patterns: [{ pattern_id: pattern!.id, custom_pattern_version: updated.body.custom_pattern_version }], post_delete_action: 'resolve_alerts' } });
    expect(deleted.status).toBe(204);
    const gone = await call(demo, path, { method: 'DELETE', body: { patterns: [{ pattern_id: pattern!.id }] } });
    expect(gone.status).toBe(404);
    expect(api.responseErrors(CUSTOM, 'delete', 404, gone.body)).toBe('');
  });

  it('scan history of every readable repository, and 404 where secret scanning is off', async () => {
    for (const repo of dataset.repos.filter((candidate) => readableOrgs.includes(candidate.owner.login))) {
      const response = await call(demo, `/repos/${repo.full_name}/secret-scanning/scan-history`);
      expect(response.status).toBe(200);
      for (const description of [api, ghec]) expect(description.responseErrors(SCAN_HISTORY, 'get', 200, response.body)).toBe('');
    }
    const disabled = await call(demo, '/repos/umbrella/payments-api/secret-scanning/scan-history');
    expect(disabled.status).toBe(404);
  });

  it('organization repository lists, paged (no minimal-repository schema in the subsets: checked as simple-repository)', async () => {
    const { items, requests } = await collect<Record<string, unknown>>(demo, '/orgs/acme-corp/repos?per_page=5&sort=full_name');
    expect(items.map((repo) => repo.full_name)).toEqual(dataset.repos.filter((repo) => repo.owner.login === 'acme-corp').map((repo) => repo.full_name).sort());
    expect(requests).toBeGreaterThan(1);
    for (const repo of items) expect(api.schemaErrors('simple-repository', repo)).toBe('');
  });

  it('bypass and dismissal request lists, one request, reviews and a dismissed response (GHEC and GHES 3.19)', async () => {
    const lists = [
      ['/orgs/{org}/bypass-requests/secret-scanning', '/orgs/globex/bypass-requests/secret-scanning?time_period=month'],
      ['/repos/{owner}/{repo}/bypass-requests/secret-scanning', '/repos/globex/payments-api/bypass-requests/secret-scanning?time_period=month'],
      ['/orgs/{org}/dismissal-requests/secret-scanning', '/orgs/globex/dismissal-requests/secret-scanning?time_period=month'],
      ['/repos/{owner}/{repo}/dismissal-requests/secret-scanning', '/repos/globex/payments-api/dismissal-requests/secret-scanning?time_period=month'],
    ] as const;
    for (const [template, path] of lists) {
      const response = await call<unknown[]>(demo, path);
      expect(response.body.length).toBeGreaterThan(0);
      for (const description of [ghec, ghes]) expect(description.responseErrors(template, 'get', 200, response.body)).toBe('');
    }
    const pending = dataset.bypassRequests.find((r) => r.organization.name === 'globex' && r.status === 'pending')!;
    const one = `/repos/${pending.repository.full_name}/bypass-requests/secret-scanning/${pending.number}`;
    expect(ghec.responseErrors(BYPASS_ONE, 'get', 200, (await call(demo, one)).body)).toBe('');
    const reviewed = await call<{ bypass_review_id: number }>(demo, one, { method: 'PATCH', body: { status: 'approve', message: 'Test key.' } });
    expect(ghes.responseErrors(BYPASS_ONE, 'patch', 200, reviewed.body)).toBe('');
    const again = await call(demo, one, { method: 'PATCH', body: { status: 'reject', message: 'Too late.' } });
    expect(again.status).toBe(422);
    expect(ghec.responseErrors(BYPASS_ONE, 'patch', 422, again.body)).toBe('');
    const dismissed = await call(demo, `/repos/${pending.repository.full_name}/bypass-responses/secret-scanning/${reviewed.body.bypass_review_id}`, { method: 'DELETE' });
    expect(dismissed.status).toBe(204);
    const dismissal = dataset.dismissalRequests.find((r) => r.organization.name === 'globex' && r.status === 'pending')!;
    const path = `/repos/${dismissal.repository.full_name}/dismissal-requests/secret-scanning/${dismissal.resource_identifier}`;
    expect(ghes.responseErrors(DISMISSAL_ONE, 'get', 200, (await call(demo, path)).body)).toBe('');
    const denied = await call(demo, path, { method: 'PATCH', body: { status: 'deny', message: 'Not revoked yet.' } });
    expect(ghec.responseErrors(DISMISSAL_ONE, 'patch', 200, denied.body)).toBe('');
    const wrongVerb = await call(demo, path, { method: 'PATCH', body: { status: 'reject', message: 'x' } });
    expect(wrongVerb.status).toBe(422);
    const badPeriod = await call(demo, '/orgs/globex/dismissal-requests/secret-scanning?time_period=year');
    expect(badPeriod.status).toBe(422);
    const forbidden = await call(demo, '/orgs/globex/bypass-requests/secret-scanning', { token: DEMO_TOKENS.analyst });
    expect(forbidden.status).toBe(403);
  });
});
