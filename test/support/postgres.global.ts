import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection URL of the throwaway PostgreSQL cluster (superuser, unix socket). */
    postgresUrl: string;
  }
}

/** One PostgreSQL cluster for the whole test run, stopped afterwards; the index tests create a database each. */
export default async function setup(project: TestProject): Promise<() => void> {
  // Durability is worthless for a throwaway cluster: no fsync makes the tests' many small commits cheap.
  const cluster = await startPostgresCluster({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' });
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
