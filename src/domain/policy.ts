import { ForbiddenError, ValidationError } from '../errors.ts';
import { assertLogin } from '../github/names.ts';
import type { OrganizationFailure } from './failures.ts';
import type { RequestBudget } from './request-budget.ts';

/** Who is asking, and what they may do. */
export interface Caller {
  /** Shown in audit lines: an API key's name, a GitHub login, or "local". Never a credential. */
  name: string;
  canSeeSecrets: boolean;
  canWrite: boolean;
  /** Whether the caller may see the rate limit of the credential serving it (the service's, in api-keys mode). */
  canReadRateLimit: boolean;
  /** Organizations this caller may name (lowercase); null means any the credential can read. */
  orgAllowlist: ReadonlySet<string> | null;
  /** The caller's own GitHub token serves it (passthrough): GitHub, not the allowlist, decides what it may read. */
  readsWithOwnToken?: boolean;
}

const ENTERPRISE_SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,98}[A-Za-z0-9])?$/;

/**
 * The one authorization policy of the gateway. Every entry point (GraphQL, the CSV export,
 * webhooks, subscriptions) builds one per request from its caller, and every GitHub call of
 * that request is checked against it by the organization the call actually addresses (see
 * guarded-github.ts), so a new field cannot forget a check. Resolvers call it too, to refuse
 * early and to turn refused organizations into `failures`.
 */
export class AccessPolicy {
  constructor(
    readonly caller: Caller,
    private readonly budget: RequestBudget,
  ) {}

  mayRead(login: string): boolean {
    const allowlist = this.caller.orgAllowlist;
    return allowlist === null || allowlist.has(login.toLowerCase());
  }

  /** Validates a login and checks the caller may read that organization; counts it against the request's budget. */
  authorizeRead(login: string, field = 'login'): string {
    assertLogin(login, field);
    if (!this.mayRead(login)) throw new ForbiddenError(`This caller may not read organization "${login}".`);
    this.budget.claimOrgs([login], field);
    return login;
  }

  assertCanWrite(): void {
    if (!this.caller.canWrite) throw new ForbiddenError('This caller has read-only access and may not change alerts or settings.');
  }

  /** Writes need a caller allowed to write, and an organization it may read. */
  authorizeWrite(login: string, field = 'org'): string {
    this.assertCanWrite();
    return this.authorizeRead(login, field);
  }

  /**
   * The audit log shows what writers did, so only callers that may write read it (and only the
   * entries of organizations they may read: see domain/audit-log.ts).
   */
  authorizeAuditLog(): void {
    if (!this.caller.canWrite) throw new ForbiddenError('The audit log is for callers with write permission; this caller has read-only access.');
  }

  /**
   * Whether the caller may see what spans organizations (enterprise settings, multi-org entries):
   * not one limited to some, nor one whose own token decides what it reads.
   */
  mayReadEveryOrganization(): boolean {
    return this.caller.orgAllowlist === null && !this.caller.readsWithOwnToken;
  }

  /**
   * Enterprise-wide objects span organizations, so only callers that may read every
   * organization may address them; a caller limited to some is refused.
   */
  authorizeEnterprise(slug: string, options: { write?: boolean; field?: string } = {}): string {
    const field = options.field ?? 'enterprise';
    if (!ENTERPRISE_SLUG.test(slug)) throw new ValidationError(`"${slug.slice(0, 60)}" is not an enterprise slug.`, field);
    if (this.caller.orgAllowlist !== null) {
      throw new ForbiddenError(`This caller is limited to some organizations and may not read enterprise "${slug}" as a whole.`);
    }
    if (options.write) this.assertCanWrite();
    return slug;
  }

  authorizeRateLimit(): void {
    if (!this.caller.canReadRateLimit) {
      throw new ForbiddenError('This caller may not see the rate limit of the gateway\'s GitHub credential (needs the "rate_limit" permission).');
    }
  }

  get canSeeSecrets(): boolean {
    return this.caller.canSeeSecrets;
  }

  /**
   * The organizations a cross-org read covers: the named ones, or the configured defaults the
   * caller may read. Malformed names and too many names fail the request; organizations outside
   * the caller's allowlist become FORBIDDEN failures, so the others are still answered.
   */
  organizationsToRead(
    requested: readonly string[] | null | undefined,
    defaults: readonly string[],
    field = 'orgs',
  ): { logins: string[]; refused: OrganizationFailure[] } {
    const wanted = requested ?? defaults.filter((login) => this.mayRead(login));
    if (wanted.length === 0) {
      throw new ValidationError('No organizations to read: pass `orgs` or configure GATEWAY_ORGS.', field);
    }
    const unique = [...new Map(wanted.map((login) => [login.toLowerCase(), login])).values()];
    for (const login of unique) assertLogin(login, field);
    this.budget.claimOrgs(unique, field);
    const logins = unique.filter((login) => this.mayRead(login));
    const refused = unique
      .filter((login) => !this.mayRead(login))
      .map((login) => ({ login, code: 'FORBIDDEN', message: `This caller may not read organization "${login}".` }));
    return { logins, refused };
  }
}
