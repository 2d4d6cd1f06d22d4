import { DomainError, ValidationError } from '../errors.ts';

/** The request needed more GitHub reads than one request may make; it was stopped as a whole. */
export class RequestBudgetError extends DomainError {
  readonly code = 'BUDGET_EXCEEDED';
}

export interface RequestBudgetLimits {
  /** Distinct organizations one request may read, over all its fields and aliases. */
  maxOrgs: number;
  /** GitHub calls one request may make (answers served from the cache included). */
  maxUpstreamCalls: number;
}

/**
 * What one request may cost, whatever its aliases: a set of organizations and a number of
 * GitHub calls. Fields claim organizations before they read anything; every GitHub call of the
 * request is counted by the guarded client (guarded-github.ts). Past the call budget, further
 * calls are refused and the request is answered with one BUDGET_EXCEEDED error.
 */
export class RequestBudget {
  private readonly orgs = new Set<string>();
  private calls = 0;
  exceeded: RequestBudgetError | null = null;

  constructor(readonly limits: RequestBudgetLimits) {}

  claimOrgs(logins: readonly string[], field: string): void {
    const added = logins.filter((login) => !this.orgs.has(login.toLowerCase()));
    if (this.orgs.size + added.length > this.limits.maxOrgs) {
      throw new ValidationError(
        `At most ${this.limits.maxOrgs} organizations per request, over all fields and aliases (this one names ${this.orgs.size + added.length}).`,
        field,
      );
    }
    for (const login of added) this.orgs.add(login.toLowerCase());
  }

  countUpstreamCall(): void {
    if (this.exceeded) throw this.exceeded;
    this.calls += 1;
    if (this.calls > this.limits.maxUpstreamCalls) {
      this.exceeded = new RequestBudgetError(
        `This request needs more than ${this.limits.maxUpstreamCalls} GitHub calls (GATEWAY_MAX_UPSTREAM_CALLS); narrow it (fewer organizations, a filter, smaller pages) or split it.`,
      );
      throw this.exceeded;
    }
  }

  /** A long-lived request (a subscription) gets its call budget back for each event it serves. */
  renewCalls(): void {
    this.calls = 0;
    this.exceeded = null;
  }

  get upstreamCalls(): number {
    return this.calls;
  }
}
