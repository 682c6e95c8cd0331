/**
 * The first edit of a document located with the parse the load already made, instead of a
 * parse of the document's text again: rewriteDocuments cuts a changed document out of its file
 * (from its first content character) and edits that slice, whose parse has the same nodes as the
 * load's, at offsets shifted by where the slice starts. The load's nodes are shifted to the
 * slice for the edit and shifted back after it, so the parse is the caller's again, unchanged.
 *
 * The load reads YAML as kubectl does (manifest/parse.ts YAML_OPTIONS: a few YAML 1.1 tags
 * dropped), the rewrite as plain YAML 1.1 (rewrite-parses.ts); the two give the same nodes
 * unless a tag, an anchor, a directive or a date-like scalar is in the document, so such a
 * document is parsed again as before.
 */
import { isCollection, visit, type Document, type Node } from 'yaml';
import { forgetLoad, preload } from './yaml-text-nodes.js';

/** What may read differently under the two parsers' options: tags, anchors, directives, dates. */
const OPTION_SENSITIVE = /[!&%]|\d{4}-\d/;

/**
 * Runs `edit` (which edits `slice`, the text of `doc` from offset `from` of its file) with
 * `doc` standing for the first parse of `slice`, where it can.
 */
export function withLoadedParse<T>(
  slice: string,
  doc: Document.Parsed | null,
  from: number,
  edit: () => T,
): T {
  if (doc === null || !isCollection(doc.contents) || doc.contents.range[0] !== from) return edit();
  if (OPTION_SENSITIVE.test(slice)) return edit();
  const ranges = rangesOf(doc);
  shift(ranges, -from);
  try {
    preload(slice, doc);
    return edit();
  } finally {
    forgetLoad();
    shift(ranges, from);
  }
}

/** Every node's range under the document's contents, once each. */
function rangesOf(doc: Document.Parsed): Set<number[]> {
  const ranges = new Set<number[]>();
  visit(doc.contents, (_key, node) => {
    // A pair's empty key or value (`? ` with nothing after it) is no node.
    if (node === null || typeof node !== 'object') return;
    const range = (node as Node).range as number[] | null | undefined;
    if (Array.isArray(range)) ranges.add(range);
  });
  return ranges;
}

function shift(ranges: Set<number[]>, by: number): void {
  for (const range of ranges) for (let i = 0; i < range.length; i++) range[i]! += by;
}
