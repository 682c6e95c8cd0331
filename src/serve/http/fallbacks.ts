/**
 * Plain stand-ins for the API machinery of src/serve/api, used when createApiServer is given
 * none: a generic Table (`Name`, `Created At`, as kube-apiserver's default table convertor),
 * JSON merge and JSON patches, no defaults, no update checks; the store's selectors.
 */
import { applyPatch as applyJsonPatch, type Operation } from 'rfc6902';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors.js';
import type { KubeObject } from '../store/types.js';
import type { ApiMachinery } from './deps.js';
import { badRequest, HttpStatusError } from './status.js';

function isNamedList(v: unknown): v is Record<string, unknown>[] {
  return Array.isArray(v) && v.every((e) => typeof e === 'object' && e !== null && 'name' in e);
}

/** Lists of named objects merge by name (strategic merge's patchMergeKey for containers...). */
function mergeNamed(
  target: Record<string, unknown>[],
  patch: Record<string, unknown>[],
): unknown[] {
  const out = [...target];
  for (const p of patch) {
    const at = out.findIndex((t) => t['name'] === p['name']);
    if (at < 0) out.push(mergePatch({}, p) as Record<string, unknown>);
    else out[at] = mergePatch(out[at], p) as Record<string, unknown>;
  }
  return out;
}

/** JSON merge patch, with named lists merged and `$` directives dropped (a rough strategic merge). */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (isNamedList(patch) && isNamedList(target)) return mergeNamed(target, patch);
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const base = new Map(
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? Object.entries(target as Record<string, unknown>)
      : [],
  );
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (k.startsWith('$')) continue;
    if (v === null) base.delete(k);
    else base.set(k, mergePatch(base.get(k), v));
  }
  return Object.fromEntries(base);
}

function jsonPatch(current: KubeObject, ops: unknown): KubeObject {
  if (!Array.isArray(ops))
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const copy = structuredClone(current);
  const errors = applyJsonPatch(copy, ops as Operation[]).filter((e) => e !== null);
  if (errors.length > 0) throw new HttpStatusError(422, 'Invalid', errors[0]!.message);
  return copy;
}

function age(ts: string | undefined): string {
  return ts ?? '';
}

/** The fallback machinery. */
export const FALLBACK_MACHINERY: ApiMachinery = {
  toTable: (_resource, objects, opts) => ({
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion ?? '' },
    ...(opts.includeColumns === false
      ? {}
      : {
          columnDefinitions: [
            { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0 },
            { name: 'Created At', type: 'date', format: '', description: 'Created', priority: 0 },
          ],
        }),
    rows: objects.map((o) => ({
      cells: [o.metadata.name, age(o.metadata.creationTimestamp)],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  }),
  applyPatch: (_resource, current, patch, type) => {
    if (type === 'application/json-patch+json') {
      if (current === undefined) throw badRequest('cannot patch a missing object');
      return jsonPatch(current, patch);
    }
    return mergePatch(current ?? {}, patch) as KubeObject;
  },
  defaults: (_resource, obj) => obj,
  validateUpdate: () => undefined,
  labelSelector: parseLabelSelector,
  fieldSelector: parseFieldSelector,
};
