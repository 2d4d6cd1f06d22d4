import { generateKeyPairSync } from 'node:crypto';
import type { DemoOrg } from './dataset.ts';

export interface DemoInstallation {
  id: number;
  org: string;
  permissions: Record<string, 'read' | 'write'>;
  repository_selection: 'all' | 'selected';
}

/** A GitHub App installed on the readable orgs, for the gateway's App authentication. */
export interface DemoApp {
  id: number;
  slug: string;
  name: string;
  client_id: string;
  privateKeyPem: string;
  publicKeyPem: string;
  installations: DemoInstallation[];
}

// RSA generation cannot be seeded, so one key pair per seed and process keeps datasets equal.
const keyPairsBySeed = new Map<number, { privateKeyPem: string; publicKeyPem: string }>();

function appKeyPair(seed: number): { privateKeyPem: string; publicKeyPem: string } {
  let pair = keyPairsBySeed.get(seed);
  if (pair === undefined) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pair = {
      privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    keyPairsBySeed.set(seed, pair);
  }
  return pair;
}

export function createDemoApp(seed: number, orgs: readonly DemoOrg[]): DemoApp {
  return {
    id: 424242,
    slug: 'secret-scanning-gateway-demo',
    name: 'Secret Scanning Gateway (demo)',
    client_id: 'Iv23liDemoSecretScan1',
    ...appKeyPair(seed),
    installations: orgs.map((org, index) => ({
      id: 60_000_001 + index,
      org: org.login,
      permissions: { secret_scanning_alerts: 'write', metadata: 'read', organization_administration: 'read' },
      repository_selection: 'all',
    })),
  };
}
