/**
 * The text side of yaml-text-patch.ts: finding a node of the parsed Document and its offsets in
 * the text (`nodeAt`, `start`, `contentEnd`, `dashOf`, `blockEnd`), splicing whole lines in and
 * out, and rendering a new value as lines at a given column.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  stringify,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { getIn } from '../manifest/json-path.js';
import { parseForRewrite } from './rewrite-parses.js';
import { memoRender } from './render-memo.js';
import { detectStyle, lineEnd, lineStart, type YamlStyle } from './yaml-style.js';

export type Seg = string;

export interface Located {
  readonly doc: Document.Parsed;
  readonly style: YamlStyle;
}

/** The last parse: an operation often reads the text the previous step already parsed. */
let lastLoad: { text: string; docIndex: number; located: Located } | undefined;

/** The parsed document `docIndex` of `text` (not to be modified: it may be shared). */
export function load(text: string, docIndex: number): Located {
  if (lastLoad !== undefined && lastLoad.docIndex === docIndex && lastLoad.text === text)
    return lastLoad.located;
  const located = parse(text, docIndex);
  lastLoad = { text, docIndex, located };
  return located;
}

/**
 * Makes `doc`, a parse of `text` made elsewhere (reuse-parse.ts), the one the next load of its
 * first document gives, until forgetLoad.
 */
export function preload(text: string, doc: Document.Parsed): void {
  lastLoad = { text, docIndex: 0, located: { doc, style: detectStyle(doc, text) } };
}

/** Drops the last parse (a preloaded one must not outlive its edit). */
export function forgetLoad(): void {
  lastLoad = undefined;
}

function parse(text: string, docIndex: number): Located {
  const doc = parseForRewrite(text)[docIndex];
  if (doc === undefined) throw new Error(`document ${String(docIndex)} not found`);
  return { doc, style: detectStyle(doc, text) };
}

export function nodeAt(doc: Document.Parsed, path: readonly Seg[]): unknown {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(node)) node = pairOf(node, seg)?.value;
    else if (isSeq(node)) node = node.items[Number(seg)];
    else return undefined;
  }
  return node;
}

export function pairOf(map: unknown, key: Seg): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as
    Pair | undefined;
}

export function plainAt(doc: Document.Parsed, path: readonly Seg[]): unknown {
  return getIn(doc.toJS({ maxAliasCount: 100 }), path);
}

export function isBlock(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && node.flow !== true;
}

export function start(node: unknown): number {
  const r = (node as Node | null | undefined)?.range;
  if (r === undefined || r === null) throw new Error('node without a position');
  return r[0];
}

/** Offset after the last content character of a node (trailing newlines excluded). */
export function contentEnd(text: string, node: unknown): number {
  const r = (node as Node | null | undefined)?.range;
  if (r === undefined || r === null) throw new Error('node without a position');
  let end = r[1];
  while (end > r[0] && /\s/.test(text[end - 1]!)) end--;
  return end;
}

export function onlySpacesBefore(text: string, offset: number): boolean {
  return /^ *$/.test(text.slice(lineStart(text, offset), offset));
}

/** Start of the `- ` of a block sequence item (the item node starts after it). */
export function dashOf(text: string, item: unknown): number {
  const s = start(item);
  const dash = text.lastIndexOf('-', s);
  if (
    dash < 0 ||
    !/^ *$/.test(text.slice(dash + 1, s).replace(/\n/g, ' ')) ||
    !onlySpacesBefore(text, dash)
  ) {
    throw new Unsupported('sequence item not on its own line');
  }
  return dash;
}

/** The end (after the newline) of the lines of a pair or item whose value is `node`. */
export function blockEnd(text: string, last: unknown): number {
  return lineEnd(text, contentEnd(text, last) - 1);
}

export class Unsupported extends Error {}

export function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/** Inserts whole lines at a line boundary, minding a file that ends without a newline. */
export function insertLines(text: string, at: number, lines: string): string {
  if (at >= text.length && !text.endsWith('\n')) return text + '\n' + lines.replace(/\n$/, '');
  return splice(text, at, at, lines);
}

/** Removes whole lines [from, to), minding a file that ends without a newline. */
export function removeLines(text: string, from: number, to: number): string {
  if (to >= text.length && !text.endsWith('\n') && from > 0) return text.slice(0, from - 1);
  return splice(text, from, to, '');
}

export function render(value: unknown, style: YamlStyle): string {
  return memoRender(value, `${String(style.indent)} ${String(style.indentSeq)}`, () =>
    stringify(value, {
      version: '1.1',
      indent: style.indent,
      indentSeq: style.indentSeq,
      lineWidth: 0,
      minContentWidth: 0,
    }),
  );
}

export function pad(lines: string, col: number): string {
  const p = ' '.repeat(col);
  return lines
    .split('\n')
    .map((l, i, all) => (l === '' && i === all.length - 1 ? l : l === '' ? l : p + l))
    .join('\n');
}

/** `key: value` lines at column `col`. */
export function renderPair(key: string, value: unknown, col: number, style: YamlStyle): string {
  return pad(render({ [key]: value }, style), col);
}

/** `- value` lines with the dash at column `col`. */
export function renderItem(value: unknown, col: number, style: YamlStyle): string {
  return pad(render([value], style), col);
}
