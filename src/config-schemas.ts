import { z } from 'zod';
import { isLogin } from './github/names.ts';

/**
 * The shapes of the gateway's environment variables, as zod schemas over the variable's trimmed
 * text (config.ts reads them). An issue's message is what is wrong with the value, said after the
 * variable's name; a schema without messages of its own is given one by its reader.
 */

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

/** Text the way a comma-separated variable lists it: entries trimmed, blanks dropped. */
const commaList = z.string().transform((raw) => raw.split(',').map((entry) => entry.trim()).filter(Boolean));

export const integer = (min: number, max: number) => z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(min).max(max));

export const boolean = z.stringbool({ truthy: TRUE_WORDS, falsy: FALSE_WORDS });

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.string().toLowerCase().pipe(z.enum(values));

/** A REST base URL, without its trailing slashes. */
export const httpUrl = z
  .url({ error: (issue) => `must be an http(s) URL such as https://api.github.com or https://HOST/api/v3 (got "${String(issue.input)}")` })
  .transform((raw) => new URL(raw))
  .refine((url) => url.protocol === 'https:' || url.protocol === 'http:', { error: (issue) => `must use http or https (got "${(issue.input as URL).protocol}")` })
  .refine((url) => !url.username && !url.password && !url.search && !url.hash, { error: 'must not contain credentials, a query or a fragment' })
  .transform((url) => url.toString().replace(/\/+$/, ''));

export const organizationLogins = commaList
  .pipe(z.array(z.string().refine(isLogin, { error: (issue) => `contains "${String(issue.input)}", which is not a valid organization login` })))
  .transform((orgs) => [...new Set(orgs)]);

export const enterpriseSlug = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,98}[A-Za-z0-9])?$/, { error: (issue) => `must be an enterprise slug such as acme-enterprise (got "${String(issue.input)}")` });

/** Browser origins such as https://portal.example.com (a trailing slash is tolerated). */
export const origins = commaList.pipe(
  z.array(
    z
      .url({ abort: true, error: (issue) => `contains "${String(issue.input)}", which is not an origin such as https://portal.example.com` })
      .refine((origin) => new URL(origin).origin === origin.replace(/\/$/, ''), { error: (issue) => `entries must be bare origins (got "${String(issue.input)}")` })
      .transform((origin) => new URL(origin).origin),
  ),
);

/** Host names without scheme or port, `*.domain` patterns, IPv6 literals, or `*`; lowercased. */
export const hostNames = commaList.pipe(
  z.array(
    z
      .string()
      .toLowerCase()
      .regex(/^\*$|^(?:\*\.)?[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$|^[0-9a-f:]+$/, {
        error: (issue) => `contains "${String(issue.input)}", which is not a host name (no scheme or port), a *.domain pattern or *`,
      }),
  ),
);

/** A secret given as text (a signing key, a bearer token): long enough not to be guessed. */
export const secretOfAtLeast = (length: number, hint: string) => z.string().min(length, { error: `must be at least ${length} characters (${hint})` });

export const appId = z.string().regex(/^\d+$/, { error: (issue) => `must be the numeric App id (got "${String(issue.input)}")` }).transform(Number);

export const pemPrivateKey = z.string().regex(/-----BEGIN (RSA )?PRIVATE KEY-----/, { error: 'is not a PEM private key' });

export const PERMISSIONS = ['read', 'write', 'secrets', 'rate_limit'] as const;

/** What an entry of the API keys file lacks, by field (the key's position and name are said before it). */
const ENTRY_NEEDS = {
  sha256: 'needs "sha256": the hex SHA-256 of the key',
  orgs: 'needs "orgs": organization logins, or ["*"] for all',
  permissions: 'needs "permissions" with "read" and optionally "write", "secrets", "rate_limit"',
} as const;

const apiKeyEntry = z.object({
  name: z.string().trim().min(1),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).toLowerCase(),
  orgs: z.array(z.string().refine((org) => org === '*' || isLogin(org))).transform((orgs) => (orgs.includes('*') ? null : orgs.map((org) => org.toLowerCase()))),
  permissions: z.array(z.enum(PERMISSIONS)).refine((permissions) => permissions.includes('read')),
});

const KEYS_SHAPE = 'must hold {"keys": [...]} with at least one key';

/** GATEWAY_API_KEYS_FILE, parsed: {"keys": [...]}, each key's SHA-256 once. */
export const apiKeysDocument = z
  .object({ keys: z.array(z.unknown(), { error: KEYS_SHAPE }).min(1, { error: KEYS_SHAPE }) }, { error: KEYS_SHAPE })
  .transform(({ keys }, context) =>
    keys.map((entry, index) => {
      const parsed = apiKeyEntry.safeParse(entry);
      if (parsed.success) return parsed.data;
      // An entry that is not an object has no name either.
      const field = (parsed.error.issues[0]?.path[0] ?? 'name') as keyof typeof ENTRY_NEEDS | 'name';
      const where = `key #${index + 1}`;
      const name = (entry as { name?: unknown } | null)?.name;
      context.addIssue({ code: 'custom', message: field === 'name' ? `${where} needs a "name"` : `${where} ("${String(name)}") ${ENTRY_NEEDS[field]}` });
      return z.NEVER;
    }),
  )
  .refine((keys) => new Set(keys.map((key) => key.sha256)).size === keys.length, { error: 'lists the same key twice' });

