import { BASE62, type SeededRandom } from './random.ts';

const UPPER_BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = BASE62 + '+/';
const URL_SAFE = BASE62 + '-_';

export interface SecretTypeSpec {
  secretType: string;
  displayName: string;
  /** null for GitHub's non-provider (generic) patterns */
  provider: string | null;
  providerSlug: string | null;
  /** Fake but shape-correct secret; never a real credential. */
  generate(random: SeededRandom): string;
}

/** Provider patterns: listed by default in GitHub's alert lists. */
export const PROVIDER_SECRET_TYPES: readonly SecretTypeSpec[] = [
  {
    secretType: 'github_personal_access_token',
    displayName: 'GitHub Personal Access Token',
    provider: 'GitHub',
    providerSlug: 'github',
    generate: (r) => `ghp_${r.string(36, BASE62)}`,
  },
  {
    secretType: 'github_oauth_access_token',
    displayName: 'GitHub OAuth Access Token',
    provider: 'GitHub',
    providerSlug: 'github',
    generate: (r) => `gho_${r.string(36, BASE62)}`,
  },
  {
    secretType: 'aws_access_key_id',
    displayName: 'Amazon AWS Access Key ID',
    provider: 'Amazon AWS',
    providerSlug: 'aws',
    generate: (r) => `AKIA${r.string(16, UPPER_BASE32)}`,
  },
  {
    secretType: 'aws_secret_access_key',
    displayName: 'Amazon AWS Secret Access Key',
    provider: 'Amazon AWS',
    providerSlug: 'aws',
    generate: (r) => r.string(40, BASE64),
  },
  {
    secretType: 'slack_api_token',
    displayName: 'Slack API Token',
    provider: 'Slack',
    providerSlug: 'slack',
    generate: (r) => `xoxb-${r.string(11, '0123456789')}-${r.string(13, '0123456789')}-${r.string(24, BASE62)}`,
  },
  {
    secretType: 'slack_incoming_webhook_url',
    displayName: 'Slack Incoming Webhook URL',
    provider: 'Slack',
    providerSlug: 'slack',
    generate: (r) =>
      `https://hooks.slack.com/services/T${r.string(10, UPPER_BASE32)}/B${r.string(10, UPPER_BASE32)}/${r.string(24, BASE62)}`,
  },
  {
    secretType: 'stripe_api_key',
    displayName: 'Stripe API Key',
    provider: 'Stripe',
    providerSlug: 'stripe',
    generate: (r) => `sk_live_${r.string(24, BASE62)}`,
  },
  {
    secretType: 'google_api_key',
    displayName: 'Google API Key',
    provider: 'Google',
    providerSlug: 'google',
    generate: (r) => `AIza${r.string(35, URL_SAFE)}`,
  },
  {
    secretType: 'azure_storage_account_key',
    displayName: 'Azure Storage Account Access Key',
    provider: 'Azure',
    providerSlug: 'azure',
    generate: (r) => `${r.string(86, BASE64)}==`,
  },
  {
    secretType: 'npm_access_token',
    displayName: 'npm Access Token',
    provider: 'npm',
    providerSlug: 'npm',
    generate: (r) => `npm_${r.string(36, BASE62)}`,
  },
  {
    secretType: 'openai_api_key',
    displayName: 'OpenAI API Key',
    provider: 'OpenAI',
    providerSlug: 'openai',
    generate: (r) => `sk-proj-${r.string(48, URL_SAFE)}`,
  },
  {
    secretType: 'twilio_api_key',
    displayName: 'Twilio API Key',
    provider: 'Twilio',
    providerSlug: 'twilio',
    generate: (r) => `SK${r.hex(32)}`,
  },
];

/** Non-provider patterns; every secretType here is in GENERIC_SECRET_TYPES. */
export const GENERIC_SECRET_TYPE_SPECS: readonly SecretTypeSpec[] = [
  {
    secretType: 'password',
    displayName: 'Password',
    provider: null,
    providerSlug: null,
    generate: (r) => `${r.pick(['Summer', 'Winter', 'Dragon', 'Orbit', 'Falcon'])}${r.int(1000, 9999)}!${r.string(4, BASE62)}`,
  },
  {
    secretType: 'http_basic_authentication_header',
    displayName: 'HTTP Basic Authentication Header',
    provider: null,
    providerSlug: null,
    generate: (r) => `Authorization: Basic ${r.string(32, BASE62)}=`,
  },
  {
    secretType: 'mongodb_connection_string',
    displayName: 'MongoDB Connection String',
    provider: null,
    providerSlug: null,
    generate: (r) => `mongodb+srv://app:${r.string(16, BASE62)}@cluster0.${r.string(5, 'abcdefghijklmnopqrstuvwxyz0123456789')}.mongodb.net/prod`,
  },
  {
    secretType: 'postgres_connection_string',
    displayName: 'PostgreSQL Connection String',
    provider: null,
    providerSlug: null,
    generate: (r) => `postgres://service:${r.string(18, BASE62)}@db-${r.int(1, 9)}.internal:5432/app`,
  },
  {
    secretType: 'rsa_private_key',
    displayName: 'RSA Private Key',
    provider: null,
    providerSlug: null,
    generate: (r) => `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${r.string(58, BASE64)}\n-----END RSA PRIVATE KEY-----`,
  },
];
