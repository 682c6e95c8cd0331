/**
 * Applies an RFC 6902 patch to one document of a YAML file by editing its text in place.
 *
 * Each operation is located with the parsed yaml Document (node ranges) and becomes a splice of
 * whole lines: lines that no operation touches stay byte-identical, so comments, key order,
 * quoting, flow style, blank lines and unknown fields survive. A moved sequence item (migrate's
 * `move` of a container into `initContainers`) keeps its own lines, re-indented. Where a splice
 * is not possible (a flow collection, an emptied map), the smallest enclosing block value is
 * re-rendered from its new plain value instead; nothing goes through a typed model.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  stringify,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { applyPatchTo, type Operation, type Patch } from './patch.js';
import { getIn } from '../manifest/json-path.js';
import { parsePointer, toPointer } from './json-pointer.js';
import { columnOf, detectStyle, lineEnd, lineStart, type YamlStyle } from './yaml-style.js';

type Seg = string;

/** Keys that read best at a given place when they are added to a map (Kubernetes docs order). */
const PLACEMENT: Readonly<Record<string, { after?: readonly string[]; first?: boolean }>> = {
  initContainers: { after: ['containers'] },
  restartPolicy: { after: ['image', 'name'] },
  metadata: { first: true },
  annotations: { after: ['labels', 'namespace', 'name'] },
  startupProbe: { after: ['readinessProbe', 'livenessProbe', 'ports', 'args', 'command', 'image'] },
};

/**
 * Applies `patch` to the document `docIndex` of `text`, at the object found at `objectPath`
 * inside it (`[]`, or `['items', i]` for a List item). Returns the new file text.
 * @throws Error when an operation does not apply to the document
 */
export function patchYamlText(
  text: string,
  docIndex: number,
  objectPath: readonly (string | number)[],
  patch: Patch,
): string {
  let out = text;
  const prefix = objectPath.map(String);
  for (const op of patch) out = applyOne(out, docIndex, prefix, op);
  return out;
}

interface Located {
  readonly doc: Document.Parsed;
  readonly style: YamlStyle;
}

function load(text: string, docIndex: number): Located {
  const docs = parseAllDocuments(text, { version: '1.1' });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[docIndex];
  if (doc === undefined) throw new Error(`document ${String(docIndex)} not found`);
  return { doc, style: detectStyle(doc, text) };
}

function applyOne(text: string, docIndex: number, prefix: readonly Seg[], op: Operation): string {
  const path = [...prefix, ...parsePointer(op.path)];
  switch (op.op) {
    case 'test':
      return text;
    case 'add':
      return addValue(text, docIndex, path, op.value);
    case 'replace':
      return replaceOrFallback(text, docIndex, path, op.value);
    case 'remove':
      return removeValue(text, docIndex, path);
    case 'copy': {
      const { doc } = load(text, docIndex);
      const value = plainAt(doc, [...prefix, ...parsePointer(op.from)]);
      return addValue(text, docIndex, path, value);
    }
    case 'move':
      return moveValue(text, docIndex, [...prefix, ...parsePointer(op.from)], path);
  }
}

// ---------------------------------------------------------------------------------------------
// node lookup

function nodeAt(doc: Document.Parsed, path: readonly Seg[]): unknown {
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(node)) node = pairOf(node, seg)?.value;
    else if (isSeq(node)) node = node.items[Number(seg)];
    else return undefined;
  }
  return node;
}

function pairOf(map: unknown, key: Seg): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as
    Pair | undefined;
}

function plainAt(doc: Document.Parsed, path: readonly Seg[]): unknown {
  return getIn(doc.toJS({ maxAliasCount: 100 }), path);
}

function isBlock(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && node.flow !== true;
}

function start(node: unknown): number {
  const r = (node as Node | null | undefined)?.range;
  if (r === undefined || r === null) throw new Error('node without a position');
  return r[0];
}

/** Offset after the last content character of a node (trailing newlines excluded). */
function contentEnd(text: string, node: unknown): number {
  const r = (node as Node | null | undefined)?.range;
  if (r === undefined || r === null) throw new Error('node without a position');
  let end = r[1];
  while (end > r[0] && /\s/.test(text[end - 1]!)) end--;
  return end;
}

function onlySpacesBefore(text: string, offset: number): boolean {
  return /^ *$/.test(text.slice(lineStart(text, offset), offset));
}

/** Start of the `- ` of a block sequence item (the item node starts after it). */
function dashOf(text: string, item: unknown): number {
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
function blockEnd(text: string, last: unknown): number {
  return lineEnd(text, contentEnd(text, last) - 1);
}

class Unsupported extends Error {}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/** Inserts whole lines at a line boundary, minding a file that ends without a newline. */
function insertLines(text: string, at: number, lines: string): string {
  if (at >= text.length && !text.endsWith('\n')) return text + '\n' + lines.replace(/\n$/, '');
  return splice(text, at, at, lines);
}

/** Removes whole lines [from, to), minding a file that ends without a newline. */
function removeLines(text: string, from: number, to: number): string {
  if (to >= text.length && !text.endsWith('\n') && from > 0) return text.slice(0, from - 1);
  return splice(text, from, to, '');
}

function render(value: unknown, style: YamlStyle): string {
  return stringify(value, {
    version: '1.1',
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    minContentWidth: 0,
  });
}

function pad(lines: string, col: number): string {
  const p = ' '.repeat(col);
  return lines
    .split('\n')
    .map((l, i, all) => (l === '' && i === all.length - 1 ? l : l === '' ? l : p + l))
    .join('\n');
}

/** `key: value` lines at column `col`. */
function renderPair(key: string, value: unknown, col: number, style: YamlStyle): string {
  return pad(render({ [key]: value }, style), col);
}

/** `- value` lines with the dash at column `col`. */
function renderItem(value: unknown, col: number, style: YamlStyle): string {
  return pad(render([value], style), col);
}

// ---------------------------------------------------------------------------------------------
// replace

function replaceOrFallback(
  text: string,
  docIndex: number,
  path: readonly Seg[],
  value: unknown,
): string {
  try {
    return replaceNode(text, docIndex, path, value);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return rerenderParent(text, docIndex, path, (v) =>
      applyPatchTo(v, [{ op: 'replace', path: toPointer(path), value }]),
    );
  }
}

/** Replaces the value at `path`, whose parent must be a block collection (or the root). */
function replaceNode(text: string, docIndex: number, path: readonly Seg[], value: unknown): string {
  const { doc, style } = load(text, docIndex);
  if (path.length === 0) {
    const c = doc.contents;
    if (c === null) throw new Unsupported('empty document');
    return splice(text, start(c), contentEnd(text, c), render(value, style).replace(/\n$/, ''));
  }
  const parent = nodeAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (!isBlock(parent)) throw new Unsupported('parent is not a block collection');
  if (isMap(parent)) {
    const pair = pairOf(parent, last);
    if (pair === undefined) throw new Error(`no field ${last} to replace`);
    const keyStart = start(pair.key);
    const keyEnd = contentEnd(text, pair.key);
    const colon = text.indexOf(':', keyEnd);
    const valueNode = pair.value as Node | null;
    const hasRange =
      valueNode?.range !== undefined &&
      valueNode?.range !== null &&
      valueNode.range[1] > valueNode.range[0];
    const to = hasRange ? contentEnd(text, valueNode) : colon + 1;
    const rendered = renderPair('k', value, 0, style).replace(/\n$/, '');
    const after = rendered.slice(2);
    const col = columnOf(text, keyStart);
    const body = after
      .split('\n')
      .map((l, i) => (i === 0 || l === '' ? l : ' '.repeat(col) + l))
      .join('\n');
    // A comment after an inline value that becomes a block stays on the key's line.
    const eol = lineEnd(text, to);
    const comment = /^(\s*)(#.*)$/.exec(text.slice(to, eol).replace(/\n$/, ''));
    if (body.startsWith('\n') && comment !== null) {
      const end = eol > to && text[eol - 1] === '\n' ? eol - 1 : eol;
      return splice(text, colon + 1, end, ` ${comment[2]!}${body}`);
    }
    return splice(text, colon + 1, to, body);
  }
  const seq = parent as { items: unknown[] };
  const item = seq.items[Number(last)];
  if (item === undefined) throw new Error(`no item ${last} to replace`);
  const dash = dashOf(text, item);
  const col = columnOf(text, dash);
  const rendered = renderItem(value, 0, style).replace(/\n$/, '');
  const lines = rendered.split('\n').map((l, i) => (i === 0 || l === '' ? l : ' '.repeat(col) + l));
  return splice(text, dash, contentEnd(text, item), lines.join('\n'));
}

/**
 * The fallback: applies `change` to the plain value of the document and re-renders the nearest
 * ancestor of `path` that sits in a block context.
 */
function rerenderParent(
  text: string,
  docIndex: number,
  path: readonly Seg[],
  change: (root: unknown) => unknown,
): string {
  const { doc } = load(text, docIndex);
  const root = change(doc.toJS({ maxAliasCount: 100 }));
  let target = path.slice(0, -1);
  for (;;) {
    const parentOfTarget = target.length === 0 ? null : nodeAt(doc, target.slice(0, -1));
    const ok = target.length === 0 || (isBlock(parentOfTarget) && inBlockChain(doc, target));
    if (ok) {
      try {
        return replaceNode(text, docIndex, target, getIn(root, target));
      } catch (e) {
        if (!(e instanceof Unsupported) || target.length === 0) throw e;
      }
    }
    target = target.slice(0, -1);
  }
}

function inBlockChain(doc: Document.Parsed, path: readonly Seg[]): boolean {
  for (let i = 0; i < path.length; i++) if (!isBlock(nodeAt(doc, path.slice(0, i)))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// add

function addValue(text: string, docIndex: number, path: readonly Seg[], value: unknown): string {
  try {
    return addNode(text, docIndex, path, value);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return rerenderParent(text, docIndex, path, (v) =>
      applyPatchTo(v, [{ op: 'add', path: toPointer(path), value }]),
    );
  }
}

function addNode(text: string, docIndex: number, path: readonly Seg[], value: unknown): string {
  const { doc, style } = load(text, docIndex);
  if (path.length === 0) return replaceNode(text, docIndex, path, value);
  const parentPath = path.slice(0, -1);
  const parent = nodeAt(doc, parentPath);
  const last = path[path.length - 1]!;
  if (isMap(parent)) {
    if (pairOf(parent, last) !== undefined) return replaceNode(text, docIndex, path, value);
    if (!isBlock(parent) || parent.items.length === 0) throw new Unsupported('empty or flow map');
    const pairs = parent.items as Pair[];
    const col = columnOf(text, start(pairs[0]!.key));
    const lines = renderPair(last, value, col, style);
    const at = insertionPoint(text, pairs, last);
    return insertLines(text, at, lines);
  }
  if (isSeq(parent)) {
    if (!isBlock(parent) || parent.items.length === 0)
      throw new Unsupported('empty or flow sequence');
    const index = last === '-' ? parent.items.length : Number(last);
    const col = columnOf(text, dashOf(text, parent.items[0]));
    const lines = renderItem(value, col, style);
    const at =
      index < parent.items.length
        ? lineStart(text, dashOf(text, parent.items[index]))
        : blockEnd(text, parent.items[parent.items.length - 1]);
    return insertLines(text, at, lines);
  }
  throw new Error(`cannot add ${toPointer(path)}: parent is not an object or array`);
}

function insertionPoint(text: string, pairs: readonly Pair[], key: string): number {
  const rule = PLACEMENT[key];
  const keyOf = (p: Pair): string => (isScalar(p.key) ? String(p.key.value) : '');
  if (rule?.first === true) {
    const first = pairs[0]!;
    const s = start(first.key);
    if (onlySpacesBefore(text, s)) return lineStart(text, s);
  }
  for (const anchor of rule?.after ?? []) {
    const pair = pairs.find((p) => keyOf(p) === anchor);
    if (pair !== undefined) return blockEnd(text, pair.value ?? pair.key);
  }
  const last = pairs[pairs.length - 1]!;
  return blockEnd(text, last.value ?? last.key);
}

// ---------------------------------------------------------------------------------------------
// remove

function removeValue(text: string, docIndex: number, path: readonly Seg[]): string {
  try {
    return removeNode(text, docIndex, path);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return rerenderParent(text, docIndex, path, (v) =>
      applyPatchTo(v, [{ op: 'remove', path: toPointer(path) }]),
    );
  }
}

function removeNode(text: string, docIndex: number, path: readonly Seg[]): string {
  const { doc } = load(text, docIndex);
  if (path.length === 0) throw new Error('cannot remove the whole document');
  const parent = nodeAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (!isBlock(parent)) throw new Unsupported('flow parent');
  if (isMap(parent)) {
    const pair = pairOf(parent, last);
    if (pair === undefined) throw new Error(`no field ${toPointer(path)} to remove`);
    if (parent.items.length < 2) throw new Unsupported('last pair of a map');
    const s = start(pair.key);
    if (!onlySpacesBefore(text, s)) throw new Unsupported('pair shares its line');
    return removeLines(text, lineStart(text, s), blockEnd(text, pair.value ?? pair.key));
  }
  const seq = parent as { items: unknown[] };
  const item = seq.items[Number(last)];
  if (item === undefined) throw new Error(`no item ${toPointer(path)} to remove`);
  if (seq.items.length < 2) throw new Unsupported('last item of a sequence');
  const dash = dashOf(text, item);
  return removeLines(text, lineStart(text, dash), blockEnd(text, item));
}

// ---------------------------------------------------------------------------------------------
// move

function moveValue(
  text: string,
  docIndex: number,
  from: readonly Seg[],
  to: readonly Seg[],
): string {
  const { doc } = load(text, docIndex);
  const value = plainAt(doc, from);
  const sameMap =
    from.length === to.length &&
    from.slice(0, -1).join('\u0000') === to.slice(0, -1).join('\u0000') &&
    isMap(nodeAt(doc, from.slice(0, -1)));
  if (sameMap) {
    // A rename (readinessProbe -> startupProbe): only the key changes.
    const pair = pairOf(nodeAt(doc, from.slice(0, -1)), from[from.length - 1]!);
    const target = to[to.length - 1]!;
    if (pair !== undefined && pairOf(nodeAt(doc, to.slice(0, -1)), target) === undefined) {
      const k = pair.key as Node;
      return splice(
        text,
        start(k),
        contentEnd(text, k),
        stringify(target, { version: '1.1' }).trim(),
      );
    }
  }
  const raw = rawItem(text, doc, from);
  if (raw !== null) {
    const removed = removeValue(text, docIndex, from);
    const moved = insertRawItem(removed, docIndex, to, raw);
    if (moved !== null) return moved;
    return addValue(removed, docIndex, to, value);
  }
  return addValue(removeValue(text, docIndex, from), docIndex, to, value);
}

interface RawItem {
  readonly lines: string;
  readonly col: number;
}

/** The lines of a block sequence item, with the column of its dash. */
function rawItem(text: string, doc: Document.Parsed, path: readonly Seg[]): RawItem | null {
  const parent = nodeAt(doc, path.slice(0, -1));
  if (!isSeq(parent) || !isBlock(parent)) return null;
  const item = parent.items[Number(path[path.length - 1])];
  if (item === undefined) return null;
  try {
    const dash = dashOf(text, item);
    let lines = text.slice(lineStart(text, dash), blockEnd(text, item));
    if (!lines.endsWith('\n')) lines += '\n';
    return { lines, col: columnOf(text, dash) };
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

function reindent(raw: RawItem, col: number): string {
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
function insertRawItem(
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
        ? lineStart(text, dashOf(text, seq.items[index]))
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
