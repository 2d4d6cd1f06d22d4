import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../src/alerts/model.ts';
import { planStreams, type AlertFilter, type StreamPlan } from '../../src/alerts/query.ts';
import type { RestRepoAlert } from '../../src/github/types.ts';

const DESC_CREATED = { field: 'CREATED_AT', direction: 'DESC' } as const;
/** GitHub's non-provider patterns, which its lists return only when named (docs, "Supported secret scanning patterns"). */
const GENERIC_TYPES =
  'http_basic_authentication_header,http_bearer_authentication_header,mongodb_connection_string,mysql_connection_string,' +
  'openssh_private_key,password,pgp_private_key,postgres_connection_string,rsa_private_key';

function record(alert: Partial<RestRepoAlert> = {}, repository = 'acme-corp/payments-api'): AlertRecord {
  const [owner, name] = repository.split('/') as [string, string];
  const created = Date.parse(alert.created_at ?? '2026-05-01T00:00:00Z');
  return {
    repository: { owner, name, nameWithOwner: repository, isPrivate: true, url: `https://github.test/${repository}` },
    alert: { number: 1, state: 'open', secret_type: 'github_personal_access_token', validity: 'active', created_at: '2026-05-01T00:00:00Z', ...alert } as RestRepoAlert,
    sortKeys: { created, updated: created },
  };
}

/** Each plan without its predicate, for comparing with literal expectations. */
const shape = (plans: StreamPlan[]) => plans.map(({ name, params, filteredUpstream }) => ({ name, params, filteredUpstream }));
const accepted = (plan: StreamPlan, records: AlertRecord[]) => records.map((r) => plan.accepts(r));

describe('planStreams', () => {
  it('reads two streams without a type filter: the default one and one naming the generic types', () => {
    const plans = planStreams({}, DESC_CREATED, true);
    expect(shape(plans)).toEqual([
      { name: 'default', params: { sort: 'created', direction: 'desc', hide_secret: true }, filteredUpstream: true },
      { name: 'generic', params: { sort: 'created', direction: 'desc', hide_secret: true, secret_type: GENERIC_TYPES }, filteredUpstream: true },
    ]);
    const [provider, password, rsa] = [record(), record({ secret_type: 'password' }), record({ secret_type: 'rsa_private_key' })];
    // Each alert belongs to exactly one stream, so a server that returns everything still yields each once.
    expect(accepted(plans[0]!, [provider, password, rsa])).toEqual([true, false, false]);
    expect(accepted(plans[1]!, [provider, password, rsa])).toEqual([false, true, true]);
  });

  it('maps the order and the secret visibility', () => {
    expect(shape(planStreams({}, { field: 'UPDATED_AT', direction: 'ASC' }, false))[0]).toEqual({
      name: 'default',
      params: { sort: 'updated', direction: 'asc', hide_secret: false },
      filteredUpstream: true,
    });
  });

  it('reads one stream naming exactly the types asked for, once each', () => {
    const plans = planStreams({ secretTypes: ['password', 'github_personal_access_token', 'password'] }, DESC_CREATED, true);
    expect(shape(plans)).toEqual([
      { name: 'named', params: { sort: 'created', direction: 'desc', hide_secret: true, secret_type: 'password,github_personal_access_token' }, filteredUpstream: true },
    ]);
    const types = ['password', 'github_personal_access_token', 'rsa_private_key', 'aws_access_key_id'];
    expect(accepted(plans[0]!, types.map((secret_type) => record({ secret_type })))).toEqual([true, true, false, false]);
  });

  it('treats empty lists as no filter', () => {
    const filter: AlertFilter = { secretTypes: [], resolutions: [], validities: [], repositories: [] };
    expect(shape(planStreams(filter, DESC_CREATED, true))).toEqual(shape(planStreams({}, DESC_CREATED, true)));
  });

  it('sends state, resolutions and validities to GitHub, lowercased, and checks them again on what comes back', () => {
    const [plan] = planStreams({ state: 'RESOLVED', resolutions: ['REVOKED', 'FALSE_POSITIVE'], validities: ['INACTIVE', 'UNKNOWN'] }, DESC_CREATED, true);
    expect(plan!.params).toEqual({
      sort: 'created',
      direction: 'desc',
      hide_secret: true,
      state: 'resolved',
      resolution: 'revoked,false_positive',
      validity: 'inactive,unknown',
    });
    expect(plan!.filteredUpstream).toBe(true);
    const resolved = { state: 'resolved' as const, resolution: 'revoked' as const, validity: 'inactive' as const };
    expect(
      accepted(plan!, [
        record(resolved),
        record({ ...resolved, resolution: 'false_positive', validity: 'unknown' }),
        record({ ...resolved, validity: undefined }), // no validity reported: unknown
        record({ ...resolved, state: 'open' }),
        record({ ...resolved, resolution: 'wont_fix' }),
        record({ ...resolved, validity: 'active' }),
      ]),
    ).toEqual([true, true, true, false, false, false]);
    expect(planStreams({ state: 'OPEN' }, DESC_CREATED, true)[0]!.params.state).toBe('open');
  });

  it.each([
    ['publiclyLeaked', 'publicly_leaked', 'is_publicly_leaked'],
    ['multiRepo', 'multi_repo', 'is_multi_repo'],
  ] as const)('sends %s: true to GitHub, applies false itself, and keeps alerts that do not say', (flag, field, param) => {
    const [yes] = planStreams({ [flag]: true }, DESC_CREATED, true);
    const [no] = planStreams({ [flag]: false }, DESC_CREATED, true);
    expect(yes!.params).toEqual({ sort: 'created', direction: 'desc', hide_secret: true, [param]: true });
    expect(no!.params).toEqual({ sort: 'created', direction: 'desc', hide_secret: true });
    expect([yes!.filteredUpstream, no!.filteredUpstream]).toEqual([true, true]);
    const records = [record({ [field]: true }), record({ [field]: false }), record({ [field]: undefined })];
    expect(accepted(yes!, records)).toEqual([true, false, true]);
    expect(accepted(no!, records)).toEqual([false, true, true]);
  });

  it('applies repositories itself, by name or owner/name in any case, and says GitHub does not filter', () => {
    const [plan] = planStreams({ repositories: ['payments-api', 'Globex/Docs'] }, DESC_CREATED, true);
    expect(plan!.params).toEqual({ sort: 'created', direction: 'desc', hide_secret: true });
    expect(plan!.filteredUpstream).toBe(false);
    expect(
      accepted(plan!, [
        record({}, 'acme-corp/payments-api'),
        record({}, 'globex/payments-api'),
        record({}, 'globex/docs'),
        record({}, 'GLOBEX/Docs'),
        record({}, 'acme-corp/docs'),
        record({}, 'acme-corp/payments-api-v2'),
      ]),
    ).toEqual([true, true, true, true, false, false]);
  });

  it('applies half-open time windows itself: after inclusive, before exclusive', () => {
    const window = { createdAfter: new Date('2026-01-01T00:00:00Z'), createdBefore: new Date('2026-02-01T00:00:00Z') };
    const [created] = planStreams(window, DESC_CREATED, true);
    expect(created!.params).toEqual({ sort: 'created', direction: 'desc', hide_secret: true });
    expect(created!.filteredUpstream).toBe(false);
    const at = (created_at: string) => record({ created_at });
    expect(
      accepted(created!, [at('2025-12-31T23:59:59Z'), at('2026-01-01T00:00:00Z'), at('2026-01-31T23:59:59Z'), at('2026-02-01T00:00:00Z')]),
    ).toEqual([false, true, true, false]);

    const [resolved] = planStreams({ resolvedAfter: new Date('2026-03-01T00:00:00Z'), resolvedBefore: new Date('2026-04-01T00:00:00Z') }, DESC_CREATED, true);
    expect(resolved!.filteredUpstream).toBe(false);
    const closed = (resolved_at: string | null) => record({ state: 'resolved', resolution: 'revoked', resolved_at });
    expect(
      accepted(resolved!, [closed('2026-03-01T00:00:00Z'), closed('2026-03-31T23:59:59Z'), closed('2026-04-01T00:00:00Z'), closed(null), record()]),
    ).toEqual([true, true, false, false, false]);

    // One bound is enough to take the filtering away from GitHub.
    for (const filter of [{ createdAfter: window.createdAfter }, { createdBefore: window.createdBefore }, { resolvedBefore: window.createdBefore }]) {
      expect(planStreams(filter, DESC_CREATED, true).map((p) => p.filteredUpstream)).toEqual([false, false]);
    }
  });

  it('combines a named type with every other filter in one stream', () => {
    const filter: AlertFilter = { secretTypes: ['password'], state: 'OPEN', validities: ['UNKNOWN'], multiRepo: true, repositories: ['docs'] };
    const plans = planStreams(filter, { field: 'UPDATED_AT', direction: 'DESC' }, true);
    expect(shape(plans)).toEqual([
      {
        name: 'named',
        params: { sort: 'updated', direction: 'desc', hide_secret: true, state: 'open', validity: 'unknown', is_multi_repo: true, secret_type: 'password' },
        filteredUpstream: false,
      },
    ]);
    const base = { secret_type: 'password', state: 'open' as const, validity: 'unknown' as const, multi_repo: true };
    expect(
      accepted(plans[0]!, [
        record(base, 'acme-corp/docs'),
        record(base, 'acme-corp/api'),
        record({ ...base, secret_type: 'rsa_private_key' }, 'acme-corp/docs'),
        record({ ...base, multi_repo: false }, 'acme-corp/docs'),
      ]),
    ).toEqual([true, false, false, false]);
  });
});
