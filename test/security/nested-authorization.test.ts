import { beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../src/domain/policy.ts';
import { guardGitHubAccess } from '../../src/domain/guarded-github.ts';
import { RequestBudget } from '../../src/domain/request-budget.ts';
import { GitHubClients } from '../../src/github/access.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { apiKeysFile, bearer } from '../support/api-keys.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const KEYS = {
  acme: { key: 'key-acme-only-4d2f9a', orgs: ['acme-corp'], permissions: ['read', 'secrets'] as const },
  all: { key: 'key-every-org-81c3e0', orgs: ['*'], permissions: ['read', 'secrets', 'write'] as const },
};

/** The attack of issue 11: a repository of acme-corp moved to globex, read through its old name. */
const THROUGH_OLD_NAME = `{
  organization(login: "acme-corp") {
    repository(name: "docs") {
      nameWithOwner
      secretScanningAlerts(first: 5) { nodes { number secret organization { login secretScanningAlerts { totalCount } } } }
      owner { login secretScanningPatternConfiguration { version } }
    }
  }
}`;

describe('a repository renamed or transferred to another organization (GitHub answers 301)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: apiKeysFile({ acme: { ...KEYS.acme, permissions: [...KEYS.acme.permissions] }, all: { ...KEYS.all, permissions: [...KEYS.all.permissions] } }) },
    });
    h.demo.moveRepository('acme-corp/docs', 'globex/docs-archive');
    return () => h.close();
  });

  it('is refused to a key limited to the old organization, and nothing of the new one is read', async () => {
    h.demo.resetCounts();
    const result = await h.query(THROUGH_OLD_NAME, {}, bearer(KEYS.acme.key));
    expect(result.data).toEqual({ organization: { repository: null } });
    expect(result.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['FORBIDDEN', ['organization', 'repository']]]);
    expect(JSON.stringify(result)).not.toContain('docs-archive');
    // GitHub was asked for the old name and redirected; only the repository's own record was read
    // at its new place (to learn its owner), nothing else under globex.
    expect(h.demo.requests.map((r) => [r.route, r.status])).toEqual([
      ['GET /orgs/{org}', 200],
      ['GET /repos/{owner}/{repo}', 301],
      ['GET /repos/{owner}/{repo}', 200],
    ]);
    expect(h.demo.requests[2]!.path).toMatch(/^\/repositories\/\d+$/);
  });

  it('is followed for a key that may read the new owner: the repository is served under its new name and owner', async () => {
    const result = await h.query(THROUGH_OLD_NAME, {}, bearer(KEYS.all.key));
    expect(result.errors).toBeUndefined();
    const repository = result.data!.organization.repository;
    expect(repository.nameWithOwner).toBe('globex/docs-archive');
    expect(repository.owner.login).toBe('globex');
    const expected = h.demo.dataset.alerts.filter((record) => record.repository.full_name === 'acme-corp/docs').length;
    expect(repository.secretScanningAlerts.nodes.length).toBe(Math.min(5, expected));
    expect(repository.secretScanningAlerts.nodes.every((node: any) => node.organization.login === 'globex')).toBe(true);
  });

  it('answers an alert id under the old name as gone (null), never with the other organization’s alert', async () => {
    const id = Buffer.from('v1:SecretScanningAlert:acme-corp/docs#1').toString('base64url');
    for (const key of [KEYS.acme.key, KEYS.all.key]) {
      h.demo.resetCounts();
      const result = await h.query(`{ node(id: "${id}") { ... on SecretScanningAlert { number secret } } }`, {}, bearer(key));
      expect(result).toMatchObject({ data: { node: null } });
      expect(result.errors).toBeUndefined();
      // The redirect to the alert's new place was not followed.
      expect(h.demo.requests.map((r) => [r.path, r.status])).toEqual([['/repos/acme-corp/docs/secret-scanning/alerts/1', 301]]);
    }
  });

  it('says a moved repository moved when an alert under its old name is changed', async () => {
    const id = Buffer.from('v1:SecretScanningAlert:acme-corp/docs#1').toString('base64url');
    const result = await h.query(
      `mutation { updateSecretScanningAlert(input: { alertId: "${id}", state: RESOLVED, resolution: REVOKED }) { __typename ... on Error { code message } } }`,
      {},
      bearer(KEYS.all.key),
    );
    expect(result.data).toMatchObject({ updateSecretScanningAlert: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
    expect(result.data!.updateSecretScanningAlert.message).toMatch(/has moved \(renamed or transferred\)/);
    expect(h.demo.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });
});

describe('the guarded GitHub access: one policy for every call', () => {
  it('refuses a call addressing another organization than the caller may read, whoever made it, before it reaches GitHub', async () => {
    let calls = 0;
    const clients = new GitHubClients({
      apiUrl: 'http://github.invalid',
      cache: new ResponseCache({ maxSizeBytes: 1024 * 1024, ttlMs: 1000 }),
      concurrency: 2,
      timeoutMs: 1000,
      writeIntervalMs: 0,
      fetch: async () => {
        calls += 1;
        return new Response('[]', { headers: { 'content-type': 'application/json' } });
      },
    });
    const caller = { name: 'key:acme', canSeeSecrets: false, canWrite: true, canReadRateLimit: false, orgAllowlist: new Set(['acme-corp']) };
    const budget = new RequestBudget({ maxOrgs: 10, maxUpstreamCalls: 10 });
    const github = guardGitHubAccess(clients.tokenAccess(DEMO_TOKENS.admin), {
      policy: new AccessPolicy(caller, budget),
      budget,
      signal: new AbortController().signal,
      writeTurn: async () => () => undefined,
    });
    // The client is chosen for acme-corp, but the call addresses globex: the call decides.
    const client = await github.clientFor('acme-corp');
    await expect(client.request('GET /orgs/{org}/secret-scanning/alerts', { org: 'globex' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(client.request('GET /repos/{owner}/{repo}', { owner: 'globex', repo: 'docs' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(client.request('GET /enterprises/{enterprise}/secret-scanning/alerts', { enterprise: 'acme' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(client.request('GET /rate_limit')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(client.request('GET /search/code', { q: 'x' })).rejects.toThrow(/cannot attribute/);
    expect(() => client.paginate).toThrow(/bypasses/);
    expect(calls).toBe(0);
    await client.request('GET /orgs/{org}/secret-scanning/alerts', { org: 'ACME-corp' });
    expect(calls).toBe(1);
  });
});
