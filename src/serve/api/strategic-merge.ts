/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the format of kubectl's
 * client-side apply, as staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go applies
 * it (StrategicMergeMapPatch → mergeMap / mergeSlice): maps merge recursively and `null` deletes;
 * a list merges by its patchMergeKey (merge-keys.ts), a list of primitives with the merge
 * strategy is a set union, any other list is replaced. The directives:
 * - `$patch: replace` (a map or a list element: replace instead of merge), `$patch: delete`
 *   (a map, or a list element by its merge key), `$patch: merge`;
 * - `$retainKeys: [..]`: keys of the original not listed are cleared;
 * - `$setElementOrder/<list>: [..]`: the order of the merged list (elements it does not name
 *   follow, in their order);
 * - `$deleteFromPrimitiveList/<list>: [..]`: values to take out of a primitive list.
 */
import { ApiError } from '../store/api-error.js';
import { sameJson } from '../store/memory-store.js';
import { isObject } from './json-patches.js';
import { listStrategy, type ListStrategy } from './merge-keys.js';

type Json = Record<string, unknown>;

const DELETE = Symbol('delete');
const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

/**
 * Applies a strategic merge patch to an object of `kind`.
 * @throws ApiError BadRequest for a patch that is not a map, a bad `$patch`, a missing merge key
 */
export function strategicMerge(kind: string, original: unknown, patch: unknown): Json {
  if (!isObject(patch)) {
    throw ApiError.badRequest(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  }
  const merged = mergeMap(kind, [], isObject(original) ? original : {}, patch);
  return merged === DELETE ? {} : merged;
}

function mergeMap(
  kind: string,
  path: readonly string[],
  orig: Json,
  patch: Json,
): Json | typeof DELETE {
  const directive = patch['$patch'];
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive !== undefined && directive !== 'merge') {
    throw ApiError.badRequest(
      `unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`,
    );
  }
  const out = retainKeys(structuredClone(orig), patch['$retainKeys']);
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(DELETE_FROM)) deleteFromList(out, k.slice(DELETE_FROM.length), v);
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    const r = mergeValue(kind, [...path, k], out[k], v);
    if (r === DELETE) Reflect.deleteProperty(out, k);
    else out[k] = r;
  }
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(SET_ORDER)) continue;
    const name = k.slice(SET_ORDER.length);
    if (Array.isArray(out[name]) && Array.isArray(v)) {
      out[name] = reorder(out[name], v, listStrategy(kind, [...path, name]));
    }
  }
  return out;
}

function mergeValue(kind: string, path: readonly string[], orig: unknown, v: unknown): unknown {
  if (v === null) return DELETE;
  if (isObject(v)) return mergeMap(kind, path, isObject(orig) ? orig : {}, v);
  if (Array.isArray(v)) return mergeList(kind, path, Array.isArray(orig) ? orig : [], v);
  return v;
}

function mergeList(
  kind: string,
  path: readonly string[],
  orig: unknown[],
  patch: unknown[],
): unknown[] {
  const s = listStrategy(kind, path);
  if (s.kind === 'atomic') return structuredClone(patch);
  if (s.kind === 'primitiveMerge') {
    const out = [...orig];
    for (const v of patch) if (!out.some((o) => sameJson(o, v))) out.push(v);
    return out;
  }
  if (patch.some((el) => isObject(el) && el['$patch'] === 'replace')) {
    return patch
      .filter((el) => !(isObject(el) && el['$patch'] === 'replace'))
      .map((el) => (isObject(el) ? stripDirectives(el) : el));
  }
  const out = structuredClone(orig);
  for (const el of patch) mergeElement(kind, path, s.key, out, el);
  return out;
}

function mergeElement(
  kind: string,
  path: readonly string[],
  key: string,
  out: unknown[],
  el: unknown,
): void {
  if (!isObject(el) || el[key] === undefined) {
    throw ApiError.badRequest(
      `map: ${JSON.stringify(el)} does not contain declared merge key: ${key}`,
    );
  }
  const idx = out.findIndex((o) => isObject(o) && sameJson(o[key], el[key]));
  if (el['$patch'] === 'delete') {
    if (idx >= 0) out.splice(idx, 1);
    return;
  }
  const base = idx >= 0 ? out[idx] : {};
  const merged = mergeMap(kind, path, isObject(base) ? base : {}, el);
  if (merged === DELETE) {
    if (idx >= 0) out.splice(idx, 1);
  } else if (idx >= 0) {
    out[idx] = merged;
  } else {
    out.push(merged);
  }
}

function retainKeys(out: Json, keys: unknown): Json {
  if (!Array.isArray(keys)) return out;
  for (const k of Object.keys(out)) if (!keys.includes(k)) Reflect.deleteProperty(out, k);
  return out;
}

function deleteFromList(out: Json, name: string, values: unknown): void {
  const list = out[name];
  if (!Array.isArray(list) || !Array.isArray(values)) return;
  out[name] = list.filter((x) => !values.some((v) => sameJson(v, x)));
}

/** `$setElementOrder`: the named elements in the given order, then the others. */
function reorder(list: unknown[], order: unknown[], s: ListStrategy): unknown[] {
  const same = (a: unknown, b: unknown): boolean =>
    s.kind === 'mergeKey'
      ? isObject(a) && isObject(b) && sameJson(a[s.key], b[s.key])
      : sameJson(a, b);
  const ordered: unknown[] = [];
  for (const o of order) {
    const found = list.find((x) => same(x, o));
    if (found !== undefined && !ordered.includes(found)) ordered.push(found);
  }
  return [...ordered, ...list.filter((x) => !ordered.includes(x))];
}

/** A patch map without its directives, at every depth. */
export function stripDirectives(v: Json): Json {
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    if (isObject(x)) out[k] = stripDirectives(x);
    else if (Array.isArray(x)) out[k] = x.map((e) => (isObject(e) ? stripDirectives(e) : e));
    else out[k] = x;
  }
  return out;
}
