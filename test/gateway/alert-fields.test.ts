import { beforeEach, describe, expect, it } from 'vitest';
import { useSharedHarness, type Harness } from '../support/harness.ts';

const ALERT = `query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    secretScanningAlert(number: $number) {
      provider providerSlug isBase64Encoded
      closureRequestComment closureRequestReviewerComment closureRequestReviewer { login }
    }
  }
}`;

describe('SecretScanningAlert provider and closure-request fields', () => {
  let h: Harness;
  const harness = useSharedHarness();
  beforeEach(() => {
    h = harness();
  });

  async function alertOf(fullName: string, number: number) {
    const [owner, name] = fullName.split('/');
    const result = await h.query(ALERT, { owner, name, number });
    expect(result.errors).toBeUndefined();
    return result.data!.repository.secretScanningAlert;
  }

  it('shows the provider of a provider pattern and none for a generic one', async () => {
    const records = h.demo.dataset.alerts.filter((record) => record.org === 'acme-corp');
    const provider = records.find((record) => record.alert.provider !== null)!;
    const generic = records.find((record) => record.alert.provider === null)!;
    expect(await alertOf(provider.repository.full_name, provider.alert.number)).toMatchObject({
      provider: provider.alert.provider,
      providerSlug: provider.alert.provider_slug,
      isBase64Encoded: provider.alert.is_base64_encoded,
    });
    expect(await alertOf(generic.repository.full_name, generic.alert.number)).toMatchObject({ provider: null, providerSlug: null });
  });

  it('shows the comments and reviewer of a reviewed dismissal request, and only the comment of a pending one', async () => {
    const { dismissalRequests } = h.demo.dataset;
    const denied = dismissalRequests.find((request) => request.organization.name === 'globex' && request.status === 'denied')!;
    const pending = dismissalRequests.find((request) => request.organization.name === 'globex' && request.status === 'pending')!;
    const reviewed = await alertOf(denied.repository.full_name, Number(denied.resource_identifier));
    expect(reviewed.closureRequestComment).toBe(denied.requester_comment);
    expect(reviewed.closureRequestReviewerComment).toBeTruthy();
    expect(reviewed.closureRequestReviewer).toEqual({ login: denied.responses![0]!.reviewer.actor_name });
    expect(await alertOf(pending.repository.full_name, Number(pending.resource_identifier))).toMatchObject({
      closureRequestComment: pending.requester_comment,
      closureRequestReviewerComment: null,
      closureRequestReviewer: null,
    });
  });
});

describe('SecretScanningAlert on GitHub Enterprise Server 3.19', () => {
  const harness = useSharedHarness({ flavor: 'ghes-3.19' });

  it('answers null for the fields GHES does not send', async () => {
    const h = harness();
    const record = h.demo.dataset.alerts.find((candidate) => candidate.org === 'globex' && candidate.alert.closure_request_comment !== null)!;
    const result = await h.query(ALERT, { owner: 'globex', name: record.repository.name, number: record.alert.number });
    expect(result.errors).toBeUndefined();
    expect(result.data!.repository.secretScanningAlert).toEqual({
      provider: null,
      providerSlug: null,
      isBase64Encoded: record.alert.is_base64_encoded,
      closureRequestComment: null,
      closureRequestReviewerComment: null,
      closureRequestReviewer: null,
    });
  });
});
