import { ValidationError } from '../errors.ts';

// GitHub's rules: logins are alphanumerics and single inner hyphens, at most 39 characters;
// repository names are [A-Za-z0-9._-], at most 100 characters, and never "." or "..".
// Checking them before any URL is built keeps a name from reaching another endpoint.
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;

export function assertLogin(login: string, field = 'login'): string {
  if (!LOGIN.test(login)) {
    throw new ValidationError(
      `"${truncate(login)}" is not a valid GitHub organization or user login (letters, digits and single hyphens, at most 39 characters).`,
      field,
    );
  }
  return login;
}

export function assertRepositoryName(name: string, field = 'name'): string {
  if (!REPOSITORY_NAME.test(name) || name === '.' || name === '..') {
    throw new ValidationError(
      `"${truncate(name)}" is not a valid GitHub repository name (letters, digits, ".", "_" and "-", at most 100 characters).`,
      field,
    );
  }
  return name;
}

export function isLogin(login: string): boolean {
  return LOGIN.test(login);
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
