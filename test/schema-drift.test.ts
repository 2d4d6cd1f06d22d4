import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import config from '../codegen.ts';

describe('printed schema', () => {
  it('matches the Pothos schema and the generated operation types (run `npm run codegen` after schema changes)', async () => {
    const outputs = await generate({ ...config, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      expect(readFileSync(output.filename, 'utf8'), `${output.filename} is out of date`).toBe(output.content);
    }
  });

  it('keeps every implemented name of the public contract exactly (test/fixtures/api-contract.graphql)', () => {
    const contract = buildSchema(readFileSync('test/fixtures/api-contract.graphql', 'utf8'));
    const printed = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
    const breaks = findBreakingChanges(contract, printed).map((change) => change.description);
    // Only whole types and root fields of open issues may still be missing; nothing implemented may differ.
    const missingOnPurpose = (description: string) =>
      NOT_YET_IMPLEMENTED.some((name) => description.startsWith(`${name} was removed`));
    expect(breaks.filter((description) => !missingOnPurpose(description))).toEqual([]);
  });
});

const NOT_YET_IMPLEMENTED: string[] = [
];
