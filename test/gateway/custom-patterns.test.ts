import { beforeEach, describe, expect, it } from 'vitest';
import { customPatternScopeKey } from '../../src/demo/surface-dataset.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { apiKeysEnv, asKey, KEYS } from '../support/api-keys.ts';
import { useSharedHarness, type Harness } from '../support/harness.ts';

const POST = 'POST /orgs/{org}/secret-scanning/custom-patterns';
const PATCH = 'PATCH /orgs/{org}/secret-scanning/custom-patterns/{pattern_id}';
const DELETE = 'DELETE /orgs/{org}/secret-scanning/custom-patterns';

const FIELDS = 'id databaseId name pattern state pushProtectionEnabled version scope mustMatch organization { login } repository { nameWithOwner } enterprise { slug }';

const ORG_PATTERNS = `query($login: String!, $first: Int, $after: String, $filter: SecretScanningCustomPatternFilter, $orderBy: SecretScanningCustomPatternOrder) {
  organization(login: $login) {
    secretScanningCustomPatterns(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      pageInfo { hasNextPage endCursor }
      nodes { ${FIELDS} }
    }
  }
}`;

const OTHER_SCOPES = `query($id: Int!) {
  repository(owner: "acme-corp", name: "payments-api") { secretScanningCustomPatterns { nodes { ${FIELDS} } } }
  enterprise(slug: "acme-enterprise") { secretScanningCustomPatterns(orderBy: { field: NAME, direction: ASC }) { nodes { name scope enterprise { slug } } } secretScanningCustomPattern(databaseId: $id) { name } }
}`;

const CREATE = `mutation($input: CreateSecretScanningCustomPatternsInput!) {
  createSecretScanningCustomPatterns(input: $input) {
    __typename
    ... on CreateSecretScanningCustomPatternsSuccess { patterns { ${FIELDS} } }
    ... on Error { code message }
    ... on ValidationError { field }
    ... on UpstreamError { status }
  }
}`;

const UPDATE = `mutation($input: UpdateSecretScanningCustomPatternInput!) {
  updateSecretScanningCustomPattern(input: $input) {
    __typename
    ... on UpdateSecretScanningCustomPatternSuccess { pattern { ${FIELDS} } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}`;

const DELETE_PATTERNS = `mutation($input: DeleteSecretScanningCustomPatternsInput!) {
  deleteSecretScanningCustomPatterns(input: $input) {
    __typename
    ... on DeleteSecretScanningCustomPatternsSuccess { deletedPatternIds postDeleteAction }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}`;

const admin = asKey(KEYS.admin);
let serial = 0;
const uniqueName = (label: string) => `${label} ${(serial += 1)}`;

describe('custom patterns over HTTP', () => {
  let h: Harness;
  const harness = useSharedHarness({ env: apiKeysEnv(Object.values(KEYS)) });
  beforeEach(() => {
    h = harness();
  });

  async function create(org: string, patterns: Record<string, unknown>[], headers = admin) {
    return (await h.query(CREATE, { input: { org, patterns } }, headers)).data!.createSecretScanningCustomPatterns;
  }

  it('lists an organization\'s patterns with filters, order and cursors, one page at a time', async () => {
    const expected = h.demo.dataset.customPatterns[customPatternScopeKey({ kind: 'org', org: 'globex' })]!;
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const result: any = await h.query(ORG_PATTERNS, { login: 'globex', first: 1, after, orderBy: { field: 'NAME', direction: 'ASC' } }, admin);
      expect(result.errors).toBeUndefined();
      const page = result.data.organization.secretScanningCustomPatterns;
      seen.push(...page.nodes.map((node: { name: string }) => node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected.map((pattern) => pattern.name).sort());
    const unpublished = await h.query(ORG_PATTERNS, { login: 'globex', filter: { state: 'UNPUBLISHED' } }, admin);
    expect(unpublished.data!.organization.secretScanningCustomPatterns.nodes).toEqual([]);
    const first = (await h.query(ORG_PATTERNS, { login: 'globex' }, admin)).data!.organization.secretScanningCustomPatterns.nodes[0];
    expect(first).toMatchObject({ scope: 'ORGANIZATION', organization: { login: 'globex' }, repository: null, enterprise: null, state: 'PUBLISHED' });
    const node = await h.query(`query($id: ID!) { node(id: $id) { ... on SecretScanningCustomPattern { name version } } }`, { id: first.id }, admin);
    expect(node.data!.node).toEqual({ name: first.name, version: first.version });
  });

  it('lists repository and enterprise patterns, and finds one by databaseId', async () => {
    const enterprisePatterns = h.demo.dataset.customPatterns[customPatternScopeKey({ kind: 'enterprise', slug: 'acme-enterprise' })]!;
    const result = await h.query(OTHER_SCOPES, { id: enterprisePatterns[1]!.id }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data!.repository.secretScanningCustomPatterns.nodes).toMatchObject([
      { scope: 'REPOSITORY', state: 'UNPUBLISHED', repository: { nameWithOwner: 'acme-corp/payments-api' }, organization: { login: 'acme-corp' } },
    ]);
    expect(result.data!.enterprise.secretScanningCustomPatterns.nodes.map((node: { name: string }) => node.name)).toEqual(enterprisePatterns.map((p) => p.name).sort());
    expect(result.data!.enterprise.secretScanningCustomPattern).toEqual({ name: enterprisePatterns[1]!.name });
  });

  it('creates patterns (201) in one call, and audits ids only: never a pattern', async () => {
    const name = uniqueName('Payments Token');
    const payload = await create('acme-labs', [{ name, pattern: 'pay_[0-9a-f]{24}', mustMatch: ['[a-f]'] }]);
    expect(payload.__typename).toBe('CreateSecretScanningCustomPatternsSuccess');
    expect(payload.patterns).toMatchObject([{ name, pattern: 'pay_[0-9a-f]{24}', mustMatch: ['[a-f]'], scope: 'ORGANIZATION', pushProtectionEnabled: false }]);
    expect(h.demo.requests.find((r) => r.route === POST)?.status).toBe(201);
    const listed = await h.query(ORG_PATTERNS, { login: 'acme-labs', first: 100 }, admin);
    expect(listed.data!.organization.secretScanningCustomPatterns.nodes.map((n: { name: string }) => n.name)).toContain(name);
    const audit = h.logLines.filter((line) => line.includes('secret_scanning_custom_pattern.create')).map((line) => JSON.parse(line));
    expect(audit.at(-1)).toMatchObject({ actor: 'key:admin', target: { kind: 'custom-patterns', scope: 'org:acme-labs', count: 1 }, outcome: 'success' });
    expect(h.logLines.some((line) => line.includes('pay_[0-9a-f]'))).toBe(false);
  });

  it("turns GitHub's 422 per index into a ValidationError naming the input field; creates nothing", async () => {
    const payload = await create('acme-labs', [
      { name: uniqueName('Fine'), pattern: 'fine_[0-9]{8}' },
      { name: uniqueName('Broken'), pattern: 'ok_[0-9]+', startDelimiter: '([' },
    ]);
    expect(payload).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field: 'input.patterns[1].startDelimiter' });
    expect(payload.message).not.toContain('([');
    expect(h.demo.requests.find((r) => r.route === POST)?.status).toBe(422);
    const local = await create('acme-labs', [{ name: ' ', pattern: 'x' }]);
    expect(local).toMatchObject({ __typename: 'ValidationError', field: 'input.patterns[0].name' });
    const noTarget = (await h.query(CREATE, { input: { org: 'acme-labs', enterprise: 'acme-enterprise', patterns: [] } }, admin)).data!.createSecretScanningCustomPatterns;
    expect(noTarget).toMatchObject({ __typename: 'ValidationError', field: 'input' });
    expect(h.demo.requestCount(POST)).toBe(1);
  });

  it('updates with the version read, and a stale version (412) is a VersionConflictError', async () => {
    const [pattern] = (await create('initech', [{ name: uniqueName('Deploy Key'), pattern: 'dk_[0-9]{10}' }])).patterns;
    const updated = (await h.query(UPDATE, { input: { patternId: pattern.id, version: pattern.version, pattern: 'dk_[0-9]{12}' } }, admin)).data!.updateSecretScanningCustomPattern;
    expect(updated.__typename).toBe('UpdateSecretScanningCustomPatternSuccess');
    expect(updated.pattern.pattern).toBe('dk_[0-9]{12}');
    expect(updated.pattern.version).not.toBe(pattern.version);
    const stale = (await h.query(UPDATE, { input: { patternId: pattern.id, version: pattern.version, pattern: 'dk_[0-9]{14}' } }, admin)).data!.updateSecretScanningCustomPattern;
    expect(stale).toMatchObject({ __typename: 'VersionConflictError', code: 'VERSION_CONFLICT' });
    expect(h.demo.requests.filter((r) => r.route === PATCH).map((r) => r.status)).toEqual([200, 412]);
    const invalid = (await h.query(UPDATE, { input: { patternId: pattern.id, version: updated.pattern.version, mustNotMatch: ['(('] } }, admin)).data!.updateSecretScanningCustomPattern;
    expect(invalid).toMatchObject({ __typename: 'ValidationError', field: 'input.mustNotMatch' });
    const nothing = (await h.query(UPDATE, { input: { patternId: pattern.id, version: updated.pattern.version } }, admin)).data!.updateSecretScanningCustomPattern;
    expect(nothing).toMatchObject({ __typename: 'ValidationError', field: 'input' });
    expect(h.demo.requestCount(PATCH)).toBe(3);
  });

  it('deletes in bulk with a JSON body; a stale version (412) is a VersionConflictError and deletes nothing', async () => {
    const { patterns } = await create('initech', [
      { name: uniqueName('Temp A'), pattern: 'ta_[0-9]{10}' },
      { name: uniqueName('Temp B'), pattern: 'tb_[0-9]{10}' },
    ]);
    const entries = patterns.map((p: { id: string; version: string }) => ({ patternId: p.id, version: p.version }));
    const stale = (await h.query(DELETE_PATTERNS, { input: { patterns: [entries[0], { ...entries[1], version: 'stale' }] } }, admin)).data!.deleteSecretScanningCustomPatterns;
    expect(stale).toMatchObject({ __typename: 'VersionConflictError' });
    const deleted = (await h.query(DELETE_PATTERNS, { input: { patterns: entries, postDeleteAction: 'RESOLVE_ALERTS' } }, admin)).data!.deleteSecretScanningCustomPatterns;
    expect(deleted).toEqual({ __typename: 'DeleteSecretScanningCustomPatternsSuccess', deletedPatternIds: entries.map((e: { patternId: string }) => e.patternId), postDeleteAction: 'RESOLVE_ALERTS' });
    expect(h.demo.requests.filter((r) => r.route === DELETE).map((r) => r.status)).toEqual([412, 204]);
    const mixed = [entries[0], { patternId: encodeNodeId('SecretScanningCustomPattern', 'org:globex#1') }];
    expect((await h.query(DELETE_PATTERNS, { input: { patterns: mixed } }, admin)).data!.deleteSecretScanningCustomPatterns).toMatchObject({ __typename: 'ValidationError', field: 'input.patterns' });
    const alertId = encodeNodeId('SecretScanningAlert', 'initech/docs#1');
    expect((await h.query(DELETE_PATTERNS, { input: { patterns: [{ patternId: alertId }] } }, admin)).data!.deleteSecretScanningCustomPatterns).toMatchObject({ __typename: 'ValidationError', field: 'input.patterns[0].patternId' });
  });

  it('never retries a write GitHub failed', async () => {
    h.demo.failNext(POST, 502);
    const payload = await create('acme-labs', [{ name: uniqueName('Flaky'), pattern: 'fl_[0-9]{9}' }]);
    expect(payload).toMatchObject({ __typename: 'UpstreamError', status: 502 });
    expect(h.demo.requestCount(POST)).toBe(1);
  });

  it('refuses organizations outside a key\'s allowlist, the enterprise to restricted keys, and writes to read-only keys, before any upstream call', async () => {
    const read = await h.query(ORG_PATTERNS, { login: 'acme-corp' }, asKey(KEYS.globex));
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await create('acme-corp', [{ name: 'x', pattern: 'x+' }], asKey(KEYS.globex))).toMatchObject({ __typename: 'ForbiddenError' });
    const enterprise = (await h.query(CREATE, { input: { enterprise: 'acme-enterprise', patterns: [{ name: 'x', pattern: 'x+' }] } }, asKey(KEYS.globex))).data!.createSecretScanningCustomPatterns;
    expect(enterprise).toMatchObject({ __typename: 'ForbiddenError' });
    expect(await create('globex', [{ name: 'x', pattern: 'x+' }], asKey(KEYS.reader))).toMatchObject({ __typename: 'ForbiddenError' });
    const foreignId = encodeNodeId('SecretScanningCustomPattern', 'repo:acme-corp/payments-api#1');
    const update = (await h.query(UPDATE, { input: { patternId: foreignId, version: 'v', pattern: 'y' } }, asKey(KEYS.globex))).data!.updateSecretScanningCustomPattern;
    expect(update).toMatchObject({ __typename: 'ForbiddenError' });
    expect(h.demo.requestCount()).toBe(0);
  });
});

describe('custom patterns on GitHub Enterprise Server 3.19 (no custom-pattern API)', () => {
  const harness = useSharedHarness({ flavor: 'ghes-3.19' });

  it('answers a clear NOT_FOUND error for reads and a NotFoundError for writes', async () => {
    const h = harness();
    const read = await h.query(ORG_PATTERNS, { login: 'globex' });
    expect(read.data!.organization).toEqual({ secretScanningCustomPatterns: null });
    expect(read.errors?.[0]).toMatchObject({ path: ['organization', 'secretScanningCustomPatterns'], extensions: { code: 'NOT_FOUND' } });
    expect(read.errors?.[0]?.message).toContain('GitHub Enterprise Server has none');
    const write = (await h.query(CREATE, { input: { org: 'globex', patterns: [{ name: 'x', pattern: 'x+' }] } })).data!.createSecretScanningCustomPatterns;
    expect(write).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(write.message).toContain('no custom-pattern API');
  });
});
