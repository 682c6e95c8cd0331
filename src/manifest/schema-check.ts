/**
 * Checking a document of sidecarctl's own kinds (CatalogEntry, Scenario) against its JSON Schema,
 * with the answer a user can act on: the first problem, as a field path and a position in the
 * file (`file:line:col`), instead of ajv's JSON pointers. The schemas ship in `schemas/` so that
 * editors and CI can check the same files without sidecarctl.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SidecarError, type ErrorCode } from '../errors.js';
import { formatPath, type PathSegment } from './field-path.js';
import { locate } from './locate.js';
import type { ManifestDocument } from './parse.js';

/** One way a value breaks its schema. */
export interface SchemaProblem {
  /** Where: the failing value's path; for a missing or an unknown field, that field's own path. */
  readonly path: readonly PathSegment[];
  /** The JSON Schema keyword that failed (`type`, `required`, `additionalProperties`, ...). */
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Where the keyword is in the schema, e.g. `#/definitions/duration/pattern`. */
  readonly schemaPath: string;
  /** The schema object that holds the failing keyword. */
  readonly parentSchema: unknown;
  /** A plain wording: `unknown field "x"`, `missing required field "y"`, or ajv's own message. */
  readonly message: string;
}

const compiled = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (v === undefined) {
    v = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** Every problem of a value against a schema, in ajv's order (empty: the value is valid). */
export function schemaProblems(value: unknown, schema: object): SchemaProblem[] {
  const validate = validatorOf(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => problemOf(e, value));
}

/** The first problem of a value against a schema; null when it is valid. */
export function firstSchemaProblem(value: unknown, schema: object): SchemaProblem | null {
  return schemaProblems(value, schema)[0] ?? null;
}

export interface SchemaCheckOptions {
  /** The error code thrown for an invalid value. */
  readonly code: ErrorCode;
  /** What is checked, first in the message: `invalid catalog entry`. */
  readonly what: string;
  /** The parsed document the value is: the error then names its file, line and column. */
  readonly document?: ManifestDocument;
}

/**
 * Checks a value against a schema.
 * @throws SidecarError `options.code`, `<what>: <problem>` with the file, the position of the
 *   field in the document and the field path (`(root)` for the document itself)
 */
export function checkAgainstSchema(
  value: unknown,
  schema: object,
  options: SchemaCheckOptions,
): void {
  const problem = firstSchemaProblem(value, schema);
  if (problem === null) return;
  const doc = options.document;
  const pos = doc !== undefined ? locate(doc, problem.path) : null;
  throw new SidecarError(options.code, `${options.what}: ${problem.message}`, {
    ...(doc !== undefined ? { file: doc.file } : {}),
    ...(pos !== null ? { line: pos.line, column: pos.column } : {}),
    field: formatPath(problem.path) || '(root)',
  });
}

function problemOf(e: ErrorObject, value: unknown): SchemaProblem {
  const params = e.params as Record<string, unknown>;
  const path = pathOf(e.instancePath, value);
  if (e.keyword === 'required' && typeof params['missingProperty'] === 'string')
    path.push(params['missingProperty']);
  if (e.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string')
    path.push(params['additionalProperty']);
  return {
    path,
    keyword: e.keyword,
    params,
    schemaPath: e.schemaPath,
    parentSchema: e.parentSchema,
    message: describe(e, params),
  };
}

/** An ajv instance path (a JSON pointer) as field segments: indexes where the value is a list. */
function pathOf(pointer: string, value: unknown): PathSegment[] {
  if (pointer === '') return [];
  const out: PathSegment[] = [];
  let at: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at)) {
      const i = Number(token);
      out.push(i);
      at = at[i];
    } else {
      out.push(token);
      at =
        typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[token] : undefined;
    }
  }
  return out;
}

function describe(e: ErrorObject, params: Record<string, unknown>): string {
  if (e.keyword === 'additionalProperties')
    return `unknown field "${String(params['additionalProperty'])}"`;
  if (e.keyword === 'required')
    return `missing required field "${String(params['missingProperty'])}"`;
  if (e.keyword === 'enum')
    return `${e.message ?? 'invalid value'}: ${JSON.stringify(params['allowedValues'])}`;
  if (e.keyword === 'const') return `must be ${JSON.stringify(params['allowedValue'])}`;
  if (e.keyword === 'not') return 'must not be set';
  return e.message ?? 'invalid value';
}
