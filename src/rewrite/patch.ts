/**
 * RFC 6902 JSON Patch helpers shared by inject and migrate. The patch is what an admission
 * webhook returns (base64 of this array, `patchType: JSONPatch`), so it must apply to the object
 * exactly as the webhook received it.
 */
import {
  applyPatch as rfcApply,
  createPatch as rfcCreate,
  type Operation,
  type Pointer,
} from 'rfc6902';
import { isRecord } from '../manifest/objects.js';

export type { Operation };
export type Patch = Operation[];

/** Deep copy of JSON data (Kubernetes objects are JSON). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** The patch that turns `before` into `after` (add/remove/replace only). */
export function diffPatch(before: unknown, after: unknown): Patch {
  return rfcCreate(before, after, insertionsOnly);
}

function itemKey(item: unknown): string {
  if (isRecord(item)) {
    const name = item['name'];
    if (typeof name === 'string') return `name:${name}`;
  }
  return `json:${JSON.stringify(item)}`;
}

/**
 * Array diff for the common injection case: the old items are all still there, in order (named
 * items matched by `name`, possibly changed), and new items were inserted. The patch is then one
 * `add` per new item plus the changes inside kept items, instead of the generic edit-distance
 * diff that rewrites shifted items. Anything else falls back to the generic diff.
 */
function insertionsOnly(input: unknown, output: unknown, ptr: Pointer): Operation[] | undefined {
  if (!Array.isArray(input) || !Array.isArray(output) || output.length < input.length)
    return undefined;
  const inKeys = input.map(itemKey);
  const outKeys = output.map(itemKey);
  const matchOf: number[] = [];
  let j = 0;
  for (const k of inKeys) {
    while (j < outKeys.length && outKeys[j] !== k) j++;
    if (j >= outKeys.length) return undefined;
    matchOf.push(j++);
  }
  const ops: Operation[] = [];
  input.forEach((item: unknown, i) => {
    const nested = rfcCreate(item, output[matchOf[i]!], insertionsOnly);
    const prefix = ptr.add(String(i)).toString();
    for (const op of nested) {
      ops.push({
        ...op,
        path: prefix + op.path,
        ...('from' in op ? { from: prefix + op.from } : {}),
      } as Operation);
    }
  });
  const matched = new Set(matchOf);
  output.forEach((item: unknown, k) => {
    if (!matched.has(k)) ops.push({ op: 'add', path: ptr.add(String(k)).toString(), value: item });
  });
  return ops;
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
