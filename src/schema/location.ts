import type { GatewayContext } from '../context.ts';
import type { RestLocationDetails } from '../github/types.ts';
import { builder } from './builder.ts';
import { resolveOffsetConnection } from './offset-connection.ts';
import { LocationConnectionRef, LocationRef, type LocationConnectionShape } from './refs.ts';

type Details = Record<string, unknown>;

interface FileLocationFields {
  path: string;
  start_line: number;
  end_line: number;
  start_column: number;
  end_column: number;
  blob_sha: string;
  commit_sha: string;
  commit_url?: string;
}

const FileLocation = builder.interfaceRef<FileLocationFields>('FileLocation').implement({
  description: 'A location in a file of a commit (repository or wiki).',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The file path.' }),
    startLine: t.int({ description: 'First line of the match.', resolve: (d) => d.start_line }),
    endLine: t.int({ description: 'Last line of the match.', resolve: (d) => d.end_line }),
    startColumn: t.int({ description: 'First column of the match.', resolve: (d) => d.start_column }),
    endColumn: t.int({ description: 'Last column of the match.', resolve: (d) => d.end_column }),
    blobSha: t.string({ description: 'The blob SHA.', resolve: (d) => d.blob_sha }),
    commitSha: t.string({ description: 'The commit SHA.', resolve: (d) => d.commit_sha }),
    commitUrl: t.string({ nullable: true, description: 'The commit (REST API URL).', resolve: (d) => d.commit_url ?? null }),
  }),
});

const CommitLocation = builder.objectRef<FileLocationFields & { blob_url?: string }>('CommitLocation').implement({
  description: 'A secret in a file of a commit.',
  interfaces: [FileLocation],
  fields: (t) => ({
    blobUrl: t.string({ nullable: true, description: 'The blob (REST API URL).', resolve: (d) => d.blob_url ?? null }),
  }),
});

const WikiCommitLocation = builder.objectRef<FileLocationFields & { page_url?: string }>('WikiCommitLocation').implement({
  description: 'A secret in a wiki page commit.',
  interfaces: [FileLocation],
  fields: (t) => ({
    pageUrl: t.string({ nullable: true, description: 'The wiki page.', resolve: (d) => d.page_url ?? null }),
  }),
});

/** The location kinds that are one link: [GraphQL type, GitHub's key, GraphQL field, what it is]. */
const LINK_LOCATIONS = [
  ['IssueTitleLocation', 'issue_title_url', 'issueTitleUrl', 'the title of an issue'],
  ['IssueBodyLocation', 'issue_body_url', 'issueBodyUrl', 'the body of an issue'],
  ['IssueCommentLocation', 'issue_comment_url', 'issueCommentUrl', 'an issue comment'],
  ['DiscussionTitleLocation', 'discussion_title_url', 'discussionTitleUrl', 'the title of a discussion'],
  ['DiscussionBodyLocation', 'discussion_body_url', 'discussionBodyUrl', 'the body of a discussion'],
  ['DiscussionCommentLocation', 'discussion_comment_url', 'discussionCommentUrl', 'a discussion comment'],
  ['PullRequestTitleLocation', 'pull_request_title_url', 'pullRequestTitleUrl', 'the title of a pull request'],
  ['PullRequestBodyLocation', 'pull_request_body_url', 'pullRequestBodyUrl', 'the body of a pull request'],
  ['PullRequestCommentLocation', 'pull_request_comment_url', 'pullRequestCommentUrl', 'a pull request comment'],
  ['PullRequestReviewLocation', 'pull_request_review_url', 'pullRequestReviewUrl', 'a pull request review'],
  ['PullRequestReviewCommentLocation', 'pull_request_review_comment_url', 'pullRequestReviewCommentUrl', 'a pull request review comment'],
] as const;

const linkLocations = LINK_LOCATIONS.map(([name, key, field, what]) => ({
  key,
  ref: builder.objectRef<Details>(name).implement({
    description: `A secret in ${what}.`,
    fields: (t) => ({
      [field]: t.string({ description: `The URL of ${what} (REST API URL).`, resolve: (d) => String(d[key] ?? '') }),
    }),
  }),
}));

/**
 * GitHub's `details` (and `first_location_detected`, which has no `type`) is a oneOf without
 * a discriminator; every member has a key of its own, so the member is told by shape.
 */
export const LocationDetailsUnion = builder.unionType('SecretScanningLocationDetails', {
  description: 'The type-specific details of a location.',
  types: [CommitLocation, WikiCommitLocation, ...linkLocations.map(({ ref }) => ref)],
  resolveType: (details) => {
    const shape = details as Details;
    if ('blob_url' in shape) return CommitLocation;
    if ('page_url' in shape) return WikiCommitLocation;
    const link = linkLocations.find(({ key }) => key in shape);
    if (link) return link.ref;
    // A commit location from a server that omits blob_url still has a path.
    return 'path' in shape ? CommitLocation : null;
  },
});

builder.objectType(LocationRef, {
  description: 'One place a secret was found. `type` is GitHub\'s location type (commit, issue_comment, pull_request_body, ...).',
  fields: (t) => ({
    type: t.string({ description: "GitHub's location type.", resolve: (location) => location.type ?? 'unknown' }),
    details: t.field({
      type: LocationDetailsUnion,
      nullable: true,
      description: 'The type-specific details.',
      resolve: (location) => (location.details as RestLocationDetails | undefined) ?? null,
    }),
  }),
});

const LocationEdge = builder.objectRef<LocationConnectionShape['edges'][number]>('SecretScanningLocationEdge').implement({
  description: 'A location and its cursor.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this location.' }),
    node: t.field({ type: LocationRef, description: 'The location.', resolve: (edge) => edge.node }),
  }),
});

builder.objectType(LocationConnectionRef, {
  description: 'A page of locations of one alert.',
  fields: (t) => ({
    edges: t.field({ type: [LocationEdge], description: 'Locations with cursors.', resolve: (c) => c.edges }),
    nodes: t.field({ type: [LocationRef], description: 'Locations.', resolve: (c) => c.edges.map((edge) => edge.node) }),
    pageInfo: t.field({ type: builder.pageInfoRef(), description: 'Where this page stands.', resolve: (c) => c.pageInfo }),
  }),
});

/**
 * Locations are paged by offset over GitHub's pages of 100, so each upstream page is read at
 * most once per request whatever the client's page size.
 */
export async function resolveLocations(
  context: GatewayContext,
  owner: string,
  repo: string,
  alertNumber: number,
  args: { first?: number | null; after?: string | null },
): Promise<LocationConnectionShape> {
  const scope = `${owner}/${repo}#${alertNumber}`.toLowerCase();
  return resolveOffsetConnection(context.cursors, 'locations', scope, args, (page) => context.store.locations(owner, repo, alertNumber, page));
}
