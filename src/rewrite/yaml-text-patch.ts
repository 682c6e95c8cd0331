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
import { isMap, isSeq, stringify, type Document, type Node, type Pair } from 'yaml';
import { applyPatchTo, type Operation, type Patch } from './patch.js';
import { getIn } from '../manifest/json-path.js';
import { parsePointer, toPointer } from './json-pointer.js';
import { columnOf, lineEnd, lineStart } from './yaml-style.js';
import {
  blockEnd,
  contentEnd,
  dashOf,
  insertLines,
  isBlock,
  load,
  nodeAt,
  onlySpacesBefore,
  pairOf,
  plainAt,
  removeLines,
  render,
  renderItem,
  renderPair,
  splice,
  start,
  Unsupported,
  type Seg,
} from './yaml-text-nodes.js';
import { addNewKeys, insertionPoint, type AddedKeys } from './yaml-text-add-keys.js';
import { besideInsertions } from './yaml-text-beside-run.js';
import { moveItemLines } from './yaml-text-move-item.js';
import { addAndMoveItems } from './yaml-text-move-run.js';
import { insertRawItem, rawItem } from './yaml-text-raw-item.js';

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
  for (let i = 0; i < patch.length;) {
    // A new initContainers and the sidecars moved into it, from one parse (migrate).
    const moved = addAndMoveItems(out, docIndex, prefix, patch, i);
    if (moved.applied > 0) {
      out = moved.text;
      i += moved.applied;
      continue;
    }
    // New keys in block maps go in together, from one parse; anything else one at a time.
    const added = addNewKeys(out, docIndex, prefix, patch, i);
    if (added.applied > 0) {
      i += added.applied;
      const beside = flowAddBesideRun(out, docIndex, prefix, patch[i], added);
      out = beside ?? added.text;
      if (beside !== null) i++;
      continue;
    }
    out = applyOne(out, docIndex, prefix, patch[i]!);
    i++;
  }
  return out;
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
  for (let target = path.slice(0, -1); ; target = target.slice(0, -1)) {
    const out = rerenderTarget(text, docIndex, doc, root, target);
    if (out !== null) return out;
  }
}

/**
 * `target` re-rendered with its value in `root`, or null when it is not in a block context or
 * that is not possible (then the caller tries its parent).
 * @throws Unsupported when not even the whole document can be re-rendered
 */
function rerenderTarget(
  text: string,
  docIndex: number,
  doc: Document.Parsed,
  root: unknown,
  target: readonly Seg[],
): string | null {
  const parentOfTarget = target.length === 0 ? null : nodeAt(doc, target.slice(0, -1));
  const ok = target.length === 0 || (isBlock(parentOfTarget) && inBlockChain(doc, target));
  if (!ok) return null;
  try {
    return replaceNode(text, docIndex, target, getIn(root, target));
  } catch (e) {
    if (!(e instanceof Unsupported) || target.length === 0) throw e;
    return null;
  }
}

/**
 * After a run of new keys (`added`, made from the parse of `before`), `op` from that same parse
 * when it adds a key to a flow map (`metadata: {name: x}`) whose pair is in a block map: what
 * addValue does then (the map re-rendered as a block) changes only the pair's lines, which the
 * run inserted nothing into (yaml-text-beside-run.ts). Null when `op` is not such an add.
 */
function flowAddBesideRun(
  before: string,
  docIndex: number,
  prefix: readonly Seg[],
  op: Operation | undefined,
  added: AddedKeys,
): string | null {
  if (op?.op !== 'add' || (Array.isArray(op.value) && op.value.length === 0)) return null;
  const path = [...prefix, ...parsePointer(op.path)];
  if (path.length < 2) return null;
  const { doc } = load(before, docIndex);
  const target = path.slice(0, -1);
  const map = nodeAt(doc, target);
  const pair = pairOf(nodeAt(doc, target.slice(0, -1)), target[target.length - 1]!);
  if (!isMap(map) || isBlock(map) || pair === undefined) return null;
  const change = (v: unknown): unknown =>
    applyPatchTo(v, [{ op: 'add', path: toPointer(path), value: op.value }]);
  const edited = rerenderTarget(
    before,
    docIndex,
    doc,
    change(doc.toJS({ maxAliasCount: 100 })),
    target,
  );
  if (edited === null) return null;
  const lines = {
    from: lineStart(before, start(pair.key)),
    to: lineEnd(before, contentEnd(before, map)),
  };
  return besideInsertions(before, edited, added.text, added.inserted, lines);
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
    // Into another sequence, from this one parse (the item's leading comment lines, which
    // rawItem took, go with it); else cut them and the item, re-parse and insert.
    const fast = moveItemLines(text, doc, from, to, raw);
    if (fast !== null) return fast;
    const cut = removeLines(text, raw.commentStart, raw.itemStart);
    const moved = insertRawItem(removeValue(cut, docIndex, from), docIndex, to, raw);
    if (moved !== null) return moved;
  }
  return addValue(removeValue(text, docIndex, from), docIndex, to, value);
}
