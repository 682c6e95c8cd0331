/**
 * Migrate's usual patch, `add /spec/initContainers []` and then one `move` of a sidecar from
 * `containers` to `initContainers/-` each, made from one parse of the text instead of one parse
 * per operation. One after the other, each move cuts the item's lines (with the comment lines
 * directly above it) and appends them, re-indented, to the new sequence (yaml-text-move-item.ts:
 * the first replaces `[]` with the item's lines, the next go after the last one); that is the
 * text without every moved item, and at the place of the new key its line `initContainers:`
 * followed by the moved items' lines in the order of the moves.
 *
 * The run stops being sure (and returns null: the operations then go one at a time) when the
 * new key's line would not read `key: []`, when a move would not take moveItemLines's path (the
 * first item of its sequence, an item not on its own lines, nested sequences, a text without a
 * final newline), when the new key's line falls inside a moved item, or when a moved item
 * holds a block scalar (its lines are re-indented) or the document an anchor or alias.
 */
import { isMap, isSeq, type Pair } from 'yaml';
import { parsePointer } from './json-pointer.js';
import type { Operation } from './patch.js';
import { columnOf, detectStyle, lineStart } from './yaml-style.js';
import { insertionPoint } from './yaml-text-add-keys.js';
import {
  blockEnd,
  dashOf,
  isBlock,
  load,
  nodeAt,
  pairOf,
  renderPair,
  start,
  Unsupported,
  type Seg,
} from './yaml-text-nodes.js';
import { leadingCommentStart, reindent, type RawItem } from './yaml-text-raw-item.js';

/** A block scalar's header (`key: |`, `- >-`): its lines' indentation is part of its value. */
const BLOCK_SCALAR = /[|>][-+0-9]*[ \t]*(#.*)?$/m;

/** A moved item's lines in the text before the run: [from, to) is what its move cuts. */
interface Cut extends RawItem {
  readonly to: number;
}

/**
 * Applies `patch[from]` (an `add` of a new key whose value is `[]` to a non-empty block map)
 * and the `move`s into `key/-` right after it, from one parse of `text`.
 * @returns the new text and how many operations it applied (0: not such a run)
 */
export function addAndMoveItems(
  text: string,
  docIndex: number,
  prefix: readonly Seg[],
  patch: readonly Operation[],
  from: number,
): { text: string; applied: number } {
  const none = { text, applied: 0 };
  const add = patch[from];
  if (add?.op !== 'add' || !Array.isArray(add.value) || add.value.length > 0) return none;
  if (!text.endsWith('\n') || /[&*]/.test(text)) return none;
  const keyPath = [...prefix, ...parsePointer(add.path)];
  const moves = movesInto(patch, from + 1, prefix, keyPath);
  if (keyPath.length === 0 || moves.length === 0) return none;
  const { doc, style } = load(text, docIndex);
  const map = nodeAt(doc, keyPath.slice(0, -1));
  const key = keyPath[keyPath.length - 1]!;
  if (!isMap(map) || !isBlock(map) || map.items.length === 0) return none;
  if (pairOf(map, key) !== undefined) return none;
  const pairs = map.items as Pair[];
  const keyCol = columnOf(text, start(pairs[0]!.key));
  const line = renderPair(key, [], keyCol, style);
  if (line !== `${' '.repeat(keyCol)}${key}: []\n`) return none;
  const at = insertionPoint(text, pairs, key);
  const srcPath = moves[0]!.slice(0, -1);
  const cuts = cutsOf(text, doc, srcPath, keyPath, moves);
  if (cuts === null || cuts.some((c) => c.commentStart < at && at < c.to)) return none;
  // The first move reads the style with its item left out (moveItemLines's placement); the
  // new `key: []` pair, a flow sequence, does not count in it.
  const first = detectStyle(doc, text, [cuts[0]!.commentStart, cuts[0]!.to]);
  const col = keyCol + (first.indentSeq ? first.indent : 0);
  const inserted = `${' '.repeat(keyCol)}${key}:\n${cuts.map((c) => reindent(c, col)).join('')}`;
  return { text: assemble(text, cuts, at, inserted), applied: 1 + moves.length };
}

/** The `from` paths of the moves from patch[i] on that go to `keyPath/-` from one sequence. */
function movesInto(
  patch: readonly Operation[],
  i: number,
  prefix: readonly Seg[],
  keyPath: readonly Seg[],
): Seg[][] {
  const to = [...keyPath, '-'].join('\u0000');
  const out: Seg[][] = [];
  for (let j = i; j < patch.length; j++) {
    const op = patch[j]!;
    if (op.op !== 'move' || [...prefix, ...parsePointer(op.path)].join('\u0000') !== to) break;
    const path = [...prefix, ...parsePointer(op.from)];
    if (path.length === 0) break;
    const seq = path.slice(0, -1).join('\u0000');
    if (out.length > 0 && out[0]!.slice(0, -1).join('\u0000') !== seq) break;
    out.push(path);
  }
  return out;
}

function isPrefix(a: readonly Seg[], b: readonly Seg[]): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

/**
 * The lines each move cuts, in the order of the moves, read in `text` (a later move's item
 * reads the same there: a cut item ends on a line that is not a comment (else null: an item's
 * range can end with more-indented comment lines, which the next item's leading comments would
 * take too) and begins below one, so cutting it adds no comment line above another item). Null
 * when a move would not take moveItemLines's path.
 */
function cutsOf(
  text: string,
  doc: Parameters<typeof nodeAt>[0],
  srcPath: readonly Seg[],
  dstPath: readonly Seg[],
  moves: readonly (readonly Seg[])[],
): Cut[] | null {
  if (isPrefix(srcPath, dstPath) || isPrefix(dstPath, srcPath)) return null;
  const src = nodeAt(doc, srcPath);
  if (!isSeq(src) || !isBlock(src)) return null;
  const left = src.items.map((_, i) => i);
  const cuts: Cut[] = [];
  try {
    for (const path of moves) {
      const index = Number(path[path.length - 1]);
      if (!Number.isInteger(index) || !(index > 0 && index < left.length)) return null;
      const item = src.items[left.splice(index, 1)[0]!];
      const dash = dashOf(text, item);
      const itemStart = lineStart(text, dash);
      const commentStart = leadingCommentStart(text, itemStart);
      const to = blockEnd(text, item);
      const lines = text.slice(commentStart, to);
      if (!lines.endsWith('\n') || BLOCK_SCALAR.test(lines)) return null;
      // A comment line the item's range ends with would also lead the next item's lines.
      if (/^[ \t]*#/.test(text.slice(lineStart(text, to - 1), to))) return null;
      cuts.push({ lines, col: columnOf(text, dash), commentStart, itemStart, to });
    }
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  return cuts;
}

/** `text` without the cuts, with `inserted` at `at` (no cut holds `at` strictly inside). */
function assemble(text: string, cuts: readonly Cut[], at: number, inserted: string): string {
  const edits = [
    ...cuts.map((c) => ({ from: c.commentStart, to: c.to, insert: '' })),
    { from: at, to: at, insert: inserted },
  ].sort((a, b) => a.from - b.from || a.to - b.to);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += text.slice(pos, e.from) + e.insert;
    pos = e.to;
  }
  return out + text.slice(pos);
}
