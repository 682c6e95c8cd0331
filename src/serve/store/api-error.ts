/**
 * The errors the local API server answers with, worded as kube-apiserver words them:
 * staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (NewNotFound, NewAlreadyExists,
 * NewConflict, NewInvalid, NewBadRequest, NewMethodNotSupported, NewGone, NewResourceExpired,
 * NewUnauthorized, NewForbidden, NewRequestEntityTooLargeError, NewInternalError) and
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/errors.go
 * (errUnsupportedMediaType). `toStatus()` is the `Status` body kubectl decodes and prints as
 * `Error from server (<reason>): <message>`.
 */
import { groupKind, groupResource, resourceInfo } from './resources.js';
import type { ApiErrorShape, ResourceName } from './types.js';

/** metav1.CauseType of a field error (field.ErrorType's string). */
export type CauseType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

/** One field.Error: its path, its type and its ErrorBody (see src/api/field-error.ts). */
export interface FieldError {
  readonly field: string;
  readonly type: CauseType;
  /** field.Error.ErrorBody(): `Forbidden: …`, `Invalid value: "x": …`, `Required value`. */
  readonly body: string;
}

/** The `Status` object (meta/v1) of a failed request. */
export interface StatusBody {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly details?: ApiErrorShape['details'];
  readonly code: number;
}

type Details = NonNullable<ApiErrorShape['details']>;

/** Whether a thrown value carries a Status (duck-typed: ApiError, an HTTP error, ApiStatus). */
export function isApiErrorShape(e: unknown): e is ApiErrorShape {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as Record<string, unknown>;
  return (
    typeof r['code'] === 'number' &&
    typeof r['reason'] === 'string' &&
    typeof r['message'] === 'string'
  );
}

/** An API error: an Error carrying the Status kube-apiserver would answer. */
export class ApiError extends Error {
  readonly shape: ApiErrorShape;

  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.shape = shape;
  }

  get code(): number {
    return this.shape.code;
  }

  get reason(): string {
    return this.shape.reason;
  }

  /** The `Status` JSON body (details left out when empty, as Go's omitempty does). */
  toStatus(): StatusBody {
    const { code, reason, message, details } = this.shape;
    const base = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' } as const;
    const d = details === undefined ? undefined : compactDetails(details);
    return d === undefined
      ? { ...base, message, reason, code }
      : { ...base, message, reason, details: d, code };
  }

  /** NewNotFound: 404 `pods "x" not found`. */
  static notFound(resource: ResourceName, name: string): ApiError {
    return withResource(404, 'NotFound', resource, name, `${quoted(resource, name)} not found`);
  }

  /** The apiserver's answer to a path it does not serve (404, no details). */
  static notFoundPath(): ApiError {
    const message = 'the server could not find the requested resource';
    return new ApiError({ code: 404, reason: 'NotFound', message, details: {} });
  }

  /** NewAlreadyExists: 409 `pods "x" already exists`. */
  static alreadyExists(resource: ResourceName, name: string): ApiError {
    const message = `${quoted(resource, name)} already exists`;
    return withResource(409, 'AlreadyExists', resource, name, message);
  }

  /**
   * NewConflict with the registry's optimistic-lock error
   * (apiserver/pkg/registry/generic/registry/store.go OptimisticLockErrorMsg).
   */
  static conflict(resource: ResourceName, name: string, cause = OPTIMISTIC_LOCK): ApiError {
    const message = `Operation cannot be fulfilled on ${quoted(resource, name)}: ${cause}`;
    return withResource(409, 'Conflict', resource, name, message);
  }

  /** NewInvalid: 422 `Pod "x" is invalid: <aggregate>` with one cause per field error. */
  static invalid(resource: ResourceName, name: string, errs: readonly FieldError[]): ApiError {
    const head = `${groupKind(resource)} "${name}" is invalid`;
    const agg = aggregate(errs.map((e) => `${e.field}: ${e.body}`));
    const causes = errs.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
    const details: Details = { ...groupOf(resource), kind: resourceInfo(resource).kind, name };
    return new ApiError({
      code: 422,
      reason: 'Invalid',
      message: agg === '' ? head : `${head}: ${agg}`,
      details: { ...details, causes },
    });
  }

  /** NewBadRequest: 400, the message as given. */
  static badRequest(message: string): ApiError {
    return new ApiError({ code: 400, reason: 'BadRequest', message });
  }

  /** NewMethodNotSupported: 405 `<action> is not supported on resources of kind "pods"`. */
  static methodNotSupported(resource: ResourceName, action: string): ApiError {
    const gr = groupResource(resource);
    const message = `${action} is not supported on resources of kind "${gr}"`;
    const details: Details = { ...groupOf(resource), kind: resource };
    return new ApiError({ code: 405, reason: 'MethodNotAllowed', message, details });
  }

  /** NewGone: 410 Gone with the message as given (deprecated upstream; kept for watches). */
  static gone(message: string): ApiError {
    return new ApiError({ code: 410, reason: 'Gone', message });
  }

  /**
   * NewResourceExpired with the watch cache's words
   * (apiserver/pkg/storage/cacher/watch_cache.go: `too old resource version: %d (%d)`).
   */
  static expired(requested: string, oldest: string): ApiError {
    const message = `too old resource version: ${requested} (${oldest})`;
    return new ApiError({ code: 410, reason: 'Expired', message });
  }

  /** NewUnauthorized: 401, `not authorized` when no reason is given. */
  static unauthorized(reason = ''): ApiError {
    const message = reason === '' ? 'not authorized' : reason;
    return new ApiError({ code: 401, reason: 'Unauthorized', message });
  }

  /** NewForbidden: 403 `pods "x" is forbidden: <why>` (`pods is forbidden: …` without a name). */
  static forbidden(resource: ResourceName, name: string, why: string): ApiError {
    const gr = groupResource(resource);
    const message =
      name === '' ? `${gr} is forbidden: ${why}` : `${quoted(resource, name)} is forbidden: ${why}`;
    return withResource(403, 'Forbidden', resource, name, message);
  }

  /** NewRequestEntityTooLargeError: 413 `Request entity too large: <message>`. */
  static requestEntityTooLarge(message: string): ApiError {
    const m = `Request entity too large: ${message}`;
    return new ApiError({ code: 413, reason: 'RequestEntityTooLarge', message: m });
  }

  /** negotiation.NewUnsupportedMediaTypeError: 415 with the accepted media types. */
  static unsupportedMediaType(accepted: readonly string[]): ApiError {
    const message = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
    return new ApiError({ code: 415, reason: 'UnsupportedMediaType', message });
  }

  /** NewInternalError: 500 `Internal error occurred: <err>` with the error as the one cause. */
  static internal(err: string): ApiError {
    const message = `Internal error occurred: ${err}`;
    const details: Details = { causes: [{ message: err }] };
    return new ApiError({ code: 500, reason: 'InternalError', message, details });
  }
}

/** apiserver/pkg/registry/generic/registry/store.go OptimisticLockErrorMsg. */
export const OPTIMISTIC_LOCK =
  'the object has been modified; please apply your changes to the latest version and try again';

/** True for an ApiError (also one thrown by the store). */
export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

function quoted(resource: ResourceName, name: string): string {
  return `${groupResource(resource)} "${name}"`;
}

function groupOf(resource: ResourceName): { group?: string } {
  const g = resourceInfo(resource).group;
  return g === '' ? {} : { group: g };
}

function withResource(
  code: number,
  reason: string,
  resource: ResourceName,
  name: string,
  message: string,
): ApiError {
  const details: Details = {
    ...groupOf(resource),
    kind: resource,
    ...(name === '' ? {} : { name }),
  };
  return new ApiError({ code, reason, message, details });
}

/**
 * utilerrors.aggregate.Error(): one message as is; several deduplicated, joined by ", " and
 * wrapped in brackets (staging/src/k8s.io/apimachinery/pkg/util/errors/errors.go).
 */
export function aggregate(messages: readonly string[]): string {
  if (messages.length === 0) return '';
  if (messages.length === 1) return messages[0] ?? '';
  const seen = [...new Set(messages)];
  return seen.length === 1 ? (seen[0] ?? '') : `[${seen.join(', ')}]`;
}

function compactDetails(d: Details): Details {
  const out: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: NonNullable<Details['causes']>;
  } = {};
  if (d.name !== undefined && d.name !== '') out.name = d.name;
  if (d.group !== undefined && d.group !== '') out.group = d.group;
  if (d.kind !== undefined && d.kind !== '') out.kind = d.kind;
  if (d.causes !== undefined && d.causes.length > 0) out.causes = d.causes;
  return out;
}
