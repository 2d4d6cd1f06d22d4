import { requireRepoAccess } from './auth.ts';
import { ok, param, type HandlerResult, type RequestContext } from './request-context.ts';

/**
 * GET /repos/{owner}/{repo}/secret-scanning/scan-history: 404 where secret scanning is off, as on
 * GitHub; a repository that was never scanned has empty lists.
 */
export function getScanHistory(context: RequestContext): HandlerResult {
  const { repo } = requireRepoAccess(context.state, context.principal, param(context, 'owner'), param(context, 'repo'), false);
  const history = context.state.dataset.scanHistories[repo.full_name];
  return ok(history ?? { incremental_scans: [], pattern_update_scans: [], backfill_scans: [], custom_pattern_backfill_scans: [], generic_secrets_backfill_scans: [] });
}
