import { UpstreamError } from '../errors.ts';
import { ServerCapabilities } from './capabilities.ts';

/** GitHub Enterprise Server names its release on every answer; api.github.com sends no such header. */
export const ENTERPRISE_VERSION_HEADER = 'x-github-enterprise-version';

/**
 * Which GitHub serves the configured REST base URL, learned once per host: one GET of the API
 * root (`GET /`, or `/api/v3/` on GHES) without any credential, whose answer (whatever its
 * status: a GHES in private mode answers 401 and still names its release) carries
 * `X-GitHub-Enterprise-Version` on GitHub Enterprise Server and nothing on GitHub.com or GHEC.
 * No credential is sent and no organization's data is read, so no policy applies to it. A
 * failed probe (GitHub unreachable, a 5xx without the header) is not remembered: the next
 * request asks again.
 */
export class GitHubServer {
  private learned: ServerCapabilities | null = null;
  private probing: Promise<ServerCapabilities> | null = null;

  constructor(
    private readonly apiUrl: string,
    private readonly transport: typeof fetch,
  ) {}

  /** What is known so far; null until the first probe answered. */
  get capabilities(): ServerCapabilities | null {
    return this.learned;
  }

  detect(): Promise<ServerCapabilities> {
    if (this.learned) return Promise.resolve(this.learned);
    this.probing ??= this.probe().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  private async probe(): Promise<ServerCapabilities> {
    let response: Response;
    try {
      response = await this.transport(`${this.apiUrl}/`, {
        headers: { accept: 'application/vnd.github+json', 'user-agent': 'secret-scanning-gateway' },
        redirect: 'manual',
      });
    } catch {
      throw new UpstreamError('GitHub could not be reached to learn which release it runs.');
    }
    await response.body?.cancel();
    const version = response.headers.get(ENTERPRISE_VERSION_HEADER);
    if (version === null && response.status >= 500) {
      throw new UpstreamError(`GitHub answered ${response.status} when asked which release it runs.`, response.status);
    }
    this.learned = version === null ? ServerCapabilities.DOTCOM : new ServerCapabilities(version.trim().slice(0, 40));
    return this.learned;
  }
}
