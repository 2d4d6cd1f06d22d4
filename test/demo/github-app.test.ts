import { createSign } from 'node:crypto';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import { call, useDemoGitHub } from './http.ts';

const dataset = createDemoDataset();
const { app } = dataset;
const demo = useDemoGitHub({ dataset });

function jwt(claims: Record<string, unknown>, privateKeyPem = app.privateKeyPem): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url');
  return `${unsigned}.${signature}`;
}

const now = () => Math.floor(Date.now() / 1000);
const validJwt = () => jwt({ iss: app.id, iat: now() - 30, exp: now() + 540 });

describe('GitHub App authentication', () => {
  it('accepts only valid App JWTs on the App endpoints', async () => {
    expect((await call(demo, '/app', { token: validJwt() })).status).toBe(200);
    expect((await call(demo, '/app', { token: jwt({ iss: 1, iat: now() - 30, exp: now() + 540 }) })).status).toBe(401);
    expect((await call(demo, '/app', { token: jwt({ iss: app.id, iat: now() - 700, exp: now() - 10 }) })).status).toBe(401);
    expect((await call(demo, '/app', { token: jwt({ iss: app.id, iat: now(), exp: now() + 3600 }) })).status).toBe(401);
    const otherKey = createDemoDataset({ seed: 99 }).app.privateKeyPem;
    expect((await call(demo, '/app', { token: jwt({ iss: app.id, iat: now() - 30, exp: now() + 540 }, otherKey) })).status).toBe(401);
    expect((await call(demo, '/app')).status).toBe(401);
    expect((await call(demo, '/orgs/acme-corp/secret-scanning/alerts', { token: validJwt() })).status).toBe(401);
  });

  it('lists installations and finds the org installation', async () => {
    const installations = await call<{ id: number; account: { login: string } }[]>(demo, '/app/installations', { token: validJwt() });
    expect(installations.body.map((installation) => installation.account.login)).toEqual(app.installations.map((installation) => installation.org));
    const globex = await call<{ id: number }>(demo, '/orgs/globex/installation', { token: validJwt() });
    expect(globex.body.id).toBe(app.installations.find((installation) => installation.org === 'globex')?.id);
    expect((await call(demo, '/orgs/hooli/installation', { token: validJwt() })).status).toBe(404);
  });

  it('mints installation tokens usable only for their org', async () => {
    const installation = app.installations.find((candidate) => candidate.org === 'acme-labs');
    const minted = await call<{ token: string; expires_at: string; permissions: unknown; repository_selection: string }>(
      demo,
      `/app/installations/${installation?.id}/access_tokens`,
      { method: 'POST', token: validJwt() },
    );
    expect(minted.status).toBe(201);
    expect(minted.body.token).toMatch(/^ghs_[0-9A-Za-z]{36}$/);
    expect(Date.parse(minted.body.expires_at) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(minted.body.repository_selection).toBe('all');
    const token = minted.body.token;
    expect((await call(demo, '/orgs/acme-labs/secret-scanning/alerts', { token })).status).toBe(200);
    expect((await call(demo, '/orgs/acme-corp/secret-scanning/alerts', { token })).status).toBe(403);
    expect((await call(demo, '/app/installations/1/access_tokens', { method: 'POST', token: validJwt() })).status).toBe(404);
  });

  it('works with @octokit/auth-app end to end', async () => {
    const installation = app.installations.find((candidate) => candidate.org === 'initech');
    const octokit = new Octokit({
      baseUrl: demo.url,
      authStrategy: createAppAuth,
      auth: { appId: app.id, privateKey: app.privateKeyPem, installationId: installation?.id },
    });
    const { data } = await octokit.request('GET /orgs/{org}/secret-scanning/alerts', { org: 'initech', per_page: 5 });
    expect(data).toHaveLength(5);
    const first = data[0];
    if (first?.repository === undefined || first.number === undefined) throw new Error('alert without repository or number');
    const resolved = await octokit.request('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
      owner: 'initech',
      repo: first.repository.name,
      alert_number: first.number,
      state: first.state === 'open' ? 'resolved' : 'open',
      ...(first.state === 'open' ? { resolution: 'revoked' as const } : {}),
    });
    expect(resolved.status).toBe(200);
    if (resolved.data.state === 'resolved') expect(resolved.data.resolved_by?.type).toBe('Bot');
  });
});
