import { randomBytes } from 'node:crypto';
import { requireApp } from './auth.ts';
import type { DemoApp, DemoInstallation } from './demo-app.ts';
import type { DemoState } from './demo-state.ts';
import { GitHubError } from './github-error.ts';
import { API_BASE, WEB_BASE, isoSeconds, simpleUser } from './github-objects.ts';
import { BASE62 } from './random.ts';
import { ok, param, type HandlerResult, type RequestContext } from './request-context.ts';

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

function appOwner(state: DemoState) {
  const owner = state.dataset.orgs[0];
  if (owner === undefined) throw new Error('the dataset has no orgs');
  return simpleUser(owner.login, owner.id, 'Organization');
}

/** GET /app (JWT). */
export function getApp(context: RequestContext): HandlerResult {
  const app = requireApp(context.principal);
  return ok({
    id: app.id,
    slug: app.slug,
    client_id: app.client_id,
    node_id: Buffer.from(`04:App${app.id}`).toString('base64'),
    owner: appOwner(context.state),
    name: app.name,
    description: 'Reads secret scanning alerts for the GraphQL gateway demo.',
    external_url: 'https://example.com/secret-scanning-gateway',
    html_url: `${WEB_BASE}/apps/${app.slug}`,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    permissions: { secret_scanning_alerts: 'write', metadata: 'read', organization_administration: 'read' },
    events: [],
    installations_count: app.installations.length,
  });
}

function installationBody(state: DemoState, app: DemoApp, installation: DemoInstallation) {
  const org = state.org(installation.org);
  if (org === undefined) throw new Error(`installation ${installation.id} on an unknown org`);
  return {
    id: installation.id,
    account: simpleUser(org.login, org.id, 'Organization'),
    repository_selection: installation.repository_selection,
    access_tokens_url: `${API_BASE}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${API_BASE}/installation/repositories`,
    html_url: `${WEB_BASE}/organizations/${org.login}/settings/installations/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    client_id: app.client_id,
    target_id: org.id,
    target_type: 'Organization',
    permissions: installation.permissions,
    events: [],
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

/** GET /app/installations (JWT). */
export function listInstallations(context: RequestContext): HandlerResult {
  const app = requireApp(context.principal);
  return ok(app.installations.map((installation) => installationBody(context.state, app, installation)));
}

/** GET /orgs/{org}/installation (JWT): 404 when the App is not installed there. */
export function getOrgInstallation(context: RequestContext): HandlerResult {
  const app = requireApp(context.principal);
  const login = param(context, 'org').toLowerCase();
  const installation = app.installations.find((candidate) => candidate.org.toLowerCase() === login);
  if (installation === undefined) throw GitHubError.notFound();
  return ok(installationBody(context.state, app, installation));
}

/** POST /app/installations/{installation_id}/access_tokens (JWT): a 1-hour token for that org only. */
export function createInstallationToken(context: RequestContext): HandlerResult {
  const app = requireApp(context.principal);
  const id = Number(param(context, 'installation_id'));
  const installation = app.installations.find((candidate) => candidate.id === id);
  if (installation === undefined) throw GitHubError.notFound();
  const token = `ghs_${Array.from(randomBytes(36), (byte) => BASE62[byte % BASE62.length]).join('')}`;
  const expiresAt = context.nowMs + TOKEN_LIFETIME_MS;
  context.state.installationTokens.set(token, { token, installation, expiresAt });
  return {
    status: 201,
    body: {
      token,
      expires_at: isoSeconds(expiresAt),
      permissions: installation.permissions,
      repository_selection: installation.repository_selection,
    },
  };
}
