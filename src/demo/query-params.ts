import { GitHubError } from './github-error.ts';

/** An enum query parameter: absent or empty gives `fallback`; anything not listed answers 422 like GitHub. */
export function oneOf<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T, resource: string): T {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const found = allowed.find((value) => value === raw);
  if (found === undefined) throw GitHubError.invalidValue(resource, name, raw);
  return found;
}

/** An optional enum query parameter: undefined when absent or empty. */
export function optionalOneOf<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], resource: string): T | undefined {
  const raw = query.get(name);
  return raw === null || raw === '' ? undefined : oneOf(query, name, allowed, allowed[0] as T, resource);
}
