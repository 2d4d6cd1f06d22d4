import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 has no "exports": Node loads its CommonJS build for dependencies (Pothos, yoga)
  // while Vite would pick index.mjs, and two copies of graphql refuse to work together.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary root for the run, then a throwaway PostgreSQL cluster for the index tests (they run on both engines).
    globalSetup: ['test/support/temp-root.global.ts', 'test/support/postgres.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file starts its own demo GitHub and gateway on free ports, so files may run in parallel.
    pool: 'forks',
  },
});
