import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeNodeId, encodeNodeId } from '../../src/schema/node-id.ts';
import { schema } from '../../src/schema/index.ts';

describe('global ids', () => {
  it('decode for every type that implements Node, and for no other type', () => {
    const types = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && !type.name.startsWith('__'));
    for (const type of types) {
      const isNode = isObjectType(type) && type.getInterfaces().some((implemented) => implemented.name === 'Node');
      const id = encodeNodeId(type.name, 'x/y#1');
      if (isNode) expect(decodeNodeId(id)).toEqual({ typename: type.name, id: 'x/y#1' });
      else expect(() => decodeNodeId(id)).toThrow(/not an object with an id/);
    }
  });
});
