/**
 * A moved block sequence item (migrate's `move` of a container into `initContainers`) keeps its
 * own lines: they are cut out of the text as they are and inserted, re-indented, at the target.
 */
import { isMap, isSeq, type Document } from 'yaml';
import { columnOf, lineStart } from './yaml-style.js';
import {
  blockEnd,
  contentEnd,
  dashOf,
  insertLines,
  isBlock,
  load,
  nodeAt,
  pairOf,
  splice,
  start,
  Unsupported,
  type Seg,
} from './yaml-text-nodes.js';

export interface RawItem {
  /** The item's lines, with the comment lines directly above it. */
  readonly lines: string;
  readonly col: number;
  /** Where its leading comment lines start and where its dash line starts (equal without any). */
  readonly commentStart: number;
  readonly itemStart: number;
}

/**
 * The start of the comment lines directly above the line starting at `lineAt` (no blank line
 * between): an item's leading comments (`# the proxy` above `- name: envoy`) belong to it, so a
 * moved item takes them along and an insertion before an item goes above them.
 */
export function leadingCommentStart(text: string, lineAt: number): number {
  let at = lineAt;
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    if (!/^[ \t]*#/.test(text.slice(prev, at))) break;
    at = prev;
  }
  return at;
}

/** The lines of a block sequence item, with the column of its dash. */
export function rawItem(text: string, doc: Document.Parsed, path: readonly Seg[]): RawItem | null {
  const parent = nodeAt(doc, path.slice(0, -1));
  if (!isSeq(parent) || !isBlock(parent)) return null;
  const item = parent.items[Number(path[path.length - 1])];
  if (item === undefined) return null;
  try {
    const dash = dashOf(text, item);
    const itemStart = lineStart(text, dash);
    const commentStart = leadingCommentStart(text, itemStart);
    let lines = text.slice(commentStart, blockEnd(text, item));
    if (!lines.endsWith('\n')) lines += '\n';
    return { lines, col: columnOf(text, dash), commentStart, itemStart };
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

export function reindent(raw: RawItem, col: number): string {
  const delta = col - raw.col;
  if (delta === 0) return raw.lines;
  return raw.lines
    .split('\n')
    .map((l) => {
      if (l.trim() === '') return l;
      if (delta > 0) return ' '.repeat(delta) + l;
      const lead = /^ */.exec(l)![0].length;
      return l.slice(Math.min(lead, -delta));
    })
    .join('\n');
}

/** Inserts raw item lines into the block sequence at `to`; null when that is not possible. */
export function insertRawItem(
  text: string,
  docIndex: number,
  to: readonly Seg[],
  raw: RawItem,
): string | null {
  const { doc, style } = load(text, docIndex);
  const seqPath = to.slice(0, -1);
  const seq = nodeAt(doc, seqPath);
  const last = to[to.length - 1]!;
  if (isSeq(seq) && isBlock(seq) && seq.items.length > 0) {
    const index = last === '-' ? seq.items.length : Number(last);
    const first = seq.items[0];
    const col = columnOf(text, dashOf(text, first));
    const at =
      index < seq.items.length
        ? leadingCommentStart(text, lineStart(text, dashOf(text, seq.items[index])))
        : blockEnd(text, seq.items[seq.items.length - 1]);
    return insertLines(text, at, reindent(raw, col));
  }
  if (isSeq(seq) && seq.items.length === 0 && seqPath.length > 0) {
    // `initContainers: []` (just added): the moved lines become its first item.
    const map = nodeAt(doc, seqPath.slice(0, -1));
    if (!isMap(map) || !isBlock(map)) return null;
    const pair = pairOf(map, seqPath[seqPath.length - 1]!);
    if (pair === undefined) return null;
    const keyCol = columnOf(text, start(pair.key));
    const colon = text.indexOf(':', contentEnd(text, pair.key));
    const col = keyCol + (style.indentSeq ? style.indent : 0);
    const body = reindent(raw, col).replace(/\n$/, '');
    return splice(text, colon + 1, contentEnd(text, seq), '\n' + body);
  }
  return null;
}
