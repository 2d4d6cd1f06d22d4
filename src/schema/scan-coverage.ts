import { ValidationError } from '../errors.ts';
import { MAX_REPOSITORIES_PER_ORG, MAX_REPOSITORIES_PER_QUERY, readCoverage, type CoverageReport, type OrganizationCoverage, type RepositoryCoverage, type RepositoryFailure } from '../scans/coverage.ts';
import { builder } from './builder.ts';
import { OrganizationFailureRef, OrganizationRef, RepositoryRef, ScanHistoryRef } from './refs.ts';

const DEFAULT_REPOSITORIES_PER_ORG = 300;

const RepositoryCoverageRef = builder.objectRef<RepositoryCoverage>('SecretScanningRepositoryCoverage').implement({
  description: 'Whether and when secret scanning scanned one repository.',
  fields: (t) => ({
    repository: t.field({ type: RepositoryRef, description: 'The repository.', resolve: (c) => c.repository }),
    hasCompletedBackfill: t.boolean({
      description: 'Whether a backfill scan (of the whole existing history) ever completed; false means secrets already in it may be unknown.',
      resolve: (c) => c.summary.hasCompletedBackfill,
    }),
    lastBackfillCompletedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the latest completed backfill finished.', resolve: (c) => c.summary.lastBackfillCompletedAt }),
    latestBackfillStatus: t.string({
      nullable: true,
      description: 'Status of the most recently started backfill scan (completed, running, pending, failed…); null if none was ever started.',
      resolve: (c) => c.summary.latestBackfillStatus,
    }),
    lastScannedAt: t.field({ type: 'DateTime', nullable: true, description: 'When any scan of it last completed; null if none ever did.', resolve: (c) => c.summary.lastScannedAt }),
    scanHistory: t.field({ type: ScanHistoryRef, description: 'The full scan history.', resolve: (c) => c.history }),
  }),
});

const OrganizationCoverageRef = builder.objectRef<OrganizationCoverage>('SecretScanningOrganizationCoverage').implement({
  description: 'Scan coverage of one organization.',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, description: 'The organization.', resolve: (c) => ({ login: c.login }) }),
    repositoryCount: t.exposeInt('repositoryCount', { description: 'Repositories whose scan history was read.' }),
    neverCompletedBackfillCount: t.exposeInt('neverCompletedBackfillCount', { description: 'How many of them never completed a backfill scan.' }),
    truncated: t.exposeBoolean('truncated', {
      description: 'Whether the organization has more repositories than were read (maxRepositoriesPerOrganization, or the per-query bound).',
    }),
  }),
});

const RepositoryFailureRef = builder.objectRef<RepositoryFailure>('SecretScanningRepositoryFailure').implement({
  description: 'A repository whose scan history could not be read; the rest of the answer still holds.',
  fields: (t) => ({
    nameWithOwner: t.exposeString('nameWithOwner', { description: 'owner/name' }),
    code: t.exposeString('code', { description: 'NOT_FOUND (secret scanning off, no GHAS), FORBIDDEN, RATE_LIMITED or UPSTREAM.' }),
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
  }),
});

const CoverageRef = builder.objectRef<CoverageReport>('SecretScanningCoverage').implement({
  description: 'Which repositories secret scanning has covered, across organizations.',
  fields: (t) => ({
    repositories: t.field({ type: [RepositoryCoverageRef], description: 'The repositories read (and kept by the filter), by organization, then name.', resolve: (c) => c.repositories }),
    organizations: t.field({ type: [OrganizationCoverageRef], description: 'One summary per organization that could be read.', resolve: (c) => c.organizations }),
    failures: t.field({
      type: [OrganizationFailureRef],
      description: 'Organizations that could not be read at all (no access, unknown, or not one repository readable for the same reason).',
      resolve: (c) => c.failures,
    }),
    repositoryFailures: t.field({ type: [RepositoryFailureRef], description: 'Repositories of readable organizations whose scan history could not be read.', resolve: (c) => c.repositoryFailures }),
  }),
});

const CoverageFilterInput = builder.inputType('SecretScanningCoverageFilter', {
  description: 'Which repositories to list (the organization summaries count them all).',
  fields: (t) => ({
    neverCompletedBackfill: t.boolean({ description: 'true: only repositories that never completed a backfill scan; false: only those that did.' }),
  }),
});

builder.queryField('secretScanningCoverage', (t) =>
  t.field({
    type: CoverageRef,
    description:
      'Scan coverage across organizations: their repositories (GET /orgs/{org}/repos) and when each was scanned (GET …/scan-history, one ' +
      `request per repository through the upstream concurrency limit). At most ${MAX_REPOSITORIES_PER_QUERY} repositories per query. ` +
      'Organizations and repositories that cannot be read are listed in `failures` and `repositoryFailures`; the rest is still answered.',
    args: {
      orgs: t.arg.stringList({ description: 'Organization logins; default: GATEWAY_ORGS.' }),
      filter: t.arg({ type: CoverageFilterInput, description: 'Which repositories to list.' }),
      maxRepositoriesPerOrganization: t.arg.int({
        defaultValue: DEFAULT_REPOSITORIES_PER_ORG,
        description: `Most repositories read per organization, 1 to ${MAX_REPOSITORIES_PER_ORG} (default ${DEFAULT_REPOSITORIES_PER_ORG}), in name order; more sets \`truncated\`.`,
      }),
    },
    resolve: async (_root, { orgs, filter, maxRepositoriesPerOrganization }, context) => {
      const max = maxRepositoriesPerOrganization ?? DEFAULT_REPOSITORIES_PER_ORG;
      if (!Number.isInteger(max) || max < 1 || max > MAX_REPOSITORIES_PER_ORG) {
        throw new ValidationError(`maxRepositoriesPerOrganization must be between 1 and ${MAX_REPOSITORIES_PER_ORG}.`, 'maxRepositoriesPerOrganization');
      }
      const { logins, refused } = context.policy.organizationsToRead(orgs, context.defaultOrgs);
      const report = await readCoverage(context.loaders, logins, max, refused);
      const wanted = filter?.neverCompletedBackfill;
      if (wanted == null) return report;
      return { ...report, repositories: report.repositories.filter((entry) => entry.summary.hasCompletedBackfill !== wanted) };
    },
  }),
);
