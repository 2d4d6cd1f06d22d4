import { methodOf, urlOf } from './fetch-input.ts';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** GET /repos/{owner}/{repo}, under any base path (GHES: /api/v3). */
const REPOSITORY = /\/repos\/[^/]+\/[^/]+\/?$/;
/** Where GitHub sends a renamed or transferred repository: /repositories/{id}. */
const REPOSITORY_BY_ID = /\/repositories\/\d+\/?$/;

/** Marks the answer that replaces a redirect the gateway did not follow (read by errors.ts). */
export const REFUSED_REDIRECT_HEADER = 'x-gateway-refused-redirect';

/**
 * GitHub answers a renamed or transferred repository with a redirect to its new place, which may
 * belong to another organization. Followed blindly, an answer about organization B would be taken
 * for one about the organization in the URL (and authorized as such). So redirects are never
 * followed by fetch: the repository's own record (GET /repos/{owner}/{repo}) is followed one hop
 * to /repositories/{id} on the same host, because its answer names its real owner (which the
 * domain authorizes again); every other redirect becomes a 404 that says the repository moved.
 */
export function withRedirectPolicy(baseFetch: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await baseFetch(input, { ...init, redirect: 'manual' });
    if (!REDIRECTS.has(response.status)) return response;
    await response.body?.cancel();
    const from = new URL(urlOf(input));
    const location = response.headers.get('location');
    const target = location ? new URL(location, from) : null;
    if (
      methodOf(input, init) === 'GET' &&
      REPOSITORY.test(from.pathname) &&
      target !== null &&
      target.origin === from.origin &&
      REPOSITORY_BY_ID.test(target.pathname)
    ) {
      const followed = await baseFetch(target.href, { ...init, redirect: 'manual' });
      if (!REDIRECTS.has(followed.status)) return followed;
      await followed.body?.cancel();
    }
    return new Response(JSON.stringify({ message: 'Moved (redirect not followed by the gateway)' }), {
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8', [REFUSED_REDIRECT_HEADER]: '1' },
    });
  };
}
