import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type JsonObject = Record<string, unknown>;

function loadDocument(file: string): JsonObject {
  const document = JSON.parse(readFileSync(new URL(`../fixtures/github/${file}`, import.meta.url), 'utf8')) as JsonObject;
  const schemas = (document.components as JsonObject).schemas as Record<string, JsonObject>;
  // GitHub returns pattern_edited/pattern_deleted resolutions although the response enum omits
  // them (the list filter documents them); accept them so those alerts validate on their other fields.
  const resolution = schemas['secret-scanning-alert-resolution'];
  if (resolution !== undefined) resolution.enum = [...(resolution.enum as string[]), 'pattern_edited', 'pattern_deleted'];
  return normalizeNullable(document) as JsonObject;
}

/**
 * OpenAPI 3.0 `nullable` as ajv understands it: ajv rejects `nullable` without `type` (GitHub's
 * nullable oneOf schemas) and keeps checking `enum` on null, so rewrite those two cases.
 */
function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node).map(([key, value]) => [key, normalizeNullable(value)] as const);
  const object: JsonObject = Object.fromEntries(entries);
  if (object.nullable !== true) return object;
  if (Array.isArray(object.enum) && !object.enum.includes(null)) object.enum = [...object.enum, null];
  if (object.type === undefined) {
    const { nullable: _nullable, ...rest } = object;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return object;
}

/** Validates JSON against the response schemas of GitHub's OpenAPI description (fixture copies). */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly file = 'secret-scanning.openapi.json') {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...loadDocument(file), $id: 'api' });
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.cache.get(pointer);
    if (validate === undefined) {
      const found = this.ajv.getSchema(`api#${pointer}`);
      if (found === undefined) throw new Error(`${this.file} has no schema at ${pointer}`);
      validate = found;
      this.cache.set(pointer, validate);
    }
    return validate;
  }

  /** Validates against #/components/schemas/<name>; returns ajv's error text, or '' when valid. */
  schemaErrors(name: string, value: unknown): string {
    return this.errorsAt(`/components/schemas/${name}`, value);
  }

  /** Validates against the JSON response schema of an operation, e.g. ('/orgs/{org}/secret-scanning/alerts', 'get', 200). */
  responseErrors(path: string, method: string, status: number, value: unknown): string {
    const escaped = path.replace(/~/g, '~0').replace(/\//g, '~1');
    const document = this.ajv.getSchema('api')?.schema as JsonObject;
    const operation = ((document.paths as JsonObject)[path] as JsonObject)[method] as JsonObject;
    const response = (operation.responses as JsonObject)[String(status)] as JsonObject;
    const base = typeof response.$ref === 'string' ? response.$ref.slice(1) : `/paths/${escaped}/${method}/responses/${status}`;
    const pointer = `${base}/content/application~1json/schema`;
    return this.errorsAt(pointer, value);
  }

  private errorsAt(pointer: string, value: unknown): string {
    const validate = this.validator(pointer);
    return validate(value) ? '' : this.ajv.errorsText(validate.errors, { separator: '\n' });
  }
}
