import { getAuthenticatedUser, getOrganization, getRepository, listOrgRepositories } from './account-handlers.ts';
import { getAlert, listAlertLocations, listEnterpriseAlerts, listOrgAlerts, listRepoAlerts, updateAlert } from './alert-handlers.ts';
import { bulkCreateCustomPatterns, bulkDeleteCustomPatterns, listCustomPatterns, updateCustomPattern } from './custom-pattern-handlers.ts';
import { createInstallationToken, getApp, getOrgInstallation, listInstallations } from './app-handlers.ts';
import { getPatternConfiguration, updatePatternConfiguration } from './pattern-configuration-handlers.ts';
import { flavorHasRoute, type DemoFlavor } from './flavor.ts';
import type { Handler } from './request-context.ts';
import {
  dismissBypassResponse,
  getBypassRequest,
  getDismissalRequest,
  listOrgBypassRequests,
  listOrgDismissalRequests,
  listRepoBypassRequests,
  listRepoDismissalRequests,
  reviewBypassRequest,
  reviewDismissalRequest,
} from './review-handlers.ts';
import { getScanHistory } from './scan-handlers.ts';
import { Router } from './router.ts';

/** GET /rate_limit is answered by the server itself: it reads, and never consumes, the limit. */
export const RATE_LIMIT_ROUTE = 'GET /rate_limit';

/** GET / (the API root) is answered by the server itself, without a credential. */
export const ROOT_ROUTE = 'GET /';

const unreachable: Handler = () => {
  throw new Error('GET /rate_limit and GET / are served by the server');
};

/** A few of the URL templates GitHub's API root lists. */
export function apiRoot(baseUrl: string): Record<string, string> {
  return {
    current_user_url: `${baseUrl}/user`,
    organization_url: `${baseUrl}/orgs/{org}`,
    organization_repositories_url: `${baseUrl}/orgs/{org}/repos{?type,page,per_page,sort}`,
    repository_url: `${baseUrl}/repos/{owner}/{repo}`,
    rate_limit_url: `${baseUrl}/rate_limit`,
  };
}

/** Every endpoint of the demo server, keyed by GitHub's route template. */
export function createDemoRouter(flavor: DemoFlavor = 'dotcom'): Router<Handler> {
  return new Router<Handler>((_method, template) => flavorHasRoute(flavor, template))
    .add('GET', '/', unreachable)
    .add('GET', '/user', getAuthenticatedUser)
    .add('GET', '/rate_limit', unreachable)
    .add('GET', '/orgs/{org}', getOrganization)
    .add('GET', '/repos/{owner}/{repo}', getRepository)
    .add('GET', '/orgs/{org}/repos', listOrgRepositories)
    .add('GET', '/repos/{owner}/{repo}/secret-scanning/scan-history', getScanHistory)
    .add('GET', '/orgs/{org}/secret-scanning/alerts', listOrgAlerts)
    .add('GET', '/enterprises/{enterprise}/secret-scanning/alerts', listEnterpriseAlerts)
    .add('GET', '/repos/{owner}/{repo}/secret-scanning/alerts', listRepoAlerts)
    .add('GET', '/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', getAlert)
    .add('PATCH', '/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', updateAlert)
    .add('GET', '/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}/locations', listAlertLocations)
    .add('GET', '/orgs/{org}/secret-scanning/pattern-configurations', getPatternConfiguration)
    .add('PATCH', '/orgs/{org}/secret-scanning/pattern-configurations', updatePatternConfiguration)
    .add('GET', '/enterprises/{enterprise}/secret-scanning/pattern-configurations', getPatternConfiguration)
    .add('PATCH', '/enterprises/{enterprise}/secret-scanning/pattern-configurations', updatePatternConfiguration)
    .add('GET', '/orgs/{org}/secret-scanning/custom-patterns', listCustomPatterns)
    .add('POST', '/orgs/{org}/secret-scanning/custom-patterns', bulkCreateCustomPatterns)
    .add('DELETE', '/orgs/{org}/secret-scanning/custom-patterns', bulkDeleteCustomPatterns)
    .add('PATCH', '/orgs/{org}/secret-scanning/custom-patterns/{pattern_id}', updateCustomPattern)
    .add('GET', '/repos/{owner}/{repo}/secret-scanning/custom-patterns', listCustomPatterns)
    .add('POST', '/repos/{owner}/{repo}/secret-scanning/custom-patterns', bulkCreateCustomPatterns)
    .add('DELETE', '/repos/{owner}/{repo}/secret-scanning/custom-patterns', bulkDeleteCustomPatterns)
    .add('PATCH', '/repos/{owner}/{repo}/secret-scanning/custom-patterns/{pattern_id}', updateCustomPattern)
    .add('GET', '/enterprises/{enterprise}/secret-scanning/custom-patterns', listCustomPatterns)
    .add('POST', '/enterprises/{enterprise}/secret-scanning/custom-patterns', bulkCreateCustomPatterns)
    .add('DELETE', '/enterprises/{enterprise}/secret-scanning/custom-patterns', bulkDeleteCustomPatterns)
    .add('PATCH', '/enterprises/{enterprise}/secret-scanning/custom-patterns/{pattern_id}', updateCustomPattern)
    .add('GET', '/orgs/{org}/bypass-requests/secret-scanning', listOrgBypassRequests)
    .add('GET', '/repos/{owner}/{repo}/bypass-requests/secret-scanning', listRepoBypassRequests)
    .add('GET', '/repos/{owner}/{repo}/bypass-requests/secret-scanning/{bypass_request_number}', getBypassRequest)
    .add('PATCH', '/repos/{owner}/{repo}/bypass-requests/secret-scanning/{bypass_request_number}', reviewBypassRequest)
    .add('DELETE', '/repos/{owner}/{repo}/bypass-responses/secret-scanning/{bypass_response_id}', dismissBypassResponse)
    .add('GET', '/orgs/{org}/dismissal-requests/secret-scanning', listOrgDismissalRequests)
    .add('GET', '/repos/{owner}/{repo}/dismissal-requests/secret-scanning', listRepoDismissalRequests)
    .add('GET', '/repos/{owner}/{repo}/dismissal-requests/secret-scanning/{alert_number}', getDismissalRequest)
    .add('PATCH', '/repos/{owner}/{repo}/dismissal-requests/secret-scanning/{alert_number}', reviewDismissalRequest)
    .add('GET', '/app', getApp)
    .add('GET', '/app/installations', listInstallations)
    .add('GET', '/orgs/{org}/installation', getOrgInstallation)
    .add('POST', '/app/installations/{installation_id}/access_tokens', createInstallationToken);
}
