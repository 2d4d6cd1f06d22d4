import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const OPEN_PAGE = `query($after: String) {
  secretScanningAlerts(orgs: ["org-01", "org-02"], first: 25, after: $after, filter: { state: OPEN }) {
    pageInfo { hasNextPage endCursor }
    nodes { id number repository { nameWithOwner } }
  }
}`;
const RESOLVE = `mutation($ids: [ID!]!) {
  bulkUpdateSecretScanningAlerts(input: { alertIds: $ids, state: RESOLVED, resolution: REVOKED }) { succeeded failed }
}`;

describe('paging through OPEN alerts while resolving the ones already seen (the triage workflow), live reads', () => {
  let h: Harness;
  beforeAll(async () => {
    // Several upstream pages of open alerts per organization, so that resolving shifts later pages.
    h = await startHarness({ dataset: createDemoDataset({ orgCount: 3, alertsPerOrg: 260 }), env: { GATEWAY_ORGS: 'org-01,org-02', GATEWAY_BULK_MAX_IDS: '25' } });
    return () => h.close();
  });

  it('yields every alert that was open at the start exactly once (positions kept as offsets into pages skipped the alerts that moved up)', async () => {
    const openAtStart = new Set(
      h.demo.dataset.alerts
        .filter((record) => record.org !== 'org-03' && record.alert.state === 'open')
        .map((record) => `${record.repository.full_name}#${record.alert.number}`),
    );
    expect(openAtStart.size).toBeGreaterThan(250);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages += 1) {
      const result: { data?: any; errors?: unknown[] } = await h.query(OPEN_PAGE, { after });
      expect(result.errors).toBeUndefined();
      const { nodes, pageInfo } = result.data!.secretScanningAlerts;
      seen.push(...nodes.map((node: any) => `${node.repository.nameWithOwner}#${node.number}`));
      // Resolve some of what this page showed (every other alert) before asking for the next one.
      const triaged = nodes.filter((_: unknown, index: number) => index % 2 === 0);
      if (triaged.length > 0) {
        const resolved = await h.query(RESOLVE, { ids: triaged.map((node: any) => node.id) });
        expect(resolved.data!.bulkUpdateSecretScanningAlerts).toEqual({ succeeded: triaged.length, failed: 0 });
      }
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen.length).toBe(new Set(seen).size);
    expect(new Set(seen)).toEqual(openAtStart);
  });

  it('still yields every remaining alert when more than a page of the alerts already seen is resolved at once', async () => {
    const page = `query($after: String) {
      organization(login: "org-03") { secretScanningAlerts(first: 25, after: $after, filter: { state: OPEN }) { pageInfo { hasNextPage endCursor } nodes { id number repository { name } } } }
    }`;
    const openNow = h.demo.dataset.alerts.filter((record) => record.org === 'org-03' && record.alert.state === 'open').length;
    expect(openNow).toBeGreaterThan(150);
    const seen: { id: string; key: string }[] = [];
    let after: string | null = null;
    let hasNextPage = true;
    const next = async () => {
      const result: { data?: any } = await h.query(page, { after });
      const connection = result.data!.organization.secretScanningAlerts;
      seen.push(...connection.nodes.map((node: any) => ({ id: node.id, key: `${node.repository.name}#${node.number}` })));
      ({ hasNextPage, endCursor: after } = connection.pageInfo);
    };
    // Five pages: the reader is now on GitHub's second page of 100.
    for (let i = 0; i < 5; i += 1) await next();
    const total = await h.query('{ organization(login: "org-03") { secretScanningAlerts(filter: { state: OPEN }) { totalCount } } }');
    const openBefore: number = total.data!.organization.secretScanningAlerts.totalCount;
    // Someone resolves 100 of the alerts already listed: what follows moves up by a whole page.
    for (let i = 0; i < 4; i += 1) {
      const ids = seen.slice(i * 25, i * 25 + 25).map((alert) => alert.id);
      expect((await h.query(RESOLVE, { ids })).data!.bulkUpdateSecretScanningAlerts.failed).toBe(0);
    }
    while (hasNextPage) await next();
    const keys = seen.map((alert) => alert.key);
    expect(keys.length).toBe(new Set(keys).size);
    expect(keys.length).toBe(openBefore);
  });
});
