/**
 * Where a key added to a block map goes (Kubernetes docs order), and a run of such additions made
 * from one parse of the text instead of one parse each: the text is only re-parsed between
 * operations that could see each other's lines.
 */
import { isMap, isScalar, type Pair } from 'yaml';
import { parsePointer } from './json-pointer.js';
import type { Operation } from './patch.js';
import { columnOf, lineStart } from './yaml-style.js';
import {
  blockEnd,
  isBlock,
  load,
  nodeAt,
  onlySpacesBefore,
  pairOf,
  renderPair,
  start,
  type Seg,
} from './yaml-text-nodes.js';

/** Keys that read best at a given place when they are added to a map (Kubernetes docs order). */
const PLACEMENT: Readonly<Record<string, { after?: readonly string[]; first?: boolean }>> = {
  initContainers: { after: ['containers'] },
  restartPolicy: { after: ['image', 'name'] },
  metadata: { first: true },
  annotations: { after: ['labels', 'namespace', 'name'] },
  startupProbe: { after: ['readinessProbe', 'livenessProbe', 'ports', 'args', 'command', 'image'] },
};

/** The offset (a line start) where a new `key` goes among the pairs of a block map. */
export function insertionPoint(text: string, pairs: readonly Pair[], key: string): number {
  return placeKey(text, pairs, key).at;
}

/** insertionPoint, and whether it is after the map's last pair for want of a better place. */
function placeKey(
  text: string,
  pairs: readonly Pair[],
  key: string,
): { at: number; last: boolean } {
  const rule = PLACEMENT[key];
  const keyOf = (p: Pair): string => (isScalar(p.key) ? String(p.key.value) : '');
  if (rule?.first === true) {
    const first = pairs[0]!;
    const s = start(first.key);
    if (onlySpacesBefore(text, s)) return { at: lineStart(text, s), last: false };
  }
  for (const anchor of rule?.after ?? []) {
    const pair = pairs.find((p) => keyOf(p) === anchor);
    if (pair !== undefined) return { at: blockEnd(text, pair.value ?? pair.key), last: false };
  }
  const last = pairs[pairs.length - 1]!;
  return { at: blockEnd(text, last.value ?? last.key), last: true };
}

/** What addNewKeys did: the new text, the operations applied, the lines inserted. */
export interface AddedKeys {
  readonly text: string;
  readonly applied: number;
  /** Where whole lines went in (an offset of the text before, at a line start) and how long. */
  readonly inserted: readonly { readonly at: number; readonly length: number }[];
}

/** New keys' lines at one offset of the text they were computed on, in their final order. */
interface Insertion {
  readonly at: number;
  /** The map they go into. */
  readonly parent: unknown;
  readonly lines: string[];
}

/**
 * Applies the run of operations from `patch[from]` on that each add a key that is not there yet
 * to a non-empty block map that is (what `add` does most: annotations, initContainers, a
 * restartPolicy), all located in one parse of `text`. Each gives exactly the lines and place
 * it would one after the other, because such an insertion moves no other node but the ones
 * after it (whole lines, so columns stay), renders in the document's own style (so the style
 * read from the document stays), and changes no sequence index. The run stops before an
 * operation that could see an earlier one: a second key in the same map that the first is an
 * anchor for (or the same key), or an insertion at the offset of one into another map (their
 * order would then depend on the nesting).
 * @returns the new text, how many operations it applied (0: `patch[from]` is not such an add)
 *   and the lines it inserted (offset in `text`, length)
 */
export function addNewKeys(
  text: string,
  docIndex: number,
  prefix: readonly Seg[],
  patch: readonly Operation[],
  from: number,
): AddedKeys {
  // A text without a final newline is a special case of insertLines: one at a time then.
  if (!text.endsWith('\n')) return { text, applied: 0, inserted: [] };
  const { doc, style } = load(text, docIndex);
  const added = new Map<unknown, Set<string>>();
  const insertions: Insertion[] = [];
  let applied = 0;
  for (let i = from; i < patch.length; i++) {
    const op = patch[i]!;
    if (op.op !== 'add') break;
    const path = [...prefix, ...parsePointer(op.path)];
    if (path.length === 0) break;
    const parent = nodeAt(doc, path.slice(0, -1));
    const key = path[path.length - 1]!;
    if (!isMap(parent) || !isBlock(parent) || parent.items.length === 0) break;
    if (pairOf(parent, key) !== undefined) break;
    const keys = added.get(parent) ?? new Set<string>();
    if (keys.has(key) || (PLACEMENT[key]?.after ?? []).some((k) => keys.has(k))) break;
    const pairs = parent.items as Pair[];
    const col = columnOf(text, start(pairs[0]!.key));
    const lines = renderPair(key, op.value, col, style);
    const { at, last } = placeKey(text, pairs, key);
    const same = insertions.find((x) => x.at === at);
    if (same === undefined) insertions.push({ at, parent, lines: [lines] });
    else if (same.parent !== parent) break;
    // One after the other, a key placed after the last pair follows the keys just added there
    // (the last pair now), and a key placed after an anchor or first goes before them.
    else if (last) same.lines.push(lines);
    else same.lines.unshift(lines);
    applied++;
    keys.add(key);
    added.set(parent, keys);
  }
  let out = text;
  const inserted: { at: number; length: number }[] = [];
  for (const { at, lines } of [...insertions].sort((a, b) => b.at - a.at)) {
    const joined = lines.join('');
    out = out.slice(0, at) + joined + out.slice(at);
    inserted.push({ at, length: joined.length });
  }
  return { text: out, applied, inserted };
}
