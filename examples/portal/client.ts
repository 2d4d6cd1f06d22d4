import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  PortalAssignAlertDocument,
  PortalOpenAlertsDocument,
  PortalResolveAlertDocument,
  type PortalAssignAlertMutation,
  type PortalOpenAlertsQuery,
  type SecretScanningAlertResolution,
} from './generated/graphql.js';

/**
 * A security portal's client of the gateway: its triage list across organizations, paged, and
 * the two actions on an alert (resolve, assign). Every operation is one of the typed documents
 * graphql-codegen's client preset generated from ./operations/*.graphql, so a schema change that
 * breaks the portal fails `npm run typecheck`.
 *
 * With `persisted: true` it sends only each operation's hash (extensions.persistedQuery), as a
 * gateway started with GATEWAY_PERSISTED_OPERATIONS_FILE=examples/portal/generated/persisted-documents.json
 * requires: that gateway runs these operations and refuses every other.
 */
export interface PortalClientOptions {
  /** The gateway's GraphQL endpoint, e.g. https://gateway.example.com/graphql. */
  url: string;
  /** Sent with every request, e.g. { authorization: 'Bearer <API key>' }. */
  headers?: Record<string, string>;
  persisted?: boolean;
  fetch?: typeof fetch;
}

export type PortalAlertPage = PortalOpenAlertsQuery['secretScanningAlerts'];
export type PortalAlert = PortalAlertPage['nodes'][number];
type AlertResult = PortalAssignAlertMutation['assignSecretScanningAlert'];
export type TriagedAlert = Extract<AlertResult, { __typename: 'UpdateSecretScanningAlertSuccess' }>['alert'];

/** A request the gateway refused or a change it did not make: `code` is the gateway's (VALIDATION, FORBIDDEN, …). */
export class PortalError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** The hash the client preset put in a document (`sha256:<hex>`), as the persisted-query extension carries it. */
function hashOf(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('This document has no persisted hash: run npm run codegen.');
  return hash.replace(/^sha256:/, '');
}

export function createPortalClient(options: PortalClientOptions) {
  const send = options.fetch ?? fetch;

  async function execute<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const operation = options.persisted
      ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(document as TypedDocumentNode<unknown, never>) } } }
      : { query: print(document), variables };
    const response = await send(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...options.headers },
      body: JSON.stringify(operation),
    });
    const body = (await response.json()) as { data?: R | null; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
    const [error] = body.errors ?? [];
    if (error || !body.data) throw new PortalError(error?.message ?? `The gateway answered ${response.status}.`, error?.extensions?.code ?? 'HTTP', error?.extensions?.field ?? null);
    return body.data;
  }

  /** The alert a mutation changed, or its typed error as a PortalError. */
  function changed(result: AlertResult): TriagedAlert {
    if (result.__typename === 'UpdateSecretScanningAlertSuccess') return result.alert;
    throw new PortalError(result.message, result.code, 'field' in result ? (result.field ?? null) : null);
  }

  /** One page of open alerts across `orgs` (default: the gateway's); `totalCount` only on the first page. */
  async function openAlerts(args: { orgs?: string[]; first?: number; after?: string | null } = {}): Promise<PortalAlertPage> {
    const { orgs, first = 50, after = null } = args;
    return (await execute(PortalOpenAlertsDocument, { orgs, first, after, withTotal: after === null })).secretScanningAlerts;
  }

  return {
    openAlerts,

    /** Every open alert, page after page (organizations that cannot be read are in each page's failures). */
    async *everyOpenAlert(args: { orgs?: string[]; pageSize?: number } = {}): AsyncGenerator<PortalAlert, void, undefined> {
      let after: string | null = null;
      do {
        const page: PortalAlertPage = await openAlerts({ orgs: args.orgs, first: args.pageSize, after });
        yield* page.nodes;
        after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
      } while (after);
    },

    async resolve(alertId: string, resolution: SecretScanningAlertResolution, comment?: string): Promise<TriagedAlert> {
      return changed((await execute(PortalResolveAlertDocument, { alertId, resolution, comment })).updateSecretScanningAlert);
    },

    /** Makes `login` responsible for the alert; null unassigns it. */
    async assign(alertId: string, login: string | null): Promise<TriagedAlert> {
      return changed((await execute(PortalAssignAlertDocument, { alertId, assignee: login })).assignSecretScanningAlert);
    },
  };
}

export type PortalClient = ReturnType<typeof createPortalClient>;
