/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation PortalAssignAlert($alertId: ID!, $assignee: String) {\n  assignSecretScanningAlert(input: {alertId: $alertId, assignee: $assignee}) {\n    __typename\n    ... on UpdateSecretScanningAlertSuccess {\n      alert {\n        id\n        state\n        resolution\n        resolvedBy {\n          login\n        }\n        assignee {\n          login\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on ValidationError {\n      field\n    }\n  }\n}": typeof types.PortalAssignAlertDocument,
    "query PortalOpenAlerts($orgs: [String!], $first: Int!, $after: String, $withTotal: Boolean!) {\n  secretScanningAlerts(\n    orgs: $orgs\n    first: $first\n    after: $after\n    filter: {state: OPEN}\n  ) {\n    totalCount @include(if: $withTotal)\n    failures {\n      login\n      code\n      message\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      number\n      secretTypeDisplayName\n      validity\n      createdAt\n      url\n      organization {\n        login\n      }\n      repository {\n        nameWithOwner\n      }\n      assignee {\n        login\n      }\n    }\n  }\n}": typeof types.PortalOpenAlertsDocument,
    "mutation PortalResolveAlert($alertId: ID!, $resolution: SecretScanningAlertResolution!, $comment: String) {\n  updateSecretScanningAlert(\n    input: {alertId: $alertId, state: RESOLVED, resolution: $resolution, resolutionComment: $comment}\n  ) {\n    __typename\n    ... on UpdateSecretScanningAlertSuccess {\n      alert {\n        id\n        state\n        resolution\n        resolvedBy {\n          login\n        }\n        assignee {\n          login\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on ValidationError {\n      field\n    }\n  }\n}": typeof types.PortalResolveAlertDocument,
};
const documents: Documents = {
    "mutation PortalAssignAlert($alertId: ID!, $assignee: String) {\n  assignSecretScanningAlert(input: {alertId: $alertId, assignee: $assignee}) {\n    __typename\n    ... on UpdateSecretScanningAlertSuccess {\n      alert {\n        id\n        state\n        resolution\n        resolvedBy {\n          login\n        }\n        assignee {\n          login\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on ValidationError {\n      field\n    }\n  }\n}": types.PortalAssignAlertDocument,
    "query PortalOpenAlerts($orgs: [String!], $first: Int!, $after: String, $withTotal: Boolean!) {\n  secretScanningAlerts(\n    orgs: $orgs\n    first: $first\n    after: $after\n    filter: {state: OPEN}\n  ) {\n    totalCount @include(if: $withTotal)\n    failures {\n      login\n      code\n      message\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      number\n      secretTypeDisplayName\n      validity\n      createdAt\n      url\n      organization {\n        login\n      }\n      repository {\n        nameWithOwner\n      }\n      assignee {\n        login\n      }\n    }\n  }\n}": types.PortalOpenAlertsDocument,
    "mutation PortalResolveAlert($alertId: ID!, $resolution: SecretScanningAlertResolution!, $comment: String) {\n  updateSecretScanningAlert(\n    input: {alertId: $alertId, state: RESOLVED, resolution: $resolution, resolutionComment: $comment}\n  ) {\n    __typename\n    ... on UpdateSecretScanningAlertSuccess {\n      alert {\n        id\n        state\n        resolution\n        resolvedBy {\n          login\n        }\n        assignee {\n          login\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on ValidationError {\n      field\n    }\n  }\n}": types.PortalResolveAlertDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PortalAssignAlert($alertId: ID!, $assignee: String) {\n  assignSecretScanningAlert(input: {alertId: $alertId, assignee: $assignee}) {\n    __typename\n    ... on UpdateSecretScanningAlertSuccess {\n      alert {\n        id\n        state\n        resolution\n        resolvedBy {\n          login\n        }\n        assignee {\n          login\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on ValidationError {\n      field\n    }\n  }\n}"): (typeof documents)["mutation PortalAssignAlert($alertId: ID!, $assignee: String) {\n  assignSecretScanningAlert(input: {alertId: $alertId, assignee: $assignee}) {\n    __typename\n    ... on UpdateSecretScanningAlertSuccess {\n      alert {\n        id\n        state\n        resolution\n        resolvedBy {\n          login\n        }\n        assignee {\n          login\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on ValidationError {\n      field\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PortalOpenAlerts($orgs: [String!], $first: Int!, $after: String, $withTotal: Boolean!) {\n  secretScanningAlerts(\n    orgs: $orgs\n    first: $first\n    after: $after\n    filter: {state: OPEN}\n  ) {\n    totalCount @include(if: $withTotal)\n    failures {\n      login\n      code\n      message\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      number\n      secretTypeDisplayName\n      validity\n      createdAt\n      url\n      organization {\n        login\n      }\n      repository {\n        nameWithOwner\n      }\n      assignee {\n        login\n      }\n    }\n  }\n}"): (typeof documents)["query PortalOpenAlerts($orgs: [String!], $first: Int!, $after: String, $withTotal: Boolean!) {\n  secretScanningAlerts(\n    orgs: $orgs\n    first: $first\n    after: $after\n    filter: {state: OPEN}\n  ) {\n    totalCount @include(if: $withTotal)\n    failures {\n      login\n      code\n      message\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      number\n      secretTypeDisplayName\n      validity\n      createdAt\n      url\n      organization {\n        login\n      }\n      repository {\n        nameWithOwner\n      }\n      assignee {\n        login\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PortalResolveAlert($alertId: ID!, $resolution: SecretScanningAlertResolution!, $comment: String) {\n  updateSecretScanningAlert(\n    input: {alertId: $alertId, state: RESOLVED, resolution: $resolution, resolutionComment: $comment}\n  ) {\n    __typename\n    ... on UpdateSecretScanningAlertSuccess {\n      alert {\n        id\n        state\n        resolution\n        resolvedBy {\n          login\n        }\n        assignee {\n          login\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on ValidationError {\n      field\n    }\n  }\n}"): (typeof documents)["mutation PortalResolveAlert($alertId: ID!, $resolution: SecretScanningAlertResolution!, $comment: String) {\n  updateSecretScanningAlert(\n    input: {alertId: $alertId, state: RESOLVED, resolution: $resolution, resolutionComment: $comment}\n  ) {\n    __typename\n    ... on UpdateSecretScanningAlertSuccess {\n      alert {\n        id\n        state\n        resolution\n        resolvedBy {\n          login\n        }\n        assignee {\n          login\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on ValidationError {\n      field\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;