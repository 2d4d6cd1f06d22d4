/**
 * Secret types that GitHub's alert lists omit unless they are named in `secret_type`
 * ("All default secret patterns are returned. To return generic patterns, pass the token
 * name(s) in the parameter."): the non-provider patterns and Copilot's generic passwords.
 * https://docs.github.com/code-security/secret-scanning/introduction/supported-secret-scanning-patterns#non-provider-patterns
 */
export const GENERIC_SECRET_TYPES: readonly string[] = [
  'http_basic_authentication_header',
  'http_bearer_authentication_header',
  'mongodb_connection_string',
  'mysql_connection_string',
  'openssh_private_key',
  'password',
  'pgp_private_key',
  'postgres_connection_string',
  'rsa_private_key',
];

const GENERIC = new Set(GENERIC_SECRET_TYPES);

export function isGenericSecretType(secretType: string): boolean {
  return GENERIC.has(secretType);
}
