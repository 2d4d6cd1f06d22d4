import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../src/alerts/model.ts';
import { alertMatches, DEFAULT_ORDER, planStreams, validateFilter, type AlertFilter } from '../../src/alerts/query.ts';
import { ValidationError } from '../../src/errors.ts';
import { GENERIC_SECRET_TYPES } from '../../src/github/secret-types.ts';
import type { RestRepoAlert } from '../../src/github/types.ts';

/** An alert with the given fields; a field left out is one the server did not send. */
function record(fields: Partial<RestRepoAlert>): AlertRecord {
  return {
    repository: { owner: 'acme', name: 'app', nameWithOwner: 'acme/app', isPrivate: true, url: 'https://github.test/acme/app' },
    alert: { number: 1, state: 'open', secret_type: 'aws_access_key_id', created_at: '2026-01-01T00:00:00Z', ...fields } as RestRepoAlert,
    sortKeys: { created: 0, updated: 0 },
  };
}

const user = (login: string) => ({ login }) as RestRepoAlert['assigned_to'];

describe('the assignee, provider and bypass filters', () => {
  it('are sent to GitHub on every stream, each as GitHub spells it', () => {
    const filter: AlertFilter = { assignee: 'none', excludeProviders: ['slack', 'aws'], isBypassed: false };
    for (const { params } of planStreams(filter, DEFAULT_ORDER, true)) {
      expect(params).toMatchObject({ assignee: 'none', exclude_providers: 'slack,aws', is_bypassed: false });
    }
    const [named] = planStreams({ secretTypes: ['password'], providers: ['github'] }, DEFAULT_ORDER, true);
    expect(named!.params).toMatchObject({ secret_type: 'password', providers: 'github' });
  });

  it('drop the generic stream for providers, and name only the generic types not excluded', () => {
    expect(planStreams({ providers: ['aws'] }, DEFAULT_ORDER, true).map((plan) => plan.name)).toEqual(['default']);
    const [main, generic] = planStreams({ excludeSecretTypes: ['password', 'slack_api_token'] }, DEFAULT_ORDER, true);
    expect(main!.params).toMatchObject({ exclude_secret_types: 'password,slack_api_token' });
    expect(main!.params.secret_type).toBeUndefined();
    expect(generic!.params.exclude_secret_types).toBeUndefined();
    expect(generic!.params.secret_type!.split(',')).toEqual(GENERIC_SECRET_TYPES.filter((type) => type !== 'password'));
    expect(planStreams({ excludeSecretTypes: [...GENERIC_SECRET_TYPES] }, DEFAULT_ORDER, true)).toHaveLength(1);
  });

  it('are checked again by the gateway, trusting GitHub only for fields it did not send', () => {
    const assignedToAlice = alertMatches({ assignee: 'Alice' });
    expect(assignedToAlice(record({ assigned_to: user('alice') }))).toBe(true);
    expect(assignedToAlice(record({ assigned_to: user('bob') }))).toBe(false);
    expect(assignedToAlice(record({ assigned_to: null }))).toBe(false);
    expect(assignedToAlice(record({}))).toBe(true);
    expect(alertMatches({ assignee: '*' })(record({ assigned_to: null }))).toBe(false);
    expect(alertMatches({ assignee: 'none' })(record({ assigned_to: user('bob') }))).toBe(false);

    const aws = alertMatches({ providers: ['aws'] });
    expect([aws(record({ provider_slug: 'aws' })), aws(record({ provider_slug: 'slack' })), aws(record({ provider_slug: null })), aws(record({}))]).toEqual([true, false, false, true]);
    const notAws = alertMatches({ excludeProviders: ['aws'] });
    expect([notAws(record({ provider_slug: 'aws' })), notAws(record({ provider_slug: null }))]).toEqual([false, true]);
    expect(alertMatches({ excludeSecretTypes: ['aws_access_key_id'] })(record({}))).toBe(false);
    const bypassed = alertMatches({ isBypassed: true });
    expect([bypassed(record({ push_protection_bypassed: true })), bypassed(record({ push_protection_bypassed: null })), bypassed(record({}))]).toEqual([true, false, true]);
    expect(alertMatches({ isBypassed: false })(record({ push_protection_bypassed: true }))).toBe(false);
  });

  it('refuse what GitHub does not combine, and malformed values, naming the field', () => {
    const fieldOf = (filter: AlertFilter) => {
      try {
        validateFilter(filter);
        return null;
      } catch (error) {
        return error instanceof ValidationError ? error.field : 'not a ValidationError';
      }
    };
    expect(fieldOf({ secretTypes: ['password'], excludeSecretTypes: ['password'] })).toBe('filter.excludeSecretTypes');
    expect(fieldOf({ providers: ['aws'], excludeProviders: ['slack'] })).toBe('filter.excludeProviders');
    expect(fieldOf({ providers: ['a,b'] })).toBe('filter.providers');
    expect(fieldOf({ assignee: 'not a login' })).toBe('filter.assignee');
    expect(fieldOf({ assignee: '*', providers: ['aws'], excludeSecretTypes: ['password'], isBypassed: true })).toBeNull();
  });
});
