import { alertMatches, validateFilter, type AlertFilter } from '../alerts/query.ts';
import type { GatewayContext } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import type { AlertChange } from '../events.ts';
import { assertFilterSupported, scopeQuery } from './alert-reads.ts';

/**
 * The changes one subscriber may receive: of the organizations it may read (named, or the
 * configured ones it may read), matching its filter. The policy applies to every event, not only
 * at subscribe time: an event of another organization is never delivered. A caller served with
 * its own GitHub token (passthrough) gets the organizations its token is verified to read (one
 * read of each, cached like any). Loaders are emptied and the GitHub-call budget renewed for each
 * event, so a long subscription neither serves stale reads nor runs out.
 */
export async function subscribeToAlertChanges(
  context: GatewayContext,
  args: { orgs?: readonly string[] | null; filter?: AlertFilter | null },
): Promise<AsyncGenerator<AlertChange, void, undefined>> {
  const { logins, refused } = context.policy.organizationsToRead(args.orgs, context.defaultOrgs);
  if (refused[0]) throw new ForbiddenError(refused[0].message);
  const filter = args.filter ?? {};
  validateFilter(filter);
  assertFilterSupported(filter, context.capabilities);
  const readable = context.policy.caller.readsWithOwnToken ? await verifiedOrgs(context, logins) : logins;
  const orgs = new Set(readable.map((login) => login.toLowerCase()));
  const matches = alertMatches(filter);
  const changes = context.events.subscribe(
    (change) => orgs.has(change.record.repository.owner.toLowerCase()) && context.policy.mayRead(change.record.repository.owner) && matches(change.record),
    context.deadline.signal,
  );
  return (async function* perEvent() {
    for await (const change of changes) {
      for (const loader of Object.values(context.loaders)) loader.clearAll();
      context.budget.renewCalls();
      yield change;
    }
  })();
}

async function verifiedOrgs(context: GatewayContext, logins: readonly string[]): Promise<string[]> {
  const probes = await Promise.all(
    logins.map(async (org) => {
      const page = await context.store.page(scopeQuery(context, { kind: 'organizations', orgs: [org], enterprise: null }, {}), {
        first: 1,
        after: null,
        withTotalCount: false,
      });
      return (await page.failures()).length === 0 ? org : null;
    }),
  );
  return probes.filter((org) => org !== null);
}
