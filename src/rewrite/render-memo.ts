/**
 * Rendered YAML kept for values seen before: inject adds the same sidecar (the same
 * initContainers value, the same status annotation) to every document it edits, and migrate the
 * same startupProbe and restartPolicy, so a big file rendered each one again per document (a
 * fifth of inject's time). A value is only remembered when its JSON text says all of it (plain
 * objects and arrays, strings, finite numbers but -0, booleans, null) and no object is in it
 * twice (the YAML stringifier makes an anchor and an alias of a shared object, which JSON does
 * not show): two such values with the same JSON text render the same.
 */

/** Values remembered at most; the memo starts over when it is full. */
const LIMIT = 256;

const memo = new Map<string, string>();

/** `render(value)`, from the memo when the same value (in the same `variant`) was rendered. */
export function memoRender(value: unknown, variant: string, render: () => string): string {
  if (!isPlainJson(value, new Set())) return render();
  const key = `${variant}\u0000${JSON.stringify(value)}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const out = render();
  if (memo.size >= LIMIT) memo.clear();
  memo.set(key, out);
  return out;
}

/**
 * Whether JSON.stringify of `value` says all of it: nothing it drops, changes or calls, and no
 * object met twice (`seen`: the objects met so far).
 */
export function isPlainJson(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (seen.has(value) || seen.size > 10_000) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      if (!(i in value) || !isPlainJson(value[i], seen)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const v of Object.values(value)) if (!isPlainJson(v, seen)) return false;
  return true;
}
