import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

const operationFields = new WeakMap<OperationDefinitionNode, Set<string>>();

/**
 * Whether the operation selects a field of this name anywhere (fragments included). Used to
 * ask GitHub for the secret value only when a query actually selects `secret`.
 */
export function operationSelects(info: GraphQLResolveInfo, fieldName: string): boolean {
  let names = operationFields.get(info.operation);
  if (!names) {
    names = new Set();
    collectNames(info.operation.selectionSet, info.fragments, names, new Set());
    operationFields.set(info.operation, names);
  }
  return names.has(fieldName);
}

function collectNames(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  names: Set<string>,
  seenFragments: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === 'Field') {
      names.add(selection.name.value);
      if (selection.selectionSet) collectNames(selection.selectionSet, fragments, names, seenFragments);
    } else if (selection.kind === 'InlineFragment') {
      collectNames(selection.selectionSet, fragments, names, seenFragments);
    } else if (!seenFragments.has(selection.name.value)) {
      seenFragments.add(selection.name.value);
      const fragment = fragments[selection.name.value];
      if (fragment) collectNames(fragment.selectionSet, fragments, names, seenFragments);
    }
  }
}

/**
 * Whether the current field's own selection includes `childName` (e.g. a connection's totalCount),
 * honouring `@include` and `@skip` with this request's variables: a client that pages with
 * `totalCount @include(if: $firstPage)` must not pay for an exact count on every page.
 */
export function selectsChild(info: GraphQLResolveInfo, childName: string): boolean {
  const included = (node: FieldNode | InlineFragmentNode | FragmentSpreadNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  const visit = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (!included(selection)) return false;
      if (selection.kind === 'Field') return selection.name.value === childName;
      if (selection.kind === 'InlineFragment') return visit(selection.selectionSet, seen);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      return visit(info.fragments[selection.name.value]?.selectionSet, seen);
    });
  return info.fieldNodes.some((node: FieldNode) => visit(node.selectionSet, new Set()));
}
