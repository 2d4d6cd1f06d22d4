/** An organization whose alerts could not be read; the rest of the answer stands. */
export interface OrganizationFailure {
  login: string;
  code: string;
  message: string;
}
