/**
 * How kube-apiserver words a refused object: field errors become a 422 `Invalid` Status
 * (k8s.io/apimachinery pkg/api/errors NewInvalid: `<Kind.group> "<name>" is invalid: <aggregate>`,
 * one cause per field error with its type, body and path), strict-decoding errors a 400
 * `BadRequest` (apiserver pkg/endpoints/handlers/rest.go transformDecodeError:
 * `<Kind> in version "<v>" cannot be handled as a <Kind>: strict decoding error: unknown field "x"`).
 */
import type { RuleFinding } from '../rules/rule.js';
import type { ApiStatus } from './types.js';

/** The kind of a refused object, as GroupKind names it. */
export interface ObjectKind {
  readonly kind: string;
  /** '' for the core group. */
  readonly group: string;
  /** The apiVersion's version part (`v1`). */
  readonly version: string;
  readonly name: string;
}

/** The group, version and name of an object, for messages. */
export function objectKind(object: Readonly<Record<string, unknown>>): ObjectKind {
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : 'v1';
  const slash = apiVersion.lastIndexOf('/');
  const metadata = object['metadata'];
  const name =
    typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
      ? (metadata as Record<string, unknown>)['name']
      : undefined;
  return {
    kind: typeof object['kind'] === 'string' ? object['kind'] : '',
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: apiVersion.slice(slash + 1),
    name: typeof name === 'string' ? name : '',
  };
}

/**
 * The CauseType of a field error from its body's opening words (apimachinery field.ErrorType
 * String(): `Required value`, `Invalid value`, ...).
 */
const CAUSE_BY_HEAD: readonly (readonly [string, string])[] = [
  ['Required value', 'FieldValueRequired'],
  ['Invalid value', 'FieldValueInvalid'],
  ['Unsupported value', 'FieldValueNotSupported'],
  ['Forbidden', 'FieldValueForbidden'],
  ['Duplicate value', 'FieldValueDuplicate'],
  ['Not found', 'FieldValueNotFound'],
  ['Too long', 'FieldValueTooLong'],
  ['Too many', 'FieldValueTooMany'],
  ['Internal error', 'InternalError'],
];

/** The cause reason of one field error body. */
export function causeReason(body: string): string {
  for (const [head, reason] of CAUSE_BY_HEAD) if (body.startsWith(head)) return reason;
  return 'FieldValueInvalid';
}

/**
 * field.ErrorList.ToAggregate().Error(): one error as is, several as `[e1, e2]`, repeated
 * messages once (utilerrors.aggregate dedupes by message).
 */
export function aggregateMessage(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/** The 422 Invalid Status for field errors (errors.NewInvalid). */
export function invalidStatus(k: ObjectKind, findings: readonly RuleFinding[]): ApiStatus {
  const qualified = k.group === '' ? k.kind : `${k.kind}.${k.group}`;
  const errs = findings.map((f) => (f.field === '' ? f.message : `${f.field}: ${f.message}`));
  return {
    code: 422,
    reason: 'Invalid',
    message: `${qualified} "${k.name}" is invalid: ${aggregateMessage(errs)}`,
    details: {
      name: k.name,
      ...(k.group === '' ? {} : { group: k.group }),
      kind: k.kind,
      causes: findings.map((f) => ({
        reason: causeReason(f.message),
        message: f.message,
        field: f.field,
      })),
    },
  };
}

/**
 * The 400 BadRequest for unknown fields under strict field validation (strictDecodingError:
 * `strict decoding error: ` and the errors joined by `, `).
 */
export function strictDecodingStatus(k: ObjectKind, messages: readonly string[]): ApiStatus {
  return badRequest(
    `${k.kind} in version "${k.version}" cannot be handled as a ${k.kind}: strict decoding error: ${messages.join(', ')}`,
  );
}

/**
 * A 400 BadRequest for a value the decoder cannot read. The real server names the Go type
 * (`json: cannot unmarshal string into Go struct field ...`); we name the field and the JSON
 * type expected, as `validate` does (src/api/decode.ts).
 */
export function decodeStatus(k: ObjectKind, findings: readonly RuleFinding[]): ApiStatus {
  const first = findings[0];
  const what = first === undefined ? '' : `${first.field}: ${first.message}`;
  return badRequest(
    `${k.kind} in version "${k.version}" cannot be handled as a ${k.kind}: ${what}`,
  );
}

/** errors.NewBadRequest. */
export function badRequest(message: string): ApiStatus {
  return { code: 400, reason: 'BadRequest', message };
}

/** errors.NewInternalError (`Internal error occurred: <why>`). */
export function internalError(why: string): ApiStatus {
  return {
    code: 500,
    reason: 'InternalError',
    message: `Internal error occurred: ${why}`,
    details: { causes: [{ message: why }] },
  };
}
