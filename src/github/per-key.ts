/**
 * A DataLoader batch function that loads each key on its own: GitHub's REST API has no batch
 * reads. One failing key yields its own Error without failing the others.
 */
export function perKey<K, V>(load: (key: K) => Promise<V>): (keys: readonly K[]) => Promise<(V | Error)[]> {
  return (keys) =>
    Promise.all(keys.map((key) => load(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
}
