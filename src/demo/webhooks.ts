import { createHmac, randomUUID } from 'node:crypto';
import type { DemoChange, DemoState } from './demo-state.ts';
import { API_BASE } from './github-objects.ts';
import type { SecretScanningAlert, SimpleRepository, SimpleUser } from './github-types.ts';

export interface DemoWebhookDelivery {
  id: string;
  event: string;
  action: string;
  /** The receiver's status; null while the delivery is under way, 0 when it could not be delivered. */
  status: number | null;
}

/**
 * The demo GitHub's organization webhook: every change on it (an alert raised, resolved,
 * reopened, assigned, validated; a repository renamed or transferred) is POSTed to the configured
 * URL as GitHub delivers it: JSON payload, X-GitHub-Event, X-GitHub-Delivery, and
 * X-Hub-Signature-256 (HMAC-SHA256 of the body with the webhook's secret). Alert payloads carry
 * no state and no secret, as GitHub's do.
 */
export class DemoWebhooks {
  private target: { url: string; secret: string } | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  readonly deliveries: DemoWebhookDelivery[] = [];

  constructor(private readonly state: DemoState) {
    state.onChange((change) => {
      for (const [event, payload] of payloadsOf(state, change)) this.deliver(event, payload);
    });
  }

  configure(target: { url: string; secret: string } | null): void {
    this.target = target;
  }

  /** Resolves once every delivery sent so far has been answered (or failed). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private deliver(event: string, payload: { action: string }): void {
    const target = this.target;
    if (!target) return;
    const body = JSON.stringify(payload);
    const delivery: DemoWebhookDelivery = { id: randomUUID(), event, action: payload.action, status: null };
    this.deliveries.push(delivery);
    const sending = fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'GitHub-Hookshot/demo',
        'x-github-event': event,
        'x-github-delivery': delivery.id,
        'x-github-hook-id': '1',
        'x-github-hook-installation-target-type': 'organization',
        'x-hub-signature-256': `sha256=${createHmac('sha256', target.secret).update(body).digest('hex')}`,
      },
      body,
    })
      .then(async (response) => {
        delivery.status = response.status;
        await response.body?.cancel();
      })
      .catch(() => {
        delivery.status = 0;
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }
}

function payloadsOf(state: DemoState, change: DemoChange): [string, { action: string }][] {
  if (change.kind === 'repository') {
    const { before, after } = change;
    const actions: [string, { action: string }][] = [];
    if (before.owner.login !== after.owner.login) {
      actions.push(['repository', { action: 'transferred', ...common(state, after), changes: { owner: { from: { organization: organizationOf(state, before.owner.login) } } } } as { action: string }]);
    }
    if (before.name !== after.name) {
      actions.push(['repository', { action: 'renamed', ...common(state, after), changes: { repository: { name: { from: before.name } } } } as { action: string }]);
    }
    return actions;
  }
  const { record, before, after, actor } = change;
  const repository = state.moves.repositoryOf(record);
  const alertPayload = (action: string) => ({ action, alert: webhookAlert(after), ...common(state, repository), sender: actor ?? repository.owner });
  if (before === null) return [['secret_scanning_alert', alertPayload('created')]];
  const actions: [string, { action: string }][] = [];
  if (before.state !== after.state) actions.push(['secret_scanning_alert', alertPayload(after.state === 'resolved' ? 'resolved' : 'reopened')]);
  if ((before.assigned_to?.login ?? null) !== (after.assigned_to?.login ?? null)) {
    actions.push(['secret_scanning_alert', alertPayload(after.assigned_to ? 'assigned' : 'unassigned')]);
  }
  if (before.validity !== after.validity) actions.push(['secret_scanning_alert', alertPayload('validated')]);
  if (!before.publicly_leaked && after.publicly_leaked) actions.push(['secret_scanning_alert', alertPayload('publicly_leaked')]);
  return actions;
}

function common(state: DemoState, repository: SimpleRepository) {
  return { repository, organization: organizationOf(state, repository.owner.login) };
}

function organizationOf(state: DemoState, login: string) {
  const org = state.org(login);
  const url = `${API_BASE}/orgs/${login}`;
  return { login, id: org?.id ?? 0, node_id: org?.node_id ?? '', url, repos_url: `${url}/repos`, avatar_url: org?.avatar_url ?? '', description: org?.description ?? null };
}

/** GitHub's webhook alert: the alert without its state and its secret. */
function webhookAlert(alert: SecretScanningAlert): Omit<SecretScanningAlert, 'state' | 'secret'> & { assigned_to: SimpleUser | null } {
  const { state: _state, secret: _secret, ...rest } = alert;
  return rest;
}
