import { describe, expect, it } from 'vitest';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import type { DemoFlavor } from '../../src/demo/flavor.ts';
import { call, collect, useDemoGitHub } from './http.ts';
import { OpenApiValidator } from './openapi-validator.ts';

const api = new OpenApiValidator();
const ghes = new OpenApiValidator('secret-scanning.ghes.openapi.json');
const ORG_ALERTS = '/orgs/{org}/secret-scanning/alerts';
const REPO_ALERTS = '/repos/{owner}/{repo}/secret-scanning/alerts';
const ALERT = '/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}';
const SCAN_HISTORY = '/repos/{owner}/{repo}/secret-scanning/scan-history';

const dataset = createDemoDataset();
const allTypes = [...new Set(dataset.alerts.map((record) => record.alert.secret_type))].join(',');
const acme = dataset.alerts.filter((record) => record.org === 'acme-corp');
const openAcme = acme.find((record) => record.alert.state === 'open')!;
const openPath = `/repos/${openAcme.repository.full_name}/secret-scanning/alerts/${openAcme.alert.number}`;
const assigned = acme.find((record) => record.alert.assigned_to !== null)!;

/** Every flavor names its release on every answer (success, 401, 404) and answers GET / without a credential. */
function namesItsRelease(demo: { url: string }, version: string | null) {
  return async () => {
    const answers = await Promise.all([
      call(demo.url, '/', { token: null }),
      call(demo.url, '/user'),
      call(demo.url, '/user', { token: null }),
      call(demo.url, '/orgs/no-such-org/secret-scanning/alerts'),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 401, 404]);
    for (const answer of answers) expect(answer.headers.get('x-github-enterprise-version')).toBe(version);
  };
}

function useFlavor(flavor: DemoFlavor) {
  return useDemoGitHub({ dataset, flavor });
}

describe('the GHES 3.19 flavor matches the GHES 3.19 description', () => {
  const demo = useFlavor('ghes-3.19');

  it('names its release on every answer', namesItsRelease(demo, '3.19.0'));

  it('serves alerts without the fields GHES lacks, and has no custom-pattern endpoints', async () => {
    const { items } = await collect<Record<string, unknown>>(demo, `/orgs/acme-corp/secret-scanning/alerts?per_page=100&secret_type=${allTypes}`);
    expect(ghes.responseErrors(ORG_ALERTS, 'get', 200, items)).toBe('');
    for (const alert of items) for (const field of ['provider', 'provider_slug', 'publicly_leaked', 'closure_request_comment']) expect(field in alert).toBe(false);
    expect(items.some((alert) => alert.assigned_to !== null && 'first_location_detected' in alert)).toBe(true);
    const alert = await call<Record<string, unknown>>(demo, openPath);
    expect(ghes.responseErrors(ALERT, 'get', 200, alert.body)).toBe('');
    expect('metadata' in alert.body).toBe(false);
    const history = await call<Record<string, unknown>>(demo, '/repos/acme-corp/payments-api/secret-scanning/scan-history');
    expect(ghes.responseErrors(SCAN_HISTORY, 'get', 200, history.body)).toBe('');
    expect('generic_secrets_backfill_scans' in history.body).toBe(false);
    const missing = await call(demo, '/orgs/acme-corp/secret-scanning/custom-patterns');
    expect(missing.status).toBe(404);
    expect(ghes.schemaErrors('basic-error', missing.body)).toBe('');
  });

  it('ignores the assignee and provider filters it does not know, and refuses to assign or override validity', async () => {
    const everything = await call<unknown[]>(demo, '/orgs/acme-corp/secret-scanning/alerts?per_page=100');
    const filtered = await call<unknown[]>(demo, '/orgs/acme-corp/secret-scanning/alerts?per_page=100&assignee=none&providers=github&is_bypassed=true');
    expect(filtered.body).toEqual(everything.body);
    for (const body of [{ assignee: 'alice-sec' }, { validity: 'inactive' }]) {
      const refused = await call(demo, openPath, { method: 'PATCH', body });
      expect(refused.status).toBe(422);
      expect(ghes.schemaErrors('validation-error', refused.body)).toBe('');
    }
  });
});

describe('the GHES 3.20 flavor: 3.19 with assignees', () => {
  const demo = useFlavor('ghes-3.20');

  it('names its release on every answer', namesItsRelease(demo, '3.20.0'));

  it('filters by assignee and assigns, but cannot override validity', async () => {
    const login = assigned.alert.assigned_to!.login;
    const { items } = await collect<{ assigned_to: { login: string } | null }>(demo, `/orgs/acme-corp/secret-scanning/alerts?per_page=100&assignee=${login}`);
    expect(ghes.responseErrors(ORG_ALERTS, 'get', 200, items)).toBe('');
    expect(items.length).toBeGreaterThan(0);
    for (const alert of items) expect(alert.assigned_to?.login).toBe(login);
    const assignedNow = await call<{ assigned_to: { login: string } | null }>(demo, openPath, { method: 'PATCH', body: { assignee: 'carol-ops' } });
    expect(assignedNow.status).toBe(200);
    expect(api.responseErrors(ALERT, 'patch', 200, assignedNow.body)).toBe('');
    expect(assignedNow.body.assigned_to?.login).toBe('carol-ops');
    expect((await call(demo, openPath, { method: 'PATCH', body: { assignee: null } })).status).toBe(200);
    expect((await call(demo, openPath, { method: 'PATCH', body: { validity: 'active' } })).status).toBe(422);
  });
});

describe('the GHES 3.17 flavor matches the GHES description less what 3.17 lacks', () => {
  const demo = useFlavor('ghes-3.17');

  it('names its release on every answer', namesItsRelease(demo, '3.17.0'));

  it('sends the secret whatever hide_secret says, no assignee or first location, no pattern configurations or dismissal requests', async () => {
    const { items } = await collect<Record<string, unknown>>(demo, `/orgs/acme-corp/secret-scanning/alerts?per_page=100&hide_secret=true&secret_type=${allTypes}`);
    expect(ghes.responseErrors(ORG_ALERTS, 'get', 200, items)).toBe('');
    expect(items).toHaveLength(acme.length);
    for (const alert of items) {
      expect(typeof alert.secret).toBe('string');
      for (const field of ['assigned_to', 'first_location_detected', 'has_more_locations']) expect(field in alert).toBe(false);
    }
    for (const path of ['/orgs/acme-corp/secret-scanning/pattern-configurations', '/orgs/globex/dismissal-requests/secret-scanning']) {
      const missing = await call(demo, path);
      expect(missing.status).toBe(404);
      expect(ghes.schemaErrors('basic-error', missing.body)).toBe('');
    }
  });
});

describe('the GHES 3.1 flavor lists alerts per repository only', () => {
  const demo = useFlavor('ghes-3.1');

  it('names its release on every answer', namesItsRelease(demo, '3.1.0'));

  it('has no organization or enterprise alert list; repository lists embed no repository and carry the secret', async () => {
    for (const path of ['/orgs/acme-corp/secret-scanning/alerts', `/enterprises/${dataset.enterprise.slug}/secret-scanning/alerts`]) {
      const missing = await call(demo, path);
      expect(missing.status).toBe(404);
      expect(ghes.schemaErrors('basic-error', missing.body)).toBe('');
    }
    const repo = openAcme.repository.full_name;
    const listed = await call<Record<string, unknown>[]>(demo, `/repos/${repo}/secret-scanning/alerts?per_page=100&hide_secret=true&secret_type=${allTypes}`);
    expect(ghes.responseErrors(REPO_ALERTS, 'get', 200, listed.body)).toBe('');
    expect(listed.body).toHaveLength(acme.filter((record) => record.repository.full_name === repo).length);
    for (const alert of listed.body) {
      expect('repository' in alert).toBe(false);
      expect(typeof alert.secret).toBe('string');
    }
    const disabled = await call(demo, '/repos/umbrella/payments-api/secret-scanning/alerts');
    expect(disabled.status).toBe(404);
  });
});

describe('api.github.com sends no release header', () => {
  const demo = useFlavor('dotcom');

  it('on any answer', namesItsRelease(demo, null));
});
