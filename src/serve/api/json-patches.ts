/**
 * The two JSON patch formats of a PATCH request, as staging/src/k8s.io/apiserver/pkg/endpoints/
 * handlers/patch.go jsonPatcher.applyJSPatch applies them:
 * - `application/json-patch+json` (RFC 6902): a body that is not a list of operations is a
 *   400 BadRequest; more than 10,000 operations a 413; an operation that fails (a `test` that
 *   does not hold, a path that is missing) a 422 built by NewGenericServerResponse, whose message
 *   is the generic `the server rejected our request due to an error in our request`.
 * - `application/merge-patch+json` (RFC 7386): objects merge recursively, `null` deletes,
 *   everything else (lists included) replaces.
 */
import { applyPatch, type Operation } from 'rfc6902';
import { ApiError } from '../store/api-error.js';

/** patch.go maxJSONPatchOperations. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** The operations of a JSON patch body. @throws ApiError BadRequest / RequestEntityTooLarge */
export function decodeJsonPatch(body: unknown): Operation[] {
  if (!Array.isArray(body)) {
    throw ApiError.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  for (const op of body as unknown[]) {
    const o = op as { op?: unknown; path?: unknown } | null;
    if (
      typeof o !== 'object' ||
      o === null ||
      !OPS.has(String(o.op)) ||
      typeof o.path !== 'string'
    ) {
      throw ApiError.badRequest(`Unexpected kind: ${JSON.stringify(o?.op ?? null)}`);
    }
  }
  if (body.length > MAX_JSON_PATCH_OPERATIONS) {
    const why = `The allowed maximum operations in a JSON patch is ${String(MAX_JSON_PATCH_OPERATIONS)}, got ${String(body.length)}`;
    throw ApiError.requestEntityTooLarge(why);
  }
  return body as Operation[];
}

/** RFC 6902 onto a copy of `live`. @throws ApiError (see the file header) */
export function applyJsonPatch(live: unknown, body: unknown): unknown {
  const ops = decodeJsonPatch(body);
  const doc = { root: structuredClone(live) };
  const rooted = ops.map((op) => rootOp(op));
  const results = applyPatch(doc, rooted);
  if (results.some((r) => r !== null)) {
    const message = 'the server rejected our request due to an error in our request';
    throw new ApiError({ code: 422, reason: 'Invalid', message });
  }
  return doc.root;
}

/** Moves an operation under `/root` so a patch of the document root also works. */
function rootOp(op: Operation): Operation {
  const withPath = { ...op, path: `/root${op.path}` };
  if ('from' in op && typeof op.from === 'string')
    return { ...withPath, from: `/root${op.from}` } as Operation;
  return withPath;
}

/** RFC 7386 JSON merge patch. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) Reflect.deleteProperty(out, k);
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/** A plain JSON object (not a list, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
