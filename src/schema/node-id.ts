import { ValidationError } from '../errors.ts';

/**
 * Global ids are opaque and versioned: base64url("v1:<Type>:<local id>"). Local ids are
 * GitHub names (`org`, `owner/repo`, `owner/repo#number`), so an id names the same object
 * for every caller and never a credential.
 */
const PREFIX = 'v1';
/** The types `node(id:)` and `nodes(ids:)` load; an id of any other type is a VALIDATION error. */
const NODE_TYPES = new Set([
  'Organization',
  'Repository',
  'SecretScanningAlert',
  'SecretScanningCustomPattern',
  'SecretScanningBypassRequest',
  'SecretScanningDismissalRequest',
]);

export function encodeNodeId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${PREFIX}:${typename}:${String(id)}`).toString('base64url');
}

export function decodeNodeId(globalId: string): { typename: string; id: string } {
  const decoded = /^[A-Za-z0-9_-]{1,400}$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const match = /^v1:([A-Za-z]+):(.+)$/.exec(decoded);
  if (!match?.[1] || !match[2]) throw new ValidationError(`"${globalId.slice(0, 60)}" is not an id issued by this gateway.`, 'id');
  if (!NODE_TYPES.has(match[1])) throw new ValidationError(`"${globalId.slice(0, 60)}" names a ${match[1].slice(0, 40)}, which is not an object with an id.`, 'id');
  return { typename: match[1], id: match[2] };
}

/** The local id of a global id that must name a `typename`; anything else is a ValidationError on `field`. */
export function localIdOf(globalId: string, typename: string, field: string): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeNodeId(globalId);
  } catch {
    throw new ValidationError('This is not an id issued by this gateway.', field);
  }
  if (decoded.typename !== typename) throw new ValidationError(`This id names a ${decoded.typename}, not a ${typename}.`, field);
  return decoded.id;
}
