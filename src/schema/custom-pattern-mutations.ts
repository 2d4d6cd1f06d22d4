import type { GatewayContext } from '../context.ts';
import { ValidationError, VersionConflictError } from '../errors.ts';
import { createCustomPatterns, CustomPatternRejectedError, deleteCustomPatterns, updateCustomPattern } from '../github/custom-patterns.ts';
import { scopeCredentialOwner, scopeKey, type OwnerScope } from '../github/owner-scope.ts';
import { audited } from './audited.ts';
import { builder } from './builder.ts';
import { customPatternLocalId, parseCustomPatternId } from './custom-pattern.ts';
import { MAX_PATTERNS_PER_DELETE, rejectionToValidation, restPatternsToCreate, restPatternUpdate } from './custom-pattern-input.ts';
import { ALERT_MUTATION_ERRORS, VERSIONED_MUTATION_ERRORS } from './errors.ts';
import { encodeNodeId, localIdOf } from './node-id.ts';
import { CustomPatternRef } from './refs.ts';
import { authorizeScope, fieldOfScope, scopeOfTarget } from './scope-access.ts';

/** The optional regex fields of a pattern, shared by the create and update inputs. */
const REGEX_FIELD_DESCRIPTIONS = {
  startDelimiter: "What must come before the secret (a regular expression); GitHub's default is \\A|[^0-9A-Za-z].",
  endDelimiter: "What must come after the secret (a regular expression); GitHub's default is \\z|[^0-9A-Za-z].",
  mustMatch: 'Regular expressions the secret must also match (at most 10).',
  mustNotMatch: 'Regular expressions the secret must not match (at most 10).',
} as const;

const NewPatternInput = builder.inputType('SecretScanningCustomPatternInput', {
  description: 'A custom pattern to create. Patterns are never written to logs.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The pattern name (1 to 100 characters), unique where it is defined.' }),
    pattern: t.string({ required: true, description: 'The regular expression of the secret.' }),
    startDelimiter: t.string({ description: REGEX_FIELD_DESCRIPTIONS.startDelimiter }),
    endDelimiter: t.string({ description: REGEX_FIELD_DESCRIPTIONS.endDelimiter }),
    mustMatch: t.stringList({ description: REGEX_FIELD_DESCRIPTIONS.mustMatch }),
    mustNotMatch: t.stringList({ description: REGEX_FIELD_DESCRIPTIONS.mustNotMatch }),
  }),
});

const CreateInput = builder.inputType('CreateSecretScanningCustomPatternsInput', {
  description: 'Custom patterns to create, all or none, in exactly one of an organization, a repository or an enterprise.',
  fields: (t) => ({
    org: t.string({ description: 'The organization login.' }),
    repository: t.string({ description: 'The repository, as owner/name.' }),
    enterprise: t.string({ description: 'The enterprise slug (callers limited to some organizations may not use it).' }),
    patterns: t.field({ type: [NewPatternInput], required: true, description: 'The patterns, 1 to 100.' }),
  }),
});

const UpdateInput = builder.inputType('UpdateSecretScanningCustomPatternInput', {
  description: 'Changes to one custom pattern (PATCH …/custom-patterns/{pattern_id}); fields left out stay as they are.',
  fields: (t) => ({
    patternId: t.id({ required: true, description: "The pattern's global id (SecretScanningCustomPattern.id)." }),
    version: t.string({ required: true, description: 'SecretScanningCustomPattern.version as read; GitHub answers 412 (VersionConflictError) if it is stale.' }),
    pattern: t.string({ description: 'The new regular expression of the secret.' }),
    startDelimiter: t.string({ description: REGEX_FIELD_DESCRIPTIONS.startDelimiter }),
    endDelimiter: t.string({ description: REGEX_FIELD_DESCRIPTIONS.endDelimiter }),
    mustMatch: t.stringList({ description: REGEX_FIELD_DESCRIPTIONS.mustMatch }),
    mustNotMatch: t.stringList({ description: REGEX_FIELD_DESCRIPTIONS.mustNotMatch }),
  }),
});

const DeletionInput = builder.inputType('SecretScanningCustomPatternDeletionInput', {
  description: 'One custom pattern to delete.',
  fields: (t) => ({
    patternId: t.id({ required: true, description: "The pattern's global id." }),
    version: t.string({ description: 'SecretScanningCustomPattern.version as read; GitHub answers 412 (VersionConflictError) if it is stale.' }),
  }),
});

const PostDeleteActionEnum = builder.enumType('SecretScanningCustomPatternPostDeleteAction', {
  description: "What happens to the alerts of deleted patterns (GitHub's post_delete_action).",
  values: {
    DELETE_ALERTS: { description: 'The alerts are removed for good: delete_alerts (GitHub\'s default).' },
    RESOLVE_ALERTS: { description: 'The alerts are resolved as PATTERN_DELETED: resolve_alerts.' },
  } as const,
});

const DeleteInput = builder.inputType('DeleteSecretScanningCustomPatternsInput', {
  description: 'Custom patterns to delete, all or none; they must all be defined in the same place.',
  fields: (t) => ({
    patterns: t.field({ type: [DeletionInput], required: true, description: 'The patterns, 1 to 500.' }),
    postDeleteAction: t.field({ type: PostDeleteActionEnum, defaultValue: 'DELETE_ALERTS', description: 'What happens to their alerts; default DELETE_ALERTS.' }),
  }),
});

interface DeleteSuccessShape {
  deletedPatternIds: string[];
  postDeleteAction: 'DELETE_ALERTS' | 'RESOLVE_ALERTS';
}

const DeleteSuccess = builder.objectRef<DeleteSuccessShape>('DeleteSecretScanningCustomPatternsSuccess').implement({
  description: 'The patterns were deleted.',
  fields: (t) => ({
    deletedPatternIds: t.exposeIDList('deletedPatternIds', { description: 'Global ids of the deleted patterns, in input order.' }),
    postDeleteAction: t.field({ type: PostDeleteActionEnum, description: 'What was done with their alerts.', resolve: (s) => s.postDeleteAction }),
  }),
});

/** Read copies of the scope's lists and settings are stale after a write (the caching transport already dropped its own). */
function forgetReads(context: GatewayContext, scope: OwnerScope): void {
  context.loaders.customPatternPage.clearAll();
  if (scope.kind === 'org') context.loaders.patternConfiguration.clear(scope.org);
  if (scope.kind === 'enterprise') context.loaders.enterprisePatternConfiguration.clear(scope.enterprise);
}

function conflictMessage(what: string): VersionConflictError {
  return new VersionConflictError(`${what} was changed since its version was read. Read SecretScanningCustomPattern.version again and retry with it.`);
}

function decodePatternId(globalId: string, field: string, write: boolean, context: GatewayContext): { scope: OwnerScope; patternId: number } {
  const { scope, patternId } = parseCustomPatternId(localIdOf(globalId, 'SecretScanningCustomPattern', field), field);
  return { scope: authorizeScope(context, scope, field, write), patternId };
}

builder.mutationFields((t) => ({
  createSecretScanningCustomPatterns: t.field({
    type: [CustomPatternRef],
    description:
      'Creates custom patterns, all or none (POST …/secret-scanning/custom-patterns). GitHub\'s per-pattern problems come back as a ValidationError ' +
      'naming the input field (e.g. input.patterns[2].startDelimiter). Never retried.',
    args: { input: t.arg({ type: CreateInput, required: true, description: 'Where, and the patterns.' }) },
    errors: {
      types: ALERT_MUTATION_ERRORS,
      union: { name: 'CreateSecretScanningCustomPatternsResult', description: 'The created patterns, or why none was created.' },
      result: { name: 'CreateSecretScanningCustomPatternsSuccess', description: 'Every pattern was created.' },
      dataField: { name: 'patterns', description: 'The created patterns, in input order.' },
    },
    resolve: (_root, { input }, context) =>
      audited(context, 'secret_scanning_custom_pattern.create', { kind: 'custom-patterns', scope: 'unknown', count: input.patterns.length }, async (record) => {
        const scope = scopeOfTarget(input);
        record.target = { kind: 'custom-patterns', scope: scopeKey(scope), count: input.patterns.length };
        authorizeScope(context, scope, fieldOfScope(scope), true);
        const patterns = restPatternsToCreate(input.patterns);
        const created = await createCustomPatterns(await context.github.clientFor(scopeCredentialOwner(scope)), scope, patterns).catch((error: unknown) => {
          throw error instanceof CustomPatternRejectedError ? rejectionToValidation(error, (i) => (i === null ? 'input.patterns' : `input.patterns[${i}]`)) : error;
        });
        forgetReads(context, scope);
        record.after = { patternIds: created.map((pattern) => pattern.id), versions: created.map((pattern) => pattern.custom_pattern_version ?? null) };
        return created.map((pattern) => ({ scope, pattern }));
      }),
  }),

  updateSecretScanningCustomPattern: t.field({
    type: CustomPatternRef,
    description: 'Changes one custom pattern, guarded by the version read (412 → VersionConflictError). Never retried.',
    args: { input: t.arg({ type: UpdateInput, required: true, description: 'The pattern, the version read and the changes.' }) },
    errors: {
      types: VERSIONED_MUTATION_ERRORS,
      union: { name: 'UpdateSecretScanningCustomPatternResult', description: 'The changed pattern, or why it was not changed.' },
      result: { name: 'UpdateSecretScanningCustomPatternSuccess', description: 'The pattern was changed.' },
      dataField: { name: 'pattern', description: 'The pattern as it is now, with its new version.' },
    },
    resolve: (_root, { input }, context) =>
      audited(context, 'secret_scanning_custom_pattern.update', { kind: 'custom-pattern', scope: 'unknown', patternId: null }, async (record) => {
        const { scope, patternId } = decodePatternId(input.patternId, 'input.patternId', true, context);
        record.target = { kind: 'custom-pattern', scope: scopeKey(scope), patternId };
        record.before = { versions: [input.version] };
        const update = restPatternUpdate(input);
        record.requested = { fields: Object.keys(update).filter((field) => field !== 'custom_pattern_version') };
        const client = await context.github.clientFor(scopeCredentialOwner(scope));
        const pattern = await updateCustomPattern(client, scope, patternId, update).catch((error: unknown) => {
          if (error instanceof VersionConflictError) throw conflictMessage(`Custom pattern ${patternId}`);
          throw error instanceof CustomPatternRejectedError ? rejectionToValidation(error, () => 'input') : error;
        });
        forgetReads(context, scope);
        record.after = { versions: [pattern.custom_pattern_version ?? null], fields: record.requested.fields };
        return { scope, pattern };
      }),
  }),

  deleteSecretScanningCustomPatterns: t.field({
    type: DeleteSuccess,
    description:
      'Deletes custom patterns, all or none (DELETE …/secret-scanning/custom-patterns with a JSON body), guarded by their versions ' +
      '(412 → VersionConflictError). Never retried.',
    args: { input: t.arg({ type: DeleteInput, required: true, description: 'The patterns and what happens to their alerts.' }) },
    errors: {
      types: VERSIONED_MUTATION_ERRORS,
      directResult: true,
      union: { name: 'DeleteSecretScanningCustomPatternsResult', description: 'The deleted patterns, or why none was deleted.' },
    },
    resolve: (_root, { input }, context) =>
      audited(context, 'secret_scanning_custom_pattern.delete', { kind: 'custom-patterns', scope: 'unknown', count: input.patterns.length }, async (record) => {
        const { patterns } = input;
        if (patterns.length === 0 || patterns.length > MAX_PATTERNS_PER_DELETE) {
          throw new ValidationError(`Delete 1 to ${MAX_PATTERNS_PER_DELETE} patterns per call (got ${patterns.length}).`, 'input.patterns');
        }
        const targets = patterns.map((entry, index) => decodePatternId(entry.patternId, `input.patterns[${index}].patternId`, true, context));
        const scope = targets[0]!.scope;
        if (targets.some((target) => scopeKey(target.scope) !== scopeKey(scope))) {
          throw new ValidationError('All patterns of one call must be defined in the same organization, repository or enterprise.', 'input.patterns');
        }
        const postDeleteAction = input.postDeleteAction ?? 'DELETE_ALERTS';
        const ids = targets.map((target) => target.patternId);
        record.target = { kind: 'custom-patterns', scope: scopeKey(scope), count: ids.length };
        record.before = { patternIds: ids, versions: patterns.map((entry) => entry.version ?? null), postDeleteAction };
        const rest = targets.map(({ patternId }, index) => ({ pattern_id: patternId, ...(patterns[index]?.version != null ? { custom_pattern_version: patterns[index].version } : {}) }));
        const client = await context.github.clientFor(scopeCredentialOwner(scope));
        await deleteCustomPatterns(client, scope, rest, postDeleteAction === 'RESOLVE_ALERTS' ? 'resolve_alerts' : 'delete_alerts').catch((error: unknown) => {
          throw error instanceof VersionConflictError ? conflictMessage('A custom pattern of this call') : error;
        });
        forgetReads(context, scope);
        record.after = { patternIds: ids, postDeleteAction };
        return { deletedPatternIds: ids.map((id) => encodeNodeId('SecretScanningCustomPattern', customPatternLocalId(scope, id))), postDeleteAction };
      }),
  }),
}));
