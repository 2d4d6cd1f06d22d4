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

  it('keeps every name of the public contract exactly (test/fixtures/api-contract.graphql)', () => {
    const contract = buildSchema(readFileSync('test/fixtures/api-contract.graphql', 'utf8'));
    const printed = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
    const breaks = findBreakingChanges(contract, printed).map((change) => change.description);
    expect(breaks).toEqual([]);
  });
});

describe('schema documentation', () => {
  it('describes every type, field, argument and enum value (GraphiQL shows these)', async () => {
    const { schema } = await import('../src/schema/index.ts');
    const { isObjectType, isInterfaceType, isInputObjectType, isEnumType } = await import('graphql');
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});
