/**
 * DNS rebinding: a page on attacker.example that resolves its own name to 127.0.0.1 can make the
 * browser send it requests the gateway answers as same-origin. Such requests carry the
 * attacker's name in Host, so only allowed names are answered.
 */

/** The host name of a Host header, without port or IPv6 brackets, lowercase. */
export function hostNameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(1, trimmed.indexOf(']'));
  return trimmed.replace(/:\d*$/, '');
}

export function hostMatcher(allowed: readonly string[]): (host: string | null) => boolean {
  const names = allowed.map((name) => name.toLowerCase());
  if (names.includes('*')) return () => true;
  return (host) => {
    if (host === null) return false;
    const name = hostNameOf(host);
    return names.some((entry) => (entry.startsWith('*.') ? name.endsWith(entry.slice(1)) : name === entry));
  };
}
