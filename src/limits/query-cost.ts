import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ValidationError } from '../errors.ts';

export interface QueryCostOptions {
  /** Page size a connection has when `first` is not given. */
  defaultPageSize: number;
  /** The organizations a field reads when the query names none (GATEWAY_ORGS). */
  defaultOrgs: readonly string[];
  /** Most ids `nodes(ids:)` may take. */
  maxIds: number;
}

// The weights of graphql-armor's cost limit, which this replaces: an object 2, a scalar 1, each
// level deeper 1.5 times, a list field times its length. Armor reads lengths from literals only;
// here they come from the coerced arguments, so `first: $n` costs what `first: 50` costs.
const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

interface Walk {
  /** Every organization the operation names (lowercase), defaults included where a field names none. */
  orgs: Set<string>;
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  options: QueryCostOptions;
  /** Fragments being expanded, so that a (invalid) cycle cannot loop. */
  expanding: Set<string>;
}

export interface OperationCost {
  cost: number;
  /** The organizations its fields name (or read by default), lowercase, over all fields and aliases. */
  orgs: ReadonlySet<string>;
}

/**
 * The cost of an operation with its variable values: what the answer may hold, counting each
 * list by its real length (`first`, `ids`, `logins`, or the defaults when absent) and fragments
 * at the place they are spread; and the organizations it names. Throws a ValidationError for a
 * `nodes(ids:)` list above the limit.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  options: QueryCostOptions,
): OperationCost {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const walk: Walk = { orgs: new Set(), schema, fragments, variables, options, expanding: new Set() };
  return { cost: root ? selectionCost(walk, operation.selectionSet, root) : 0, orgs: walk.orgs };
}

/** Arguments that name organizations: lists (`orgs`, `logins`) and single logins (`login`, `owner`). */
function collectOrgs(walk: Walk, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): void {
  for (const name of ['orgs', 'logins'] as const) {
    if (!field.args.some((arg) => arg.name === name)) continue;
    const value = args[name];
    for (const login of Array.isArray(value) ? value : walk.options.defaultOrgs) walk.orgs.add(String(login).toLowerCase());
  }
  for (const name of ['login', 'owner'] as const) {
    if (typeof args[name] === 'string') walk.orgs.add((args[name] as string).toLowerCase());
  }
}

function selectionCost(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = fieldOf(parent, selection.name.value);
      if (!field || selection.name.value.startsWith('__')) {
        cost += selection.name.value === '__schema' || selection.name.value === '__type' ? 0 : SCALAR_COST;
        continue;
      }
      const type = getNamedType(field.type);
      if (!selection.selectionSet || !isCompositeType(type)) {
        collectOrgs(walk, field, getArgumentValues(field, selection, walk.variables));
        cost += SCALAR_COST;
        continue;
      }
      const args = getArgumentValues(field, selection, walk.variables);
      collectOrgs(walk, field, args);
      const children = selectionCost(walk, selection.selectionSet, type);
      cost += (OBJECT_COST + DEPTH_FACTOR * children) * multiplier(walk, field, args);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      cost += selectionCost(walk, selection.selectionSet, isCompositeType(type) ? type : parent);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments[name];
      if (!fragment || walk.expanding.has(name)) continue;
      walk.expanding.add(name);
      const type = walk.schema.getType(fragment.typeCondition.name.value);
      cost += selectionCost(walk, fragment.selectionSet, isCompositeType(type) ? type : parent);
      walk.expanding.delete(name);
    }
  }
  return cost;
}

/** How many objects a field may return: its page size, its list argument's length, or 1. */
function multiplier(walk: Walk, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const { options } = walk;
  const page = args.first ?? args.last;
  if (typeof page === 'number') return Math.max(page, 1);
  if (field.args.some((arg) => arg.name === 'first')) return options.defaultPageSize;
  if (!returnsList(field.type)) return 1;
  const ids = args.ids;
  if (Array.isArray(ids)) {
    if (ids.length > options.maxIds) throw new ValidationError(`\`ids\` takes at most ${options.maxIds} ids (got ${ids.length}).`, 'ids');
    return Math.max(ids.length, 1);
  }
  const logins = args.logins;
  if (Array.isArray(logins)) return Math.max(logins.length, 1);
  if (field.args.some((arg) => arg.name === 'logins')) return Math.max(options.defaultOrgs.length, 1);
  return 1;
}

function returnsList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  // A union has no fields of its own (only __typename, which is free).
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}
