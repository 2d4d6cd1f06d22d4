import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPortalClient, PortalError, type PortalAlert } from '../../examples/portal/client.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { loadPersistedOperations } from '../../src/http/persisted-operations.ts';
import { schema } from '../../src/schema/index.ts';
import { useSharedHarness, type Harness } from '../support/harness.ts';
import { alertId, expectedAlerts } from '../support/reference.ts';

const MANIFEST = 'examples/portal/generated/persisted-documents.json';
const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];

const idOf = (alert: PortalAlert) => `${alert.repository.nameWithOwner}#${alert.number}`;
const post = (h: Harness, body: unknown) =>
  fetch(h.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify(body) });
const graphiqlPage = (h: Harness) => fetch(h.gateway.url, { headers: { accept: 'text/html' } });

async function expectPortalError(promise: Promise<unknown>, code: string, field?: string) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PortalError);
  expect((error as PortalError).code).toBe(code);
  if (field) expect((error as PortalError).field).toBe(field);
}

/** The triage a portal does: list open alerts across organizations, assign one, then resolve it. */
function triage(harness: () => Harness, persisted: boolean) {
  return async () => {
    const h = harness();
    const portal = createPortalClient({ url: h.gateway.url, persisted });
    const first = await portal.openAlerts({ first: 40 });
    const open = expectedAlerts(h.demo.dataset, READABLE, { state: 'OPEN' });
    expect(first.totalCount).toBe(open.length);
    expect(first.failures.map((failure) => failure.login)).toEqual(['hooli', 'umbrella']);
    const listed: PortalAlert[] = [];
    for await (const alert of portal.everyOpenAlert({ pageSize: 60 })) listed.push(alert);
    expect(listed.map(idOf).sort()).toEqual(open.map(alertId).sort());

    const target = listed.find((alert) => alert.organization.login === 'initech' && alert.assignee === null)!;
    expect(await portal.assign(target.id, 'erin-appsec')).toMatchObject({ state: 'OPEN', assignee: { login: 'erin-appsec' } });
    await expectPortalError(portal.assign(target.id, 'otto-outsider'), 'VALIDATION', 'input.assignee');
    const resolved = await portal.resolve(target.id, 'REVOKED', 'Rotated by the owner.');
    expect(resolved).toMatchObject({ state: 'RESOLVED', resolution: 'REVOKED', assignee: { login: 'erin-appsec' }, resolvedBy: { login: 'octo-admin' } });
    const after = await portal.openAlerts({ first: 1 });
    expect(after.totalCount).toBe(open.length - 1);
  };
}

describe('the portal client of examples/portal, against the demo', () => {
  const harness = useSharedHarness();

  it('lists every open alert across organizations page by page, assigns one, then resolves it', triage(harness, false));

  it('serves GraphiQL, as ad-hoc operations are allowed', async () => {
    const page = await graphiqlPage(harness());
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);
  });
});

describe('persisted operations only (GATEWAY_PERSISTED_OPERATIONS_FILE)', () => {
  const harness = useSharedHarness({ env: { GATEWAY_PERSISTED_OPERATIONS_FILE: MANIFEST } });

  it('runs the portal’s operations named by their hash', triage(harness, true));

  it('refuses an ad-hoc operation, an unknown hash and a request naming neither, before any GitHub call', async () => {
    const h = harness();
    const adHoc = await post(h, { query: '{ secretScanningAlerts(first: 100) { nodes { secret } } }' });
    expect(adHoc.status).toBe(403);
    expect((await adHoc.json()).errors[0].extensions.code).toBe('PERSISTED_OPERATIONS_ONLY');
    const unknown = await post(h, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors[0].extensions.code).toBe('PERSISTED_OPERATION_NOT_FOUND');
    const neither = await post(h, { variables: {} });
    expect(neither.status).toBe(400);
    await expectPortalError(createPortalClient({ url: h.gateway.url }).openAlerts(), 'PERSISTED_OPERATIONS_ONLY');
    expect(h.demo.requestCount()).toBe(0);
  });

  it('does not serve GraphiQL, which could run nothing', async () => {
    const page = await graphiqlPage(harness());
    expect(await page.text()).not.toMatch(/graphiql/i);
  });

  it('refuses to start with GraphiQL asked for, or with a manifest that is not codegen’s for this schema', () => {
    expect(() => loadConfig({ GATEWAY_PERSISTED_OPERATIONS_FILE: MANIFEST, GATEWAY_GRAPHIQL: 'true' })).toThrow(/^GATEWAY_GRAPHIQL cannot be true/);
    expect(loadPersistedOperations(MANIFEST, schema).size).toBe(3);
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    const write = (manifest: unknown) => {
      const file = join(dir, `${Math.random()}.json`);
      writeFileSync(file, JSON.stringify(manifest));
      return file;
    };
    const tampered = write({ [`sha256:${'0'.repeat(64)}`]: '{ gitHubServer { kind } }' });
    expect(() => loadPersistedOperations(tampered, schema)).toThrow(ConfigError);
    const invalid = '{ noSuchField }';
    const hex = createHash('sha256').update(invalid).digest('hex');
    expect(() => loadPersistedOperations(write({ [`sha256:${hex}`]: invalid }), schema)).toThrow(/GATEWAY_PERSISTED_OPERATIONS_FILE holds an operation .* refuses/);
  });
});
