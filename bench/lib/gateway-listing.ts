import { performance } from 'node:perf_hooks';

/** The realistic selection of a full cross-org listing; totalCount only on the first page. */
export const LISTING_QUERY = `query Listing($first: Int!, $after: String, $withTotal: Boolean!) {
  secretScanningAlerts(first: $first, after: $after) {
    totalCount @include(if: $withTotal)
    failures { login code }
    pageInfo { hasNextPage endCursor }
    nodes {
      number
      state
      secretType
      createdAt
      repository { nameWithOwner }
      resolvedBy { login }
    }
  }
}`;

export interface GatewayListing {
  alerts: number;
  totalCount: number | null;
  failures: number;
  /** Wall time of each GraphQL page, in milliseconds, in order. */
  pageMs: number[];
}

interface ListingResponse {
  data?: {
    secretScanningAlerts: {
      totalCount?: number;
      failures: unknown[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: unknown[];
    };
  } | null;
  errors?: { message: string }[];
}

/** Pages `secretScanningAlerts(first, after)` over HTTP until hasNextPage is false. */
export async function gatewayListing(url: string, first = 100): Promise<GatewayListing> {
  const pageMs: number[] = [];
  let alerts = 0;
  let totalCount: number | null = null;
  let failures = 0;
  let after: string | null = null;
  for (let guard = 0; guard < 100_000; guard++) {
    const start = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: LISTING_QUERY, variables: { first, after, withTotal: after === null } }),
    });
    const body = (await response.json()) as ListingResponse;
    pageMs.push(performance.now() - start);
    const connection = body.data?.secretScanningAlerts;
    if (body.errors?.length || !connection) {
      throw new Error(`gateway answered ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    }
    if (after === null) {
      totalCount = connection.totalCount ?? null;
      failures = connection.failures.length;
    }
    alerts += connection.nodes.length;
    if (!connection.pageInfo.hasNextPage) return { alerts, totalCount, failures, pageMs };
    after = connection.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}
