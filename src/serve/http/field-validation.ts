/**
 * `fieldValidation=Strict|Warn|Ignore` (kube-apiserver 1.27+; k8s.io/apiserver
 * pkg/endpoints/handlers/rest.go fieldValidation): Strict refuses unknown fields with one 400
 * naming them all, Warn (the default) returns them as warnings, Ignore drops the check.
 */
import type { ApiContext, ResourceRequest } from './context.js';
import { param } from './query.js';
import { badRequest } from './status.js';
import { unknownFields } from './strict-fields.js';

/**
 * The warnings of the object's unknown fields under the request's field validation.
 * @throws HttpStatusError 400 `strict decoding error: unknown field "spec.foo", ...` when Strict
 */
export function checkFields(
  ctx: ApiContext,
  r: ResourceRequest,
  obj: Readonly<Record<string, unknown>>,
): string[] {
  const mode = param(r.query, 'fieldValidation') ?? 'Warn';
  if (mode === 'Ignore') return [];
  if (mode !== 'Strict' && mode !== 'Warn') {
    throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${mode}"`);
  }
  const unknown = unknownFields(ctx.version, r.resource.kind, obj).map(
    (f) => `unknown field "${f}"`,
  );
  if (unknown.length === 0) return [];
  if (mode === 'Strict') throw badRequest(`strict decoding error: ${unknown.join(', ')}`);
  return unknown;
}
