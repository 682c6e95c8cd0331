/**
 * RFC 6902 JSON Patch helpers shared by inject and migrate. The patch is what an admission
 * webhook returns (base64 of this array, `patchType: JSONPatch`), so it must apply to the object
 * exactly as the webhook received it.
 */
import { applyPatch as rfcApply, createPatch as rfcCreate, type Operation } from 'rfc6902';

export type { Operation };
export type Patch = Operation[];

/** Deep copy of JSON data (Kubernetes objects are JSON). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** The patch that turns `before` into `after` (add/remove/replace only). */
export function diffPatch(before: unknown, after: unknown): Patch {
  return rfcCreate(before, after);
}

/**
 * Applies a patch to a copy of `value` and returns it.
 * @throws Error naming the first operation that does not apply
 */
export function applyPatchTo<T>(value: T, patch: Patch): T {
  const copy = cloneJson(value);
  const results = rfcApply(copy, patch);
  results.forEach((r, i) => {
    if (r !== null) {
      const op = patch[i]!;
      throw new Error(
        `patch operation ${String(i)} (${op.op} ${op.path}) does not apply: ${r.name}`,
      );
    }
  });
  return copy;
}
