/** Thrown by handlers to answer with one of GitHub's error bodies. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }

  /** GitHub's basic-error body: {message, documentation_url, status}. */
  static basic(status: number, message: string, documentationUrl = DOCS_URL, headers: Record<string, string> = {}): GitHubError {
    return new GitHubError(status, { message, documentation_url: documentationUrl, status: String(status) }, headers);
  }

  static notFound(): GitHubError {
    return GitHubError.basic(404, 'Not Found');
  }

  /** GitHub's validation-error body (422). */
  static validation(errors: ValidationErrorItem[], message = 'Validation Failed'): GitHubError {
    return new GitHubError(422, { message, errors, documentation_url: DOCS_URL, status: '422' });
  }

  static invalidValue(resource: string, field: string, value: string): GitHubError {
    return GitHubError.validation(
      [{ resource, field, code: 'invalid', value, message: `${field} must be one of the documented values` }],
      `Invalid value for ${field}: ${value}`,
    );
  }
}

export interface ValidationErrorItem {
  resource?: string;
  field?: string;
  message?: string;
  code: string;
  value?: string;
}

export const DOCS_URL = 'https://docs.github.com/rest/secret-scanning/secret-scanning';
