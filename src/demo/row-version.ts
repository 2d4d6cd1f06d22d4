import { randomBytes } from 'node:crypto';
import { BASE62, type SeededRandom } from './random.ts';

/**
 * GitHub's optimistic-lock tokens (pattern_config_version, custom_pattern_version): KSUID-like
 * opaque strings of 27 base-62 characters.
 */
export function rowVersion(random: SeededRandom): string {
  return random.string(27, BASE62);
}

/** A new version after a write (not seeded: every write gets a fresh one). */
export function freshRowVersion(): string {
  return randomBytes(20).toString('base64url').replace(/[-_]/g, '').slice(0, 27);
}
