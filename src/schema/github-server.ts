import { GITHUB_FEATURES, type GitHubFeature, type ServerCapabilities } from '../github/capabilities.ts';
import { builder } from './builder.ts';

const FEATURES = Object.keys(GITHUB_FEATURES) as GitHubFeature[];

const GitHubFeatureEnum = builder.enumType('GitHubFeature', {
  description: 'A secret-scanning feature that some GitHub servers lack (older GitHub Enterprise Server releases).',
  values: Object.fromEntries(FEATURES.map((feature) => [feature, { description: GITHUB_FEATURES[feature].description }])) as Record<
    GitHubFeature,
    { description: string }
  >,
});

const GitHubServerKindEnum = builder.enumType('GitHubServerKind', {
  description: 'Which kind of GitHub serves the gateway.',
  values: {
    DOTCOM: { description: 'api.github.com: GitHub.com and GitHub Enterprise Cloud (including data residency), which send no release header.' },
    ENTERPRISE_SERVER: { description: 'GitHub Enterprise Server, which names its release in X-GitHub-Enterprise-Version.' },
  } as const,
});

interface CapabilityShape {
  feature: GitHubFeature;
  available: boolean;
}

const GitHubCapabilityRef = builder.objectRef<CapabilityShape>('GitHubCapability').implement({
  description: 'One feature and whether this server has it.',
  fields: (t) => ({
    feature: t.field({ type: GitHubFeatureEnum, description: 'The feature.', resolve: (c) => c.feature }),
    available: t.exposeBoolean('available', {
      description: 'Whether this server has it. Fields it feeds answer null without it; filters and mutations that need it answer a VALIDATION error naming the release needed.',
    }),
    enterpriseVersionNeeded: t.string({
      nullable: true,
      description: 'The first GitHub Enterprise Server release that has it, e.g. "3.20"; null when no release has it (GitHub.com and GHEC only).',
      resolve: (c) => GITHUB_FEATURES[c.feature].enterprise,
    }),
    description: t.string({ description: 'What it is.', resolve: (c) => GITHUB_FEATURES[c.feature].description }),
  }),
});

const GitHubServerRef = builder.objectRef<ServerCapabilities>('GitHubServer').implement({
  description: 'The GitHub behind the gateway, as learned once from the release header of its answers, and what it can do.',
  fields: (t) => ({
    kind: t.field({
      type: GitHubServerKindEnum,
      description: 'GitHub.com/GHEC or GitHub Enterprise Server.',
      resolve: (server) => (server.isEnterpriseServer ? 'ENTERPRISE_SERVER' : 'DOTCOM'),
    }),
    enterpriseVersion: t.string({
      nullable: true,
      description: 'The GitHub Enterprise Server release (X-GitHub-Enterprise-Version), e.g. "3.19.0"; null for GitHub.com and GHEC.',
      resolve: (server) => server.enterpriseVersion,
    }),
    capabilities: t.field({
      type: [GitHubCapabilityRef],
      description: 'Every feature that depends on the server, and whether this one has it.',
      resolve: (server) => FEATURES.map((feature) => ({ feature, available: server.has(feature) })),
    }),
  }),
});

builder.queryField('gitHubServer', (t) =>
  t.field({
    type: GitHubServerRef,
    description: 'Which GitHub serves this gateway (GitHub.com/GHEC or a GitHub Enterprise Server release) and what it can do.',
    resolve: (_root, _args, context) => context.capabilities,
  }),
);
