/**
 * Writes: POST (create), PUT (update), PATCH, in kube-apiserver's order
 * (k8s.io/apiserver pkg/endpoints/handlers create.go, update.go, patch.go): decode, check fields
 * (fieldValidation), default, admit, store. PUT and PATCH on `/status` change only the status
 * and skip admission, as the status subresource does. An apply PATCH to a missing object creates
 * it (201), as server-side apply does.
 */
import type { KubeObject } from '../store/types.js';
import { admitWrite } from './admission-step.js';
import { checkNameMatches, decodeBody, mediaType, objectOfBody } from './body.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { checkFields } from './field-validation.js';
import { param } from './query.js';
import { mustGet } from './read.js';
import { unsupportedMediaType } from './status.js';

/** A written object, its code (201 created, 200 otherwise) and warnings. */
export interface WriteResult {
  readonly code: number;
  readonly object: KubeObject;
  readonly warnings: readonly string[];
}

async function createChecked(
  ctx: ApiContext,
  r: ResourceRequest,
  obj: KubeObject,
  warnings: readonly string[],
): Promise<WriteResult> {
  const res = r.resource.name;
  const defaulted = ctx.machinery.defaults(res, obj);
  const admitted = await admitWrite(ctx, res, defaulted, 'CREATE');
  const stored = ctx.store.create(res, ctx.machinery.defaults(res, admitted.object));
  return { code: 201, object: stored, warnings: [...warnings, ...admitted.warnings] };
}

/** POST to a collection. */
export async function createObject(ctx: ApiContext, r: ResourceRequest): Promise<WriteResult> {
  const value = decodeBody(r.body, r.contentType);
  const obj = objectOfBody(value, r.resource, r.namespace);
  const warnings = checkFields(ctx, r, obj);
  return createChecked(ctx, r, obj, warnings);
}

async function updateChecked(
  ctx: ApiContext,
  r: ResourceRequest,
  old: KubeObject,
  obj: KubeObject,
  warnings: readonly string[],
): Promise<WriteResult> {
  const res = r.resource.name;
  const status = r.subresource === 'status';
  if (status) return { code: 200, object: ctx.store.update(res, obj, { status }), warnings };
  const next = ctx.machinery.defaults(res, obj);
  ctx.machinery.validateUpdate(res, old, next);
  const admitted = await admitWrite(ctx, res, next, 'UPDATE', old);
  const stored = ctx.store.update(res, admitted.object);
  return { code: 200, object: stored, warnings: [...warnings, ...admitted.warnings] };
}

/** PUT to an object (or its status). */
export async function updateObject(ctx: ApiContext, r: ResourceRequest): Promise<WriteResult> {
  const value = decodeBody(r.body, r.contentType);
  const obj = objectOfBody(value, r.resource, r.namespace);
  checkNameMatches(obj, r.name ?? '');
  const warnings = checkFields(ctx, r, obj);
  const old = mustGet(ctx, r);
  obj.metadata.name = r.name ?? '';
  return updateChecked(ctx, r, old, obj, warnings);
}

const PATCH_TYPES = new Set([
  'application/strategic-merge-patch+json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/apply-patch+yaml',
  'application/apply-patch+cbor',
]);

/** PATCH of an object (or its status), creating it for an apply to a missing object. */
export async function patchObject(ctx: ApiContext, r: ResourceRequest): Promise<WriteResult> {
  const type = mediaType(r.contentType);
  if (!PATCH_TYPES.has(type) || type.endsWith('cbor')) throw unsupportedMediaType(type);
  const patch = decodeBody(r.body, r.contentType);
  const res = r.resource.name;
  const current = ctx.store.get(res, r.namespace, r.name ?? '');
  if (current === undefined && type !== 'application/apply-patch+yaml') mustGet(ctx, r);
  if (current === undefined && r.subresource === 'status') mustGet(ctx, r);
  const patched = ctx.machinery.applyPatch(res, current, patch, type, {
    name: r.name ?? '',
    namespace: r.namespace,
    manager: param(r.query, 'fieldManager'),
  });
  const obj = objectOfBody(patched, r.resource, r.namespace);
  checkNameMatches(obj, r.name ?? '');
  obj.metadata.name = r.name ?? '';
  const warnings = checkFields(ctx, r, obj);
  if (current === undefined) return createChecked(ctx, r, obj, warnings);
  return updateChecked(ctx, r, current, obj, warnings);
}
