import { beforeEach, describe, expect, it } from 'vitest';
import type { DemoDataset } from '../../src/demo/dataset.ts';
import { apiKeysEnv, asKey, KEYS } from '../support/api-keys.ts';
import { useSharedHarness, type Harness } from '../support/harness.ts';

const SCAN_HISTORY = 'GET /repos/{owner}/{repo}/secret-scanning/scan-history';
const ORG_REPOS = 'GET /orgs/{org}/repos';
const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];

const HISTORY = `query($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    secretScanningScanHistory {
      hasCompletedBackfill lastBackfillCompletedAt lastScannedAt
      incrementalScans { type status startedAt completedAt }
      backfillScans { type status completedAt }
      patternUpdateScans { status }
      customPatternBackfillScans { type status patternName patternScope }
      genericSecretsBackfillScans { status }
    }
  }
}`;

const COVERAGE = `query($orgs: [String!], $filter: SecretScanningCoverageFilter, $max: Int) {
  secretScanningCoverage(orgs: $orgs, filter: $filter, maxRepositoriesPerOrganization: $max) {
    repositories { repository { nameWithOwner } hasCompletedBackfill latestBackfillStatus lastBackfillCompletedAt lastScannedAt }
    organizations { organization { login } repositoryCount neverCompletedBackfillCount truncated }
    failures { login code message }
    repositoryFailures { nameWithOwner code message }
  }
}`;

/** Readable repositories that never completed a backfill, from the dataset itself. */
function neverBackfilled(dataset: DemoDataset, orgs: readonly string[]): string[] {
  return dataset.repos
    .filter((repo) => orgs.includes(repo.owner.login))
    .filter((repo) => !(dataset.scanHistories[repo.full_name]?.backfill_scans ?? []).some((scan) => scan.status === 'completed'))
    .map((repo) => repo.full_name)
    .sort();
}

describe('scan history and coverage over HTTP', () => {
  let h: Harness;
  // Every read asks GitHub (a 304 at most), so request counts and injected faults do not depend on test order.
  const harness = useSharedHarness({ env: { ...apiKeysEnv(Object.values(KEYS)), GATEWAY_CACHE_TTL_SECONDS: '0' } });
  beforeEach(() => {
    h = harness();
  });
  const admin = asKey(KEYS.admin);

  it("reads a repository's scan history with every kind of scan", async () => {
    const history = h.demo.dataset.scanHistories['globex/payments-api']!;
    const result = await h.query(HISTORY, { owner: 'globex', name: 'payments-api' }, admin);
    expect(result.errors).toBeUndefined();
    const read = result.data!.repository.secretScanningScanHistory;
    expect(read.hasCompletedBackfill).toBe(true);
    expect(read.backfillScans).toEqual(history.backfill_scans.map(({ type, status, completed_at }) => ({ type, status, completedAt: completed_at })));
    expect(read.incrementalScans[0]).toMatchObject({ status: 'completed', startedAt: history.incremental_scans[0]!.started_at });
    expect(read.customPatternBackfillScans.map((scan: { patternScope: string }) => scan.patternScope)).toEqual(['repository', 'organization', 'organization', 'enterprise', 'enterprise']);
    expect(read.genericSecretsBackfillScans).toHaveLength(1);
    const disabled = await h.query(HISTORY, { owner: 'umbrella', name: 'payments-api' }, admin);
    expect(disabled.data!.repository.secretScanningScanHistory).toBeNull();
  });

  it('finds every repository that never completed a backfill, across the default orgs, with org and repo failures kept apart', async () => {
    const result = await h.query(COVERAGE, { filter: { neverCompletedBackfill: true } }, admin);
    expect(result.errors).toBeUndefined();
    const coverage = result.data!.secretScanningCoverage;
    const names = coverage.repositories.map((entry: { repository: { nameWithOwner: string } }) => entry.repository.nameWithOwner);
    expect([...names].sort()).toEqual(neverBackfilled(h.demo.dataset, READABLE));
    expect(coverage.repositories.every((entry: { hasCompletedBackfill: boolean }) => !entry.hasCompletedBackfill)).toBe(true);
    expect(new Set(coverage.repositories.map((entry: { latestBackfillStatus: string | null }) => entry.latestBackfillStatus))).toEqual(new Set(['running', 'failed', null]));
    expect(coverage.failures.map((f: { login: string; code: string }) => [f.login, f.code])).toEqual([
      ['umbrella', 'NOT_FOUND'],
      ['hooli', 'FORBIDDEN'],
    ]);
    expect(coverage.repositoryFailures).toEqual([]);
    const acme = coverage.organizations.find((o: { organization: { login: string } }) => o.organization.login === 'acme-corp');
    const acmeRepos = h.demo.dataset.repos.filter((repo) => repo.owner.login === 'acme-corp').length;
    expect(acme).toEqual({ organization: { login: 'acme-corp' }, repositoryCount: acmeRepos, neverCompletedBackfillCount: neverBackfilled(h.demo.dataset, ['acme-corp']).length, truncated: false });
    const readableRepos = h.demo.dataset.repos.filter((repo) => [...READABLE, 'umbrella', 'hooli'].includes(repo.owner.login)).length;
    expect(h.demo.requestCount(SCAN_HISTORY)).toBe(readableRepos);
  });

  it('keeps one failing repository and one failing organization out of an answer that still holds the others', async () => {
    const failingRepo = 'globex/web-frontend';
    h.demo.failNext(`GET /repos/${failingRepo}/secret-scanning/scan-history`, 502, { count: 10 });
    h.demo.failNext('GET /orgs/initech/repos', 503, { count: 10 });
    const coverage = (await h.query(COVERAGE, { orgs: ['globex', 'initech', 'acme-labs'] }, admin)).data!.secretScanningCoverage;
    expect(coverage.failures).toMatchObject([{ login: 'initech', code: 'UPSTREAM' }]);
    expect(coverage.repositoryFailures).toMatchObject([{ nameWithOwner: failingRepo, code: 'UPSTREAM' }]);
    const names = coverage.repositories.map((entry: { repository: { nameWithOwner: string } }) => entry.repository.nameWithOwner);
    expect(names).not.toContain(failingRepo);
    expect(names.filter((name: string) => name.startsWith('acme-labs/'))).toHaveLength(h.demo.dataset.repos.filter((repo) => repo.owner.login === 'acme-labs').length);
    expect(coverage.organizations.map((o: { organization: { login: string } }) => o.organization.login)).toEqual(['globex', 'acme-labs']);
  });

  it('bounds the repositories read per organization and says when an org was cut short', async () => {
    const coverage = (await h.query(COVERAGE, { orgs: ['acme-corp'], max: 2 }, admin)).data!.secretScanningCoverage;
    expect(coverage.organizations).toMatchObject([{ repositoryCount: 2, truncated: true }]);
    expect(coverage.repositories.map((entry: { repository: { nameWithOwner: string } }) => entry.repository.nameWithOwner)).toEqual(
      h.demo.dataset.repos.filter((repo) => repo.owner.login === 'acme-corp').map((repo) => repo.full_name).sort().slice(0, 2),
    );
    expect(h.demo.requestCount(SCAN_HISTORY)).toBe(2);
    const invalid = await h.query(COVERAGE, { orgs: ['acme-corp'], max: 0 }, admin);
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'maxRepositoriesPerOrganization' });
  });

  it("reports organizations outside a key's allowlist as FORBIDDEN without reading them", async () => {
    const result = await h.query(COVERAGE, { orgs: ['acme-corp', 'globex'] }, asKey(KEYS.globex));
    const coverage = result.data!.secretScanningCoverage;
    expect(coverage.failures).toMatchObject([{ login: 'acme-corp', code: 'FORBIDDEN' }]);
    expect(coverage.organizations.map((o: { organization: { login: string } }) => o.organization.login)).toEqual(['globex']);
    expect(h.demo.requests.some((r) => r.path.includes('acme-corp'))).toBe(false);
    const history = await h.query(HISTORY, { owner: 'acme-corp', name: 'payments-api' }, asKey(KEYS.globex));
    expect(history.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(h.demo.requestCount(ORG_REPOS)).toBe(1);
  });
});

describe('scan history on GitHub Enterprise Server 3.19', () => {
  const harness = useSharedHarness({ flavor: 'ghes-3.19' });

  it('answers null for generic-secrets backfill scans, which GHES does not report', async () => {
    const result = await harness().query(HISTORY, { owner: 'globex', name: 'payments-api' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.repository.secretScanningScanHistory).toMatchObject({ hasCompletedBackfill: true, genericSecretsBackfillScans: null });
  });
});
