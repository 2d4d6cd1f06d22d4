import { createPublicKey, verify } from 'node:crypto';
import type { DemoApp } from './demo-app.ts';

/** GitHub rejects App JWTs that live longer than 10 minutes; allow Octokit's 30 s backdated iat. */
const MAX_LIFETIME_SECONDS = 10 * 60 + 60;

/** Checks an App JWT like GitHub: RS256 signature by the app's key, iss = app id or client id, iat/exp window. */
export function verifyAppJwt(jwt: string, app: DemoApp, nowSeconds: number): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
    if (alg !== 'RS256') return false;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return false;
  }
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey(app.publicKeyPem),
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return false;
  if (String(claims.iss) !== String(app.id) && claims.iss !== app.client_id) return false;
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return false;
  return claims.iat <= nowSeconds + 60 && claims.exp > nowSeconds && claims.exp - claims.iat <= MAX_LIFETIME_SECONDS;
}

export function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3 && token.startsWith('eyJ');
}
