/**
 * PATCH: the patch type from the Content-Type, the body decoded, and the patched object, as
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go PatchResource does it: an
 * unsupported type is a 415 listing the four types; a body that does not decode a 400; the
 * result keeps the live object's name and namespace (checkName in handlers/rest.go words the
 * mismatch). JSON patch and merge patch: json-patches.ts; strategic merge: strategic-merge.ts;
 * apply: server-side-apply.ts.
 */
import { parse as parseYaml } from 'yaml';
import { ApiError } from '../store/api-error.js';
import type { KubeObject } from '../store/types.js';
import { applyJsonPatch, applyMergePatch, isObject } from './json-patches.js';
import { serverSideApply } from './server-side-apply.js';
import { strategicMerge } from './strategic-merge.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The media types PATCH accepts, in patch.go's order. */
export const PATCH_MEDIA_TYPES: readonly string[] = Object.keys(TYPES);

/** The patch type of a Content-Type header (parameters such as `; charset=` ignored). @throws 415 */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const t = TYPES[media];
  if (t === undefined) throw ApiError.unsupportedMediaType(PATCH_MEDIA_TYPES);
  return t;
}

/** The body of a PATCH as JSON (YAML accepted for apply). @throws ApiError BadRequest */
export function decodePatchBody(type: PatchType, text: string): unknown {
  try {
    return type === 'apply' ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (e) {
    throw ApiError.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/** What a patch needs besides the body. */
export interface PatchOptions {
  /** fieldManager (apply). */
  readonly manager?: string | undefined;
  /** RFC 3339 now (apply's managedFields time). */
  readonly time?: string | undefined;
}

/**
 * The object after a patch (undefined `live`: only apply may create).
 * @throws ApiError NotFound (no live object and not apply), BadRequest, Invalid (JSON patch)
 */
export function patchObject(
  type: PatchType,
  live: KubeObject | undefined,
  body: unknown,
  target: {
    readonly resource: Parameters<typeof ApiError.notFound>[0];
    readonly name: string;
    readonly namespace?: string | undefined;
  },
  opts: PatchOptions = {},
): KubeObject {
  if (live === undefined && type !== 'apply') throw ApiError.notFound(target.resource, target.name);
  const out = patched(type, live, body, opts);
  if (!isObject(out) || !isObject(out['metadata']))
    throw ApiError.badRequest("Object 'metadata' is missing");
  const obj = out as KubeObject;
  checkName(obj, target.name, target.namespace);
  return obj;
}

function patched(
  type: PatchType,
  live: KubeObject | undefined,
  body: unknown,
  opts: PatchOptions,
): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(live, body);
    case 'merge':
      return applyMergePatch(live, body);
    case 'strategic':
      return strategicMerge(live?.kind ?? '', live, body);
    case 'apply':
      if (!isObject(body))
        throw ApiError.badRequest('error decoding patch: the body is not an object');
      return serverSideApply(live, body, {
        manager: opts.manager ?? 'unknown',
        time: opts.time ?? '',
      });
  }
}

/**
 * handlers/rest.go checkName: the object names the resource the URL names.
 * @throws ApiError BadRequest in its words
 */
export function checkName(obj: KubeObject, name: string, namespace: string | undefined): void {
  const objName = obj.metadata.name;
  if (objName !== name) {
    throw ApiError.badRequest(
      `the name of the object (${String(objName)}) does not match the name on the URL (${name})`,
    );
  }
  const objNs = obj.metadata.namespace;
  if (
    namespace !== undefined &&
    namespace !== '' &&
    objNs !== undefined &&
    objNs !== '' &&
    objNs !== namespace
  ) {
    throw ApiError.badRequest(
      `the namespace of the object (${objNs}) does not match the namespace on the URL (${namespace})`,
    );
  }
}
