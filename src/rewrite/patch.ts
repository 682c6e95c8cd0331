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

/**
 * Deep copy of JSON data (Kubernetes objects are JSON), as structuredClone makes it (an object
 * reached twice, as a YAML alias gives, is copied once and shared again) but several times
 * faster for the small plain objects of a manifest. Anything that is not plain data (a Date, a
 * Map, a class instance) is left to structuredClone.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  try {
    return copyPlain(value, new Map()) as T;
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return structuredClone(value);
  }
}

const NOT_PLAIN = new Error('not plain data');

function copyPlain(value: object, seen: Map<object, unknown>): unknown {
  const known = seen.get(value);
  if (known !== undefined) return known;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value) && proto === Array.prototype) {
    const out: unknown[] = new Array<unknown>(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) {
      // A hole (no JSON array has one): structuredClone keeps it.
      if (!(i in value)) throw NOT_PLAIN;
      out[i] = copyItem(value[i], seen);
    }
    return out;
  }
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) {
    const v = copyItem((value as Record<string, unknown>)[key], seen);
    // An own `__proto__` key stays a key (assigning it would set the prototype).
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = v;
  }
  return out;
}

function copyItem(v: unknown, seen: Map<object, unknown>): unknown {
  if (typeof v === 'object' && v !== null) return copyPlain(v, seen);
  // Functions and symbols: structuredClone refuses them, with its own error.
  if (typeof v === 'function' || typeof v === 'symbol') throw NOT_PLAIN;
  return v;
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
