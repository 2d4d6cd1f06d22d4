import type { GatewayContext } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { dismissBypassResponse, reviewRequest, type ReviewRequestKind } from '../github/review-requests.ts';
import type { ReviewRequestRecord } from '../reviews/queue.ts';
import { assertCanWrite, authorizeWrite } from './access.ts';
import { parseAlertId } from './alert.ts';
import { audited, type AuditRecord } from './audited.ts';
import { builder } from './builder.ts';
import { ALERT_MUTATION_ERRORS } from './errors.ts';
import { localIdOf } from './node-id.ts';
import { BypassRequestRef, DismissalRequestRef } from './refs.ts';
import { loadReviewRequest } from './review-request.ts';

/** GitHub's bound for a review message. */
const MAX_MESSAGE = 2048;

const BypassDecisionEnum = builder.enumType('SecretScanningBypassReviewDecision', {
  description: 'A decision on a bypass request (GitHub: approve or reject).',
  values: { APPROVE: { description: 'Let the push through.' }, REJECT: { description: 'Keep it blocked.' } } as const,
});

const DismissalDecisionEnum = builder.enumType('SecretScanningDismissalReviewDecision', {
  description: 'A decision on a dismissal request (GitHub: approve or deny).',
  values: { APPROVE: { description: 'Close the alert with the requested reason.' }, DENY: { description: 'Keep the alert open.' } } as const,
});

const messageDescription = `The reviewer's comment (1 to ${MAX_MESSAGE} characters), shown to the requester; never logged.`;

const ReviewBypassInput = builder.inputType('ReviewSecretScanningBypassRequestInput', {
  description: 'A review of one bypass request (PATCH /repos/{owner}/{repo}/bypass-requests/secret-scanning/{number}).',
  fields: (t) => ({
    requestId: t.id({ required: true, description: "The request's global id (SecretScanningBypassRequest.id)." }),
    decision: t.field({ type: BypassDecisionEnum, required: true, description: 'APPROVE or REJECT.' }),
    message: t.string({ required: true, description: messageDescription }),
  }),
});

const ReviewDismissalInput = builder.inputType('ReviewSecretScanningDismissalRequestInput', {
  description: 'A review of one dismissal request (PATCH /repos/{owner}/{repo}/dismissal-requests/secret-scanning/{alert_number}).',
  fields: (t) => ({
    requestId: t.id({ required: true, description: "The request's global id (SecretScanningDismissalRequest.id)." }),
    decision: t.field({ type: DismissalDecisionEnum, required: true, description: 'APPROVE or DENY.' }),
    message: t.string({ required: true, description: messageDescription }),
  }),
});

const DismissResponseInput = builder.inputType('DismissSecretScanningBypassResponseInput', {
  description: 'Withdraws a review of a bypass request (DELETE /repos/{owner}/{repo}/bypass-responses/secret-scanning/{id}); the request waits for a review again.',
  fields: (t) => ({
    requestId: t.id({ required: true, description: 'The bypass request the review belongs to (SecretScanningBypassRequest.id).' }),
    responseId: t.int({ required: true, description: 'The review to withdraw (SecretScanningReviewResponse.databaseId).' }),
  }),
});

interface ReviewSuccessShape {
  reviewId: number | null;
  request: ReviewRequestRecord | null;
}

function successType(name: string, kind: ReviewRequestKind, description: string) {
  return builder.objectRef<ReviewSuccessShape>(name).implement({
    description,
    fields: (t) => ({
      reviewId: t.int({ nullable: true, description: "GitHub's id of the review (bypass_review_id, dismissal_review_id); null when withdrawing one.", resolve: (s) => s.reviewId }),
      request: t.field({
        type: kind === 'bypass' ? BypassRequestRef : DismissalRequestRef,
        nullable: true,
        description: 'The request as it is now.',
        resolve: (s) => s.request,
      }),
    }),
  });
}

/** The repository and number a request id names, checked and authorized for writing. */
function targetOf(context: GatewayContext, kind: ReviewRequestKind, requestId: string, record: AuditRecord) {
  assertCanWrite(context);
  const typename = kind === 'bypass' ? 'SecretScanningBypassRequest' : 'SecretScanningDismissalRequest';
  const { owner, repo, alertNumber: number } = parseAlertId(localIdOf(requestId, typename, 'input.requestId'), 'input.requestId');
  record.target = kind === 'bypass' ? { kind: 'bypass-request', org: owner, repo, number } : { kind: 'dismissal-request', org: owner, repo, alertNumber: number };
  authorizeWrite(context, owner, 'input.requestId');
  return { owner, repo, number };
}

function checkMessage(message: string): string {
  if (message.trim() === '' || message.length > MAX_MESSAGE) throw new ValidationError(`message must be 1 to ${MAX_MESSAGE} characters.`, 'input.message');
  return message;
}

/** Reads after a write come from GitHub again (the caching transport dropped the repository's entries). */
function forgetReads(context: GatewayContext): void {
  context.loaders.reviewRequest.clearAll();
  context.loaders.reviewRequestPage.clearAll();
  context.loaders.alert.clearAll();
}

async function applyReview(
  context: GatewayContext,
  kind: ReviewRequestKind,
  input: { requestId: string; decision: string; message: string },
): Promise<ReviewSuccessShape> {
  const action = kind === 'bypass' ? 'secret_scanning_bypass_request.review' : 'secret_scanning_dismissal_request.review';
  return audited(context, action, { kind: 'request-id', requestId: input.requestId.slice(0, 200) }, async (record) => {
    const target = targetOf(context, kind, input.requestId, record);
    const status = input.decision.toLowerCase() as 'approve' | 'reject' | 'deny';
    record.requested = { decision: status };
    const message = checkMessage(input.message);
    const reviewId = await reviewRequest(await context.github.clientFor(target.owner), kind, target, status, message);
    forgetReads(context);
    const request = await loadReviewRequest(context, kind, target.owner, target.repo, target.number);
    record.after = { decision: status, status: request?.request.status ?? null };
    return { reviewId, request };
  });
}

const BypassReviewSuccess = successType('ReviewSecretScanningBypassRequestSuccess', 'bypass', 'The review was recorded.');
const DismissalReviewSuccess = successType('ReviewSecretScanningDismissalRequestSuccess', 'dismissal', 'The review was recorded.');
const DismissResponseSuccess = successType('DismissSecretScanningBypassResponseSuccess', 'bypass', 'The review was withdrawn.');

builder.mutationFields((t) => ({
  reviewSecretScanningBypassRequest: t.field({
    type: BypassReviewSuccess,
    description: 'Approves or rejects a delegated push-protection bypass request, with a comment. Audited (never the comment); never retried.',
    args: { input: t.arg({ type: ReviewBypassInput, required: true, description: 'The request, the decision and the comment.' }) },
    errors: { types: ALERT_MUTATION_ERRORS, directResult: true, union: { name: 'ReviewSecretScanningBypassRequestResult', description: 'The review, or why it was not recorded.' } },
    resolve: (_root, { input }, context) => applyReview(context, 'bypass', input),
  }),

  reviewSecretScanningDismissalRequest: t.field({
    type: DismissalReviewSuccess,
    description: 'Approves (closing the alert) or denies a delegated alert dismissal request, with a comment. Audited (never the comment); never retried.',
    args: { input: t.arg({ type: ReviewDismissalInput, required: true, description: 'The request, the decision and the comment.' }) },
    errors: { types: ALERT_MUTATION_ERRORS, directResult: true, union: { name: 'ReviewSecretScanningDismissalRequestResult', description: 'The review, or why it was not recorded.' } },
    resolve: (_root, { input }, context) => applyReview(context, 'dismissal', input),
  }),

  dismissSecretScanningBypassResponse: t.field({
    type: DismissResponseSuccess,
    description: 'Withdraws a review of a bypass request, which then waits for a review again. Audited; never retried.',
    args: { input: t.arg({ type: DismissResponseInput, required: true, description: 'The request and the review to withdraw.' }) },
    errors: { types: ALERT_MUTATION_ERRORS, directResult: true, union: { name: 'DismissSecretScanningBypassResponseResult', description: 'The request, or why nothing changed.' } },
    resolve: (_root, { input }, context) =>
      audited(context, 'secret_scanning_bypass_response.dismiss', { kind: 'request-id', requestId: input.requestId.slice(0, 200) }, async (record) => {
        const target = targetOf(context, 'bypass', input.requestId, record);
        record.target = { kind: 'bypass-response', org: target.owner, repo: target.repo, number: target.number, responseId: input.responseId };
        await dismissBypassResponse(await context.github.clientFor(target.owner), target.owner, target.repo, input.responseId);
        forgetReads(context);
        const request = await loadReviewRequest(context, 'bypass', target.owner, target.repo, target.number);
        record.after = { status: request?.request.status ?? null };
        return { reviewId: null, request };
      }),
  }),
}));
