import { afterAll, describe, expect, it } from 'vitest';
import type { DemoFlavor } from '../../src/demo/flavor.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const SERVER = `{
  gitHubServer {
    kind enterpriseVersion
    capabilities { feature available enterpriseVersionNeeded }
  }
}`;

/** What each flavor can do, feature by feature (GitHub.com has everything). */
const EXPECTED: Record<DemoFlavor, { version: string | null; lacks: string[] }> = {
  dotcom: { version: null, lacks: [] },
  'ghes-3.20': { version: '3.20.0', lacks: ['ALERT_VALIDITY_OVERRIDE', 'PROVIDER_FILTERS', 'ALERT_PROVIDER_FIELDS', 'CUSTOM_PATTERNS'] },
  'ghes-3.19': { version: '3.19.0', lacks: ['ALERT_ASSIGNMENT', 'ALERT_VALIDITY_OVERRIDE', 'PROVIDER_FILTERS', 'ALERT_PROVIDER_FIELDS', 'CUSTOM_PATTERNS'] },
  'ghes-3.17': {
    version: '3.17.0',
    lacks: ['SECRET_HIDING', 'DELEGATED_ALERT_DISMISSAL', 'PATTERN_CONFIGURATIONS', 'ALERT_ASSIGNEES', 'ALERT_FIRST_LOCATION', 'ALERT_ASSIGNMENT', 'ALERT_VALIDITY_OVERRIDE', 'PROVIDER_FILTERS', 'ALERT_PROVIDER_FIELDS', 'CUSTOM_PATTERNS'],
  },
  'ghes-3.1': {
    version: '3.1.0',
    lacks: ['ORGANIZATION_ALERT_LISTS', 'SECRET_HIDING', 'DELEGATED_ALERT_DISMISSAL', 'PATTERN_CONFIGURATIONS', 'ALERT_ASSIGNEES', 'ALERT_FIRST_LOCATION', 'ALERT_ASSIGNMENT', 'ALERT_VALIDITY_OVERRIDE', 'PROVIDER_FILTERS', 'ALERT_PROVIDER_FIELDS', 'CUSTOM_PATTERNS'],
  },
};

const harnesses: Harness[] = [];
afterAll(async () => Promise.all(harnesses.map((h) => h.close())));

describe.each(Object.keys(EXPECTED) as DemoFlavor[])('Query.gitHubServer against the %s demo', (flavor) => {
  it('says which GitHub it is and what it lacks, learned from one unauthenticated request at start-up', async () => {
    const h = await startHarness({ flavor });
    harnesses.push(h);
    const probes = h.startupRequests.filter((request) => request.route === 'GET /');
    expect(probes).toHaveLength(1);
    expect(probes[0]!.hasAuthorization).toBe(false);

    const { version, lacks } = EXPECTED[flavor];
    for (let i = 0; i < 3; i += 1) {
      const result = await h.query(SERVER);
      expect(result.errors).toBeUndefined();
      const server = result.data!.gitHubServer;
      expect(server).toMatchObject({ kind: version === null ? 'DOTCOM' : 'ENTERPRISE_SERVER', enterpriseVersion: version });
      const missing = server.capabilities.filter((c: { available: boolean }) => !c.available).map((c: { feature: string }) => c.feature);
      expect(missing.sort()).toEqual([...lacks].sort());
      expect(server.capabilities.find((c: { feature: string }) => c.feature === 'ALERT_ASSIGNMENT').enterpriseVersionNeeded).toBe('3.20');
    }
    // Learned once: no request asks again.
    expect(h.demo.requestCount('GET /')).toBe(0);
  });
});
