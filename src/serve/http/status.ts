/**
 * Errors as kube-apiserver answers them: a meta/v1 `Status` with `reason`, `code` and the
 * server's own wording (k8s.io/apimachinery pkg/api/errors/errors.go: NewNotFound, NewBadRequest,
 * NewUnauthorized, NewRequestEntityTooLargeError, ...). Any thrown value that has the ApiErrorShape
 * (the store's ApiError, admission's ApiStatus) is answered as is; anything else is a 500.
 */
import { isApiError, isApiErrorShape, type StatusBody } from '../store/api-error.js';
import type { ApiErrorShape } from '../store/types.js';

/** An error the HTTP layer throws itself; the store's ApiError has the same shape. */
export class HttpStatusError extends Error implements ApiErrorShape {
  readonly code: number;
  readonly reason: string;
  readonly details?: NonNullable<ApiErrorShape['details']>;
  constructor(code: number, reason: string, message: string, details?: ApiErrorShape['details']) {
    super(message);
    this.code = code;
    this.reason = reason;
    if (details !== undefined) this.details = details;
  }
}

export { isApiErrorShape, type StatusBody } from '../store/api-error.js';

/** The Status of any thrown value; unknown errors become InternalError (500). */
export function statusOf(e: unknown): StatusBody {
  if (isApiError(e)) return e.toStatus() as StatusBody;
  const shape: ApiErrorShape = isApiErrorShape(e)
    ? e
    : {
        code: 500,
        reason: 'InternalError',
        message: `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`,
      };
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: shape.message,
    reason: shape.reason,
    ...(shape.details !== undefined ? { details: shape.details } : {}),
    code: shape.code,
  };
}

/** `the server could not find the requested resource` (apimachinery NewNotFound for a path). */
export function pathNotFound(): HttpStatusError {
  return new HttpStatusError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

/** `pods "x" not found`. */
export function objectNotFound(resource: string, name: string, group = ''): HttpStatusError {
  return new HttpStatusError(404, 'NotFound', `${resource} "${name}" not found`, {
    name,
    ...(group !== '' ? { group } : {}),
    kind: resource,
  });
}

/** A 400 BadRequest with the message given. */
export function badRequest(message: string): HttpStatusError {
  return new HttpStatusError(400, 'BadRequest', message);
}

/** The 401 kube-apiserver answers a request without valid credentials. */
export function unauthorized(): HttpStatusError {
  return new HttpStatusError(401, 'Unauthorized', 'Unauthorized');
}

/** 405: the verb is not served for this resource (apimachinery NewMethodNotSupported). */
export function methodNotSupported(resource: string, verb: string): HttpStatusError {
  return new HttpStatusError(
    405,
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind "${resource}"`,
    { kind: resource },
  );
}

/** 413 (apimachinery NewRequestEntityTooLargeError, as handlers/rest.go limitedReadBody words it). */
export function tooLarge(limit: number): HttpStatusError {
  return new HttpStatusError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${String(limit)}`,
  );
}

/** 415 for a body type the verb does not take (apimachinery NewUnsupportedMediaType). */
export function unsupportedMediaType(contentType: string): HttpStatusError {
  return new HttpStatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${contentType})`,
  );
}
