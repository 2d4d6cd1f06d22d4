import type { ReportFigures } from './report-naive.ts';

/** The benchmark's report query: every figure of the weekly report over the configured orgs. */
export const REPORT_QUERY = `query Report($orgs: [String!]) {
  secretScanningReport(orgs: $orgs) {
    total
    open
    resolved
    byOrganization { key count }
    bySecretType { key count }
    byState { key count }
    byResolution { key count }
    byValidity { key count }
    topRepositories(limit: 10) { key count }
    meanTimeToResolveSeconds
    failures { login code }
  }
}`;

/** One `secretScanningReport` over HTTP. */
export async function gatewayReport(url: string, orgs: readonly string[]): Promise<ReportFigures> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: REPORT_QUERY, variables: { orgs } }),
  });
  const body = (await response.json()) as { data?: { secretScanningReport: ReportFigures } | null; errors?: { message: string }[] };
  if (body.errors?.length || !body.data?.secretScanningReport) {
    throw new Error(`gateway answered ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
  }
  return body.data.secretScanningReport;
}
