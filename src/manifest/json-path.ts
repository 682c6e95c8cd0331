/**
 * Reading and writing a value at a path inside plain JSON data (a Kubernetes object as parsed).
 * Paths are the segments of a field path (`['spec', 'containers', 0]`) or the unescaped tokens
 * of a JSON Pointer (`['spec', 'containers', '0']`), so a digit string indexes an array too.
 */
import type { PathSegment } from './field-path.js';
import { isRecord } from './objects.js';

function step(cur: unknown, seg: PathSegment): unknown {
  if (Array.isArray(cur)) {
    return typeof seg === 'number' || /^\d+$/.test(seg)
      ? (cur as unknown[])[Number(seg)]
      : undefined;
  }
  // A number only ever indexes a list: an object keyed "0" is not what the path means.
  return isRecord(cur) && typeof seg === 'string' ? cur[seg] : undefined;
}

/** Reads a nested value; undefined when any step is missing or of the wrong type. */
export function getIn(value: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    cur = step(cur, seg);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * A copy of `root` with `value` at `path`: the objects along the path are copied (the rest is
 * shared) and missing ones created, so the input is never changed.
 */
export function setIn(
  root: Readonly<Record<string, unknown>>,
  path: readonly PathSegment[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return { ...root };
  const key = String(head);
  const child = root[key];
  return {
    ...root,
    [key]: rest.length === 0 ? value : setIn(isRecord(child) ? child : {}, rest, value),
  };
}
