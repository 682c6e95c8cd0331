import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { PathSegment } from './field-path.js';
import type { ManifestDocument } from './parse.js';

/** A 1-based position in a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps a path inside a document to the position of the deepest node that exists along it: the
 * key of a map entry (so `restartPolicy: Never` points at `restartPolicy`), or the start of a
 * sequence item. A path to a missing field points at its nearest existing parent, which is where
 * a user would add it.
 */
export function locate(doc: ManifestDocument, path: readonly PathSegment[]): Position {
  if (doc.doc === null) return doc.error ?? { line: 1, column: 1 };
  let node: unknown = doc.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyEquals(p.key, seg));
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const pos = doc.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function keyEquals(key: unknown, seg: PathSegment): boolean {
  if (isScalar(key)) return String(key.value) === String(seg);
  return false;
}

function rangeStart(node: unknown): number | undefined {
  const n = node as Node | null | undefined;
  return n?.range?.[0];
}
