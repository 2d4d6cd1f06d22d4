import type { OrganizationFailure } from '../alerts/connection.ts';
import { repositoryFromRest, type RepositoryRecord } from '../alerts/model.ts';
import { DomainError } from '../errors.ts';
import { listOrganizationRepositories } from '../domain/repositories.ts';
import type { Loaders } from '../github/loaders.ts';
import type { RestScan, RestScanHistory, RestSimpleRepository } from '../github/types.ts';

/** Most repositories one coverage query reads, over all its organizations (one scan-history request each). */
export const MAX_REPOSITORIES_PER_QUERY = 5000;
export const MAX_REPOSITORIES_PER_ORG = 1000;

/** What a repository's scan history says about its coverage. */
export interface ScanSummary {
  /** Whether any backfill scan (a scan of the whole history) has completed. */
  hasCompletedBackfill: boolean;
  lastBackfillCompletedAt: string | null;
  /** The status of the most recently started backfill scan (completed, running, pending, failed…). */
  latestBackfillStatus: string | null;
  /** The latest completion of any scan: incremental, backfill, pattern update, custom pattern or generic secrets. */
  lastScannedAt: string | null;
}

export interface RepositoryCoverage {
  repository: RepositoryRecord;
  history: RestScanHistory;
  summary: ScanSummary;
}

export interface OrganizationCoverage {
  login: string;
  /** Repositories whose scan history was read. */
  repositoryCount: number;
  neverCompletedBackfillCount: number;
  /** The organization has more repositories than were read (see maxRepositoriesPerOrganization). */
  truncated: boolean;
}

export interface RepositoryFailure {
  nameWithOwner: string;
  code: string;
  message: string;
}

export interface CoverageReport {
  repositories: RepositoryCoverage[];
  organizations: OrganizationCoverage[];
  failures: OrganizationFailure[];
  repositoryFailures: RepositoryFailure[];
}

const latest = (times: (string | null | undefined)[]): string | null =>
  times.reduce<string | null>((best, time) => (time && (best === null || Date.parse(time) > Date.parse(best)) ? time : best), null);

export function summarizeScans(history: RestScanHistory): ScanSummary {
  const backfills = history.backfill_scans ?? [];
  const completed = backfills.filter((scan) => scan.status === 'completed' && scan.completed_at);
  const startedAt = (scan: RestScan) => (scan.started_at ? Date.parse(scan.started_at) : -Infinity);
  const newest = backfills.reduce<RestScan | undefined>((best, scan) => (best === undefined || startedAt(scan) > startedAt(best) ? scan : best), undefined);
  const every: RestScan[] = [
    ...(history.incremental_scans ?? []),
    ...backfills,
    ...(history.pattern_update_scans ?? []),
    ...(history.custom_pattern_backfill_scans ?? []),
    ...(history.generic_secrets_backfill_scans ?? []),
  ];
  return {
    hasCompletedBackfill: completed.length > 0,
    lastBackfillCompletedAt: latest(completed.map((scan) => scan.completed_at)),
    latestBackfillStatus: newest?.status ?? null,
    lastScannedAt: latest(every.map((scan) => scan.completed_at)),
  };
}

function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  return { code: 'UPSTREAM', message: 'The read failed for an unexpected reason.' };
}

interface OrgResult {
  coverage: OrganizationCoverage | null;
  repositories: RepositoryCoverage[];
  repositoryFailures: RepositoryFailure[];
  failure: OrganizationFailure | null;
}

async function readOrganization(loaders: Pick<Loaders, 'orgRepositoryPage' | 'scanHistory'>, login: string, limit: number): Promise<OrgResult> {
  let listed: Awaited<ReturnType<typeof listOrganizationRepositories>>;
  try {
    listed = await listOrganizationRepositories(loaders, login, limit);
  } catch (error) {
    return { coverage: null, repositories: [], repositoryFailures: [], failure: { login, ...failureOf(error) } };
  }
  // Every request goes through the credential's upstream limiter (GATEWAY_UPSTREAM_CONCURRENCY).
  const settled = await Promise.all(
    listed.repositories.map(async (rest) => {
      // minimal-repository has every field a repository record is built from.
      const repository = repositoryFromRest(rest as unknown as RestSimpleRepository);
      try {
        const history = await loaders.scanHistory.load(repository.nameWithOwner);
        return { ok: { repository, history, summary: summarizeScans(history) } as RepositoryCoverage };
      } catch (error) {
        return { failed: { nameWithOwner: repository.nameWithOwner, ...failureOf(error) } as RepositoryFailure };
      }
    }),
  );
  const repositories = settled.flatMap((result) => (result.ok ? [result.ok] : []));
  const repositoryFailures = settled.flatMap((result) => (result.failed ? [result.failed] : []));
  const codes = new Set(repositoryFailures.map((failure) => failure.code));
  if (repositories.length === 0 && repositoryFailures.length > 0 && codes.size === 1) {
    // Not one repository could be read, all for the same reason: that is the organization's failure.
    const [first] = repositoryFailures;
    const message = `No repository's scan history could be read (${repositoryFailures.length} tried): ${first!.message}`;
    return { coverage: null, repositories: [], repositoryFailures: [], failure: { login, code: first!.code, message } };
  }
  const neverCompletedBackfillCount = repositories.filter((entry) => !entry.summary.hasCompletedBackfill).length;
  const coverage = { login, repositoryCount: repositories.length, neverCompletedBackfillCount, truncated: listed.truncated };
  return { coverage, repositories, repositoryFailures, failure: null };
}

/**
 * Scan coverage of organizations: their repositories (GET /orgs/{org}/repos, paged) and each
 * one's scan history. At most `maxPerOrg` repositories per organization, and
 * MAX_REPOSITORIES_PER_QUERY in all (shared evenly). An organization or repository that fails is
 * reported and never sinks the answer; `refused` are organizations refused before any read.
 */
export async function readCoverage(
  loaders: Pick<Loaders, 'orgRepositoryPage' | 'scanHistory'>,
  logins: readonly string[],
  maxPerOrg: number,
  refused: readonly OrganizationFailure[],
): Promise<CoverageReport> {
  const limit = Math.max(1, Math.min(maxPerOrg, Math.floor(MAX_REPOSITORIES_PER_QUERY / Math.max(1, logins.length))));
  const results = await Promise.all(logins.map((login) => readOrganization(loaders, login, limit)));
  return {
    repositories: results.flatMap((result) => result.repositories),
    organizations: results.flatMap((result) => (result.coverage ? [result.coverage] : [])),
    failures: [...refused, ...results.flatMap((result) => (result.failure ? [result.failure] : []))],
    repositoryFailures: results.flatMap((result) => result.repositoryFailures),
  };
}
