import { Octokit } from '@octokit/rest';

/** The report's figures (the fields of the benchmark's query), as the gateway and the naive script compute them. */
export interface ReportFigures {
  total: number;
  open: number;
  resolved: number;
  byOrganization: { key: string; count: number }[];
  bySecretType: { key: string; count: number }[];
  byState: { key: string; count: number }[];
  byResolution: { key: string; count: number }[];
  byValidity: { key: string; count: number }[];
  topRepositories: { key: string; count: number }[];
  meanTimeToResolveSeconds: number | null;
  failures: { login: string; code: string }[];
}

interface RestAlert {
  state?: string | null;
  secret_type?: string | null;
  resolution?: string | null;
  validity?: string | null;
  created_at?: string | null;
  resolved_at?: string | null;
  repository?: { full_name?: string } | null;
}

const byCountThenKey = (a: { key: string; count: number }, b: { key: string; count: number }) =>
  b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const buckets = (map: Map<string, number>) => [...map].map(([key, count]) => ({ key, count })).sort(byCountThenKey);
const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * What users write today for the weekly report: plain Octokit, one org after another,
 * `paginate` with per_page=100 holding every alert, then the same figures in plain JS.
 */
export async function naiveReport(baseUrl: string, token: string, orgs: readonly string[]): Promise<ReportFigures> {
  const octokit = new Octokit({ auth: token, baseUrl });
  const perOrg: [string, RestAlert[]][] = [];
  for (const org of orgs) {
    perOrg.push([org, (await octokit.paginate('GET /orgs/{org}/secret-scanning/alerts', { org, per_page: 100 })) as RestAlert[]]);
  }

  const byOrganization = new Map<string, number>();
  const bySecretType = new Map<string, number>();
  const byState = new Map<string, number>();
  const byResolution = new Map<string, number>();
  const byValidity = new Map<string, number>();
  const byRepository = new Map<string, number>();
  let resolvedCount = 0;
  let resolvedMs = 0;
  let total = 0;
  for (const [org, alerts] of perOrg) {
    byOrganization.set(org, alerts.length);
    for (const alert of alerts) {
      total++;
      const resolved = alert.state === 'resolved';
      increment(byState, resolved ? 'RESOLVED' : 'OPEN');
      increment(bySecretType, alert.secret_type ?? '');
      if (resolved && alert.resolution) increment(byResolution, alert.resolution.toUpperCase());
      increment(byValidity, (alert.validity ?? 'unknown').toUpperCase());
      increment(byRepository, alert.repository?.full_name ?? '');
      if (resolved && alert.created_at && alert.resolved_at) {
        resolvedCount++;
        resolvedMs += Math.max(0, Date.parse(alert.resolved_at) - Date.parse(alert.created_at));
      }
    }
  }
  return {
    total,
    open: byState.get('OPEN') ?? 0,
    resolved: byState.get('RESOLVED') ?? 0,
    byOrganization: buckets(byOrganization),
    bySecretType: buckets(bySecretType),
    byState: buckets(byState),
    byResolution: buckets(byResolution),
    byValidity: buckets(byValidity),
    topRepositories: buckets(byRepository).slice(0, 10),
    meanTimeToResolveSeconds: resolvedCount > 0 ? resolvedMs / resolvedCount / 1000 : null,
    failures: [],
  };
}

/** Whether two reports give the same figures (the mean to a relative 1e-9); the first difference otherwise. */
export function compareFigures(a: ReportFigures, b: ReportFigures): string | null {
  for (const key of Object.keys(a) as (keyof ReportFigures)[]) {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number' && typeof y === 'number') {
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x))) return `${key}: ${x} vs ${y}`;
    } else if (JSON.stringify(x) !== JSON.stringify(y)) return `${key}: ${JSON.stringify(x).slice(0, 120)} vs ${JSON.stringify(y).slice(0, 120)}`;
  }
  return null;
}
