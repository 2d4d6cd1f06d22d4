import { alertKeyComparator, alertSortKey, matchesAlertQuery, parseAlertListQuery, type AlertListQuery } from './alert-query.ts';
import { actorUser, requireEnterpriseAccess, requireOrgAccess, requireRepoAccess } from './auth.ts';
import type { DemoAlertRecord } from './dataset.ts';
import type { DemoState, ListedAlert } from './demo-state.ts';
import { GitHubError } from './github-error.ts';
import { isoSeconds } from './github-objects.ts';
import type { AlertResolution, SecretScanningAlert, SecretScanningAlertWithMetadata, SimpleUser } from './github-types.ts';
import { paginateByCursor, paginateByPage, wantsCursor, type Page } from './pagination.ts';
import { ok, okWithLink, param, parseJsonObject, type HandlerResult, type RequestContext } from './request-context.ts';

function visible(alert: SecretScanningAlert, hideSecret: boolean): SecretScanningAlert {
  if (!hideSecret) return alert;
  const { secret: _secret, ...rest } = alert;
  return rest;
}

function hideSecretRequested(context: RequestContext): boolean {
  return context.url.searchParams.get('hide_secret') === 'true';
}


/** Filters the sorted alerts of `scope`, then pages (cursor mode when asked for, or always for cursor-only lists). */
function listAlerts(
  state: DemoState,
  scope: string,
  records: () => readonly DemoAlertRecord[],
  context: RequestContext,
  cursorOnly: boolean,
): { query: AlertListQuery; page: Page<ListedAlert> } {
  const query = parseAlertListQuery(context.url.searchParams);
  const compare = alertKeyComparator(query);
  const keyOf = (item: ListedAlert) => alertSortKey(item.alert, item.record.repository.id, query);
  const sorted = state.sortedAlerts(`${scope}|${query.sort}|${query.direction}`, () =>
    records()
      .map((record) => state.listed(record))
      .map((item) => ({ item, key: keyOf(item) }))
      .sort((a, b) => compare(a.key, b.key))
      .map(({ item }) => item),
  );
  const listed = sorted.filter((item) => matchesAlertQuery(item.alert, query));
  const page =
    cursorOnly || wantsCursor(context.url.searchParams)
      ? paginateByCursor(listed, context.url, keyOf, compare)
      : paginateByPage(listed, context.url);
  return { query, page };
}

export function listOrgAlerts(context: RequestContext): HandlerResult {
  const org = requireOrgAccess(context.state, context.principal, param(context, 'org'), false);
  const login = org.login.toLowerCase();
  const { query, page } = listAlerts(context.state, `org:${login}`, () => context.state.alertsByOrg.get(login) ?? [], context, false);
  const body = page.items.map(({ alert, repository }) => ({ ...visible(alert, query.hideSecret), repository }));
  return okWithLink(body, page.link);
}

export function listRepoAlerts(context: RequestContext): HandlerResult {
  const { repo } = requireRepoAccess(context.state, context.principal, param(context, 'owner'), param(context, 'repo'), false);
  const records = () => context.state.alertsByRepo.get(repo.id) ?? [];
  const { query, page } = listAlerts(context.state, `repo:${repo.id}`, records, context, false);
  return okWithLink(page.items.map(({ alert }) => visible(alert, query.hideSecret)), page.link);
}

/** GHEC enterprise list: cursor-only, alerts of the enterprise's orgs the caller may read. */
export function listEnterpriseAlerts(context: RequestContext): HandlerResult {
  const { state, principal } = context;
  const token = requireEnterpriseAccess(state, principal, param(context, 'enterprise'), false);
  const orgs = state.dataset.enterprise.orgs.filter((login) => state.org(login)?.secretScanningEnabled && token.readableOrgs.includes(login));
  const records = () => orgs.flatMap((login) => state.alertsByOrg.get(login.toLowerCase()) ?? []);
  const { query, page } = listAlerts(state, `enterprise:${orgs.join(',')}`, records, context, true);
  const body = page.items.map(({ alert, repository }) => ({ ...visible(alert, query.hideSecret), repository }));
  return okWithLink(body, page.link);
}

function alertRecordOf(context: RequestContext, write: boolean): DemoAlertRecord {
  const { repo } = requireRepoAccess(context.state, context.principal, param(context, 'owner'), param(context, 'repo'), write);
  const number = Number(param(context, 'alert_number'));
  const record = Number.isInteger(number) ? context.state.alertRecord(repo.id, number) : undefined;
  if (record === undefined) throw GitHubError.notFound();
  return record;
}

function withMetadata(record: DemoAlertRecord, alert: SecretScanningAlert, hideSecret: boolean): SecretScanningAlertWithMetadata {
  return { ...visible(alert, hideSecret), metadata: record.metadata };
}

export function getAlert(context: RequestContext): HandlerResult {
  const record = alertRecordOf(context, false);
  return ok(withMetadata(record, context.state.currentAlert(record), hideSecretRequested(context)));
}

export function listAlertLocations(context: RequestContext): HandlerResult {
  const record = alertRecordOf(context, false);
  const page = paginateByPage(record.locations, context.url);
  return okWithLink(page.items, page.link);
}

const UPDATE_RESOLUTIONS: readonly AlertResolution[] = ['false_positive', 'wont_fix', 'revoked', 'used_in_tests'];


const invalidField = (field: string, value: unknown, message: string) =>
  GitHubError.validation([{ resource: 'SecretScanningAlert', field, code: 'invalid', value: String(value), message }]);

/** PATCH: resolve/reopen, assign, or override validity, with GitHub's 400/422 rules. */
export function updateAlert(context: RequestContext): HandlerResult {
  const record = alertRecordOf(context, true);
  const body = parseJsonObject(context.body);
  const current = context.state.currentAlert(record);
  const { state, resolution, resolution_comment: comment, assignee, validity } = body;
  if (!('state' in body) && !('assignee' in body) && !('validity' in body)) {
    throw GitHubError.validation([{ resource: 'SecretScanningAlert', field: 'state', code: 'missing_field', message: 'state, assignee or validity is required' }]);
  }
  if ('state' in body && state !== 'open' && state !== 'resolved') throw invalidField('state', state, 'state must be open or resolved');
  if (resolution !== undefined && resolution !== null && !UPDATE_RESOLUTIONS.includes(resolution as AlertResolution)) {
    throw invalidField('resolution', resolution, `resolution must be one of ${UPDATE_RESOLUTIONS.join(', ')}`);
  }
  if (state === 'resolved' && (resolution === undefined || resolution === null)) {
    throw invalidField('resolution', resolution, 'resolution is required when state is resolved');
  }
  if (state === 'open' && resolution !== undefined && resolution !== null) {
    throw invalidField('resolution', resolution, 'resolution must be empty when state is open');
  }
  if (comment !== undefined && comment !== null && typeof comment !== 'string') {
    throw GitHubError.basic(400, 'The resolution comment is invalid.');
  }
  if ('validity' in body && validity !== null && validity !== 'active' && validity !== 'inactive') {
    throw invalidField('validity', validity, 'validity must be active or inactive');
  }
  let assignedTo: SimpleUser | null = current.assigned_to;
  if ('assignee' in body) {
    assignedTo = assignee === null ? null : assignableUser(context.state, record, assignee);
  }
  const unchanged =
    'state' in body &&
    state === current.state &&
    (state === 'open' || resolution === current.resolution) &&
    !('assignee' in body) &&
    !('validity' in body);
  if (unchanged) throw GitHubError.basic(400, 'The resolution did not change.');

  const now = isoSeconds(context.nowMs);
  const updated: SecretScanningAlert = { ...current, assigned_to: assignedTo, updated_at: now };
  if (state === 'resolved') {
    Object.assign(updated, {
      state: 'resolved',
      resolution: resolution as AlertResolution,
      resolved_at: now,
      resolved_by: actorUser(context.principal, context.state.dataset.app),
      resolution_comment: typeof comment === 'string' ? comment : null,
    });
  } else if (state === 'open') {
    Object.assign(updated, { state: 'open', resolution: null, resolved_at: null, resolved_by: null, resolution_comment: null });
  }
  if ('validity' in body) updated.validity = validity === 'active' || validity === 'inactive' ? validity : record.alert.validity;
  context.state.updateAlert(record, updated, actorUser(context.principal, context.state.dataset.app));
  return ok(withMetadata(record, updated, false));
}

function assignableUser(state: DemoState, record: DemoAlertRecord, login: unknown): SimpleUser {
  const user = typeof login === 'string' ? state.dataset.users.find((candidate) => candidate.login.toLowerCase() === login.toLowerCase()) : undefined;
  const token = state.dataset.tokens.find((candidate) => candidate.user.login === user?.login);
  if (user === undefined || (token !== undefined && !token.memberOrgs.includes(record.org))) {
    throw invalidField('assignee', login, 'the assignee must have write access to the repository');
  }
  return user;
}
