/**
 * A move of a block sequence item into another sequence (migrate's containers -> initContainers)
 * located in the one parse of the text before the move: the item's lines are cut out and
 * inserted where insertRawItem would put them after a re-parse of the text without them. The
 * text without the item reads as the same nodes, minus the item, at offsets shifted by its
 * length after it; the cases where that is not enough to be sure return null, and the caller
 * re-parses.
 */
import { isMap, isSeq, type Document } from 'yaml';
import { columnOf, detectStyle, lineStart } from './yaml-style.js';
import {
  blockEnd,
  contentEnd,
  dashOf,
  insertLines,
  isBlock,
  nodeAt,
  pairOf,
  splice,
  start,
  Unsupported,
  type Seg,
} from './yaml-text-nodes.js';
import { leadingCommentStart, reindent, type RawItem } from './yaml-text-raw-item.js';

function isPrefix(a: readonly Seg[], b: readonly Seg[]): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

/**
 * The text after moving the item at `from` (whose lines are `raw`) to `to`, both in block
 * sequences, or null when this cannot be known from `doc` (the parse of `text`): the same or
 * nested sequences, the first item of its sequence, an item not on its own lines, a text
 * without a final newline.
 */
export function moveItemLines(
  text: string,
  doc: Document.Parsed,
  from: readonly Seg[],
  to: readonly Seg[],
  raw: RawItem,
): string | null {
  const srcPath = from.slice(0, -1);
  const dstPath = to.slice(0, -1);
  if (!text.endsWith('\n') || isPrefix(srcPath, dstPath) || isPrefix(dstPath, srcPath)) return null;
  const src = nodeAt(doc, srcPath);
  const index = Number(from[from.length - 1]);
  if (!isSeq(src) || !isBlock(src) || !(index > 0 && index < src.items.length)) return null;
  try {
    const item = src.items[index];
    // From the item's leading comment lines (rawItem's commentStart): they move with it.
    const cutFrom = Math.min(raw.commentStart, lineStart(text, dashOf(text, item)));
    const cutTo = blockEnd(text, item);
    // An offset in the text without the item (NaN inside it: no answer then).
    const shift = (p: number): number =>
      p <= cutFrom ? p : p >= cutTo ? p - (cutTo - cutFrom) : NaN;
    const removed = text.slice(0, cutFrom) + text.slice(cutTo);
    const place = placement(text, doc, dstPath, to[to.length - 1]!, [cutFrom, cutTo], raw);
    if (place === null) return null;
    const at = shift(place.from);
    const end = shift(place.to);
    if (Number.isNaN(at) || Number.isNaN(end)) return null;
    return at === end
      ? insertLines(removed, at, place.lines)
      : splice(removed, at, end, place.lines);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

/** What insertRawItem would splice, in the offsets of `text` (which still has the item). */
function placement(
  text: string,
  doc: Document.Parsed,
  seqPath: readonly Seg[],
  last: Seg,
  cut: readonly [number, number],
  raw: RawItem,
): { from: number; to: number; lines: string } | null {
  const seq = nodeAt(doc, seqPath);
  if (isSeq(seq) && isBlock(seq) && seq.items.length > 0) {
    const index = last === '-' ? seq.items.length : Number(last);
    const col = columnOf(text, dashOf(text, seq.items[0]));
    // Before an item: above its own leading comments, as insertRawItem puts it.
    const at =
      index < seq.items.length
        ? leadingCommentStart(text, lineStart(text, dashOf(text, seq.items[index])))
        : blockEnd(text, seq.items[seq.items.length - 1]);
    return { from: at, to: at, lines: reindent(raw, col) };
  }
  if (isSeq(seq) && seq.items.length === 0 && seqPath.length > 0) {
    // `initContainers: []` (just added): the moved lines become its first item.
    const map = nodeAt(doc, seqPath.slice(0, -1));
    if (!isMap(map) || !isBlock(map)) return null;
    const pair = pairOf(map, seqPath[seqPath.length - 1]!);
    if (pair === undefined) return null;
    const style = detectStyle(doc, text, cut);
    const keyCol = columnOf(text, start(pair.key));
    const colon = text.indexOf(':', contentEnd(text, pair.key));
    const col = keyCol + (style.indentSeq ? style.indent : 0);
    const body = reindent(raw, col).replace(/\n$/, '');
    return { from: colon + 1, to: contentEnd(text, seq), lines: '\n' + body };
  }
  return null;
}
