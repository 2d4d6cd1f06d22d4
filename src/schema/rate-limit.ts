import type { RateLimitStatus } from '../github/rate-limit.ts';
import { getRateLimit } from '../github/rate-limit.ts';
import { builder } from './builder.ts';

const RateLimit = builder.objectRef<RateLimitStatus>('RateLimit').implement({
  description: "GitHub's core REST rate limit of a credential.",
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'Requests allowed per hour.' }),
    remaining: t.exposeInt('remaining', { description: 'Requests left until the reset.' }),
    used: t.exposeInt('used', { description: 'Requests used since the last reset.' }),
    resetAt: t.field({ type: 'DateTime', description: 'When the limit resets.', resolve: (r) => new Date(r.reset * 1000).toISOString() }),
  }),
});

builder.queryField('rateLimit', (t) =>
  t.field({
    type: RateLimit,
    nullable: true,
    description: 'The upstream GitHub rate limit of the credential serving this request (for the first configured organization in App mode).',
    resolve: async (_root, _args, context) => getRateLimit(await context.github.clientFor(context.defaultOrgs[0] ?? '')),
  }),
);
