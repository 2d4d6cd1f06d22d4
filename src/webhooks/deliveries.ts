import { Webhooks } from '@octokit/webhooks';
import { repositoryFromName, toAlertRecord, type AlertRecord } from '../alerts/model.ts';
import type { GatewayContext } from '../context.ts';
import type { AlertChangeAction, AlertEvents } from '../events.ts';
import type { RestRepoAlert } from '../github/types.ts';
import type { Logger } from '../logger.ts';
import type { Delivery } from './receiver.ts';

export interface DeliveryDeps {
  /** Lowercase GATEWAY_ORGS: deliveries of other organizations are acknowledged and ignored. */
  orgs: ReadonlySet<string>;
  /**
   * A context to read GitHub with, as the gateway itself (its own credential, limited to
   * GATEWAY_ORGS by the policy); null when it has none (passthrough): alerts are then taken from
   * the payload, which carries no state.
   */
  systemContext(): Promise<GatewayContext | null>;
  /** Drops what the gateway holds about a repository (its cached responses) because GitHub says it changed. */
  forget(scope: { owner: string; repo?: string }): void;
  events: AlertEvents;
  webUrl: string;
  logger: Logger;
}

const ALERT_ACTIONS: Record<string, AlertChangeAction> = {
  created: 'CREATED',
  reopened: 'REOPENED',
  resolved: 'RESOLVED',
  validated: 'VALIDATED',
  publicly_leaked: 'PUBLICLY_LEAKED',
  assigned: 'ASSIGNED',
  unassigned: 'UNASSIGNED',
};

const HANDLED_EVENTS = new Set(['secret_scanning_alert', 'secret_scanning_alert_location', 'secret_scanning_scan', 'repository']);

interface AlertPayload {
  action: string;
  alert: RestRepoAlert;
  repository: { name: string; owner: { login: string } };
  organization?: { login: string };
}

interface RepositoryPayload {
  action: string;
  repository: { name: string; owner: { login: string } };
  organization?: { login: string };
  changes?: { repository?: { name?: { from?: string } }; owner?: { from?: { organization?: { login?: string }; user?: { login?: string } } } };
}

/**
 * What a verified delivery does, one handler per event (secret_scanning_alert and its location,
 * secret_scanning_scan, repository): forget what it makes stale, re-read the alert (GitHub's
 * payload has no state), and publish the change. The same `Webhooks` instance verifies signatures.
 */
export function createDeliveryHandling(
  secret: string,
  deps: DeliveryDeps,
): { verify(body: string, signature: string): Promise<boolean>; concerns(delivery: Delivery): boolean; process(delivery: Delivery): Promise<void> } {
  const webhooks = new Webhooks({ secret });
  const owned = (payload: { repository: { owner: { login: string } }; organization?: { login: string } }) => {
    const org = (payload.organization?.login ?? payload.repository.owner.login).toLowerCase();
    return deps.orgs.has(org) ? org : null;
  };

  webhooks.on('secret_scanning_alert', async ({ payload }) => {
    const event = payload as unknown as AlertPayload;
    if (!owned(event)) return;
    await publishAlert(deps, event, ALERT_ACTIONS[event.action] ?? 'UPDATED');
  });
  webhooks.on('secret_scanning_alert_location', async ({ payload }) => {
    const event = payload as unknown as AlertPayload;
    if (!owned(event)) return;
    await publishAlert(deps, event, 'LOCATION_ADDED');
  });
  webhooks.on('secret_scanning_scan', async ({ payload }) => {
    const event = payload as unknown as RepositoryPayload;
    // A completed scan may have raised alerts no delivery named.
    if (owned(event)) deps.forget({ owner: event.repository.owner.login, repo: event.repository.name });
  });
  webhooks.on('repository', async ({ payload }) => {
    const event = payload as unknown as RepositoryPayload;
    const formerOwner = formerOwnerOf(event);
    const formerName = event.changes?.repository?.name?.from;
    if (!owned(event) && !(formerOwner && deps.orgs.has(formerOwner.toLowerCase()))) return;
    deps.forget({ owner: event.repository.owner.login, repo: event.repository.name });
    if (formerOwner || formerName) deps.forget({ owner: formerOwner ?? event.repository.owner.login, repo: formerName ?? event.repository.name });
  });

  return {
    verify: (body, signature) => webhooks.verify(body, signature),
    // An event handled above, of a repository of GATEWAY_ORGS (or, for a transfer, from one).
    concerns: (delivery) => {
      const payload = delivery.payload as Partial<RepositoryPayload>;
      if (!HANDLED_EVENTS.has(delivery.name) || typeof payload.repository?.owner?.login !== 'string') return false;
      const event = payload as RepositoryPayload;
      const formerOwner = formerOwnerOf(event);
      return owned(event) !== null || (delivery.name === 'repository' && !!formerOwner && deps.orgs.has(formerOwner.toLowerCase()));
    },
    process: (delivery) => webhooks.receive({ id: delivery.id, name: delivery.name as never, payload: delivery.payload as never }),
  };
}

/** The account a transferred repository came from. */
function formerOwnerOf(event: RepositoryPayload): string | undefined {
  return event.changes?.owner?.from?.organization?.login ?? event.changes?.owner?.from?.user?.login;
}

async function publishAlert(deps: DeliveryDeps, event: AlertPayload, action: AlertChangeAction): Promise<void> {
  const owner = event.repository.owner.login;
  const repo = event.repository.name;
  deps.forget({ owner, repo });
  const context = await deps.systemContext();
  let record: AlertRecord;
  try {
    record = context
      ? await context.store.refresh(owner, repo, event.alert.number ?? 0)
      : payloadRecord(event, deps.webUrl);
  } finally {
    context?.deadline.release();
  }
  deps.events.publish({ action, record, occurredAt: new Date().toISOString(), source: 'WEBHOOK' });
}

/** Without a credential of its own the gateway knows only the payload: resolved when GitHub says when. */
function payloadRecord(event: AlertPayload, webUrl: string): AlertRecord {
  const { secret: _secret, ...alert } = event.alert;
  return toAlertRecord({ ...alert, state: alert.resolved_at ? 'resolved' : 'open' }, repositoryFromName(event.repository.owner.login, event.repository.name, webUrl));
}
