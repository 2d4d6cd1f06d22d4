import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import type { DemoAlertRecord } from '../../src/demo/dataset.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { resetHarness, startHarness, type Harness } from './harness.ts';

/** Operations, callers and helpers of the mutation tests (mutations, bulk and pattern configuration files). */
export const PATCH_ALERT = 'PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}';
export const PATCH_CONFIG = 'PATCH /orgs/{org}/secret-scanning/pattern-configurations';
export const WRITABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];
export const BULK_MAX = 6;

export const UPDATE = `mutation($input: UpdateSecretScanningAlertInput!) {
  updateSecretScanningAlert(input: $input) {
    __typename
    ... on UpdateSecretScanningAlertSuccess {
      alert { id number state resolution resolutionComment resolvedAt resolvedBy { login } updatedAt secret repository { nameWithOwner } }
    }
    ... on Error { code message }
    ... on ValidationError { field }
    ... on UpstreamError { status }
  }
}`;

export const BULK = `mutation($input: BulkUpdateSecretScanningAlertsInput!) {
  bulkUpdateSecretScanningAlerts(input: $input) {
    succeeded
    failed
    results {
      alertId
      alert { number state resolution repository { nameWithOwner } }
      error { __typename code message ... on UpstreamError { status } }
    }
  }
}`;

export const UPDATE_CONFIG = `mutation($input: UpdateSecretScanningPatternConfigurationInput!) {
  updateSecretScanningPatternConfiguration(input: $input) {
    __typename
    ... on UpdateSecretScanningPatternConfigurationSuccess { patternConfigVersion }
    ... on Error { code message }
    ... on ValidationError { field }
    ... on UpstreamError { status }
  }
}`;

export const READ_CONFIG = `query($org: String!) {
  organization(login: $org) {
    secretScanningPatternConfiguration {
      version
      providerPatternOverrides { tokenType setting }
      customPatternOverrides { tokenType customPatternVersion setting }
    }
  }
}`;

export const READ_ALERTS = `query($org: String!, $state: SecretScanningAlertState) {
  organization(login: $org) {
    secretScanningAlerts(first: 100, filter: { state: $state }) {
      totalCount
      nodes { id state resolution }
    }
  }
}`;

export const API_KEYS = { reader: 'test-reader-key-0001', globexWriter: 'test-globex-writer-key-0002' };
export const READER = { 'x-api-key': API_KEYS.reader };
export const GLOBEX_WRITER = { 'x-api-key': API_KEYS.globexWriter };

export function keysFile(): string {
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  const file = join(mkdtempSync(join(tmpdir(), 'mutations-keys-')), 'keys.json');
  writeFileSync(
    file,
    JSON.stringify({
      keys: [
        { name: 'reader', sha256: sha256(API_KEYS.reader), orgs: ['*'], permissions: ['read'] },
        { name: 'globex-writer', sha256: sha256(API_KEYS.globexWriter), orgs: ['globex'], permissions: ['read', 'write'] },
      ],
    }),
  );
  return file;
}

/**
 * The harnesses of a mutation test file: `h`, the local caller (may write anything), and `k`,
 * callers identified by API keys (see keysFile), with its own demo GitHub. Both are reset before
 * each test. The demo server's writes last for the whole file, so every test takes alerts nobody
 * used yet (`take`).
 */
export function useMutationHarnesses(): {
  readonly h: Harness;
  readonly k: Harness;
  take(predicate: (record: DemoAlertRecord) => boolean, org?: string): DemoAlertRecord;
} {
  let h: Harness | undefined;
  let k: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_CACHE_TTL_SECONDS: '3600', GATEWAY_BULK_MAX_IDS: String(BULK_MAX) } });
    k = await startHarness({ env: { GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keysFile() } });
  });
  afterAll(async () => {
    await h?.close();
    await k?.close();
  });
  beforeEach(() => {
    resetHarness(h!);
    resetHarness(k!);
  });
  const used = new Set<DemoAlertRecord>();
  function take(predicate: (record: DemoAlertRecord) => boolean, org?: string): DemoAlertRecord {
    const record = h!.demo.dataset.alerts.find(
      (candidate) =>
        !used.has(candidate) && (org ? candidate.org === org : WRITABLE.includes(candidate.org)) && predicate(candidate),
    );
    if (!record) throw new Error('the demo dataset has no unused alert of that kind');
    used.add(record);
    return record;
  }
  return {
    get h() {
      return h!;
    },
    get k() {
      return k!;
    },
    take,
  };
}

export const open = (record: DemoAlertRecord) => record.alert.state === 'open';
export const resolvedAs = (resolution: string) => (record: DemoAlertRecord) =>
  record.alert.state === 'resolved' && record.alert.resolution === resolution;

export function gid(record: DemoAlertRecord): string {
  return encodeNodeId('SecretScanningAlert', alertKey(record.repository.owner.login, record.repository.name, record.alert.number));
}

/** The audit lines a harness logged. */
export function auditLines(harness: Harness): Record<string, any>[] {
  return harness.logLines.map((line) => JSON.parse(line) as Record<string, any>).filter((line) => line.message === 'audit');
}
