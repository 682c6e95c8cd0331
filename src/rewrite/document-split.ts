/**
 * Cuts a multi-document YAML text into pieces of whole documents, so that pieces can be
 * rewritten apart (on other threads: rewrite-parallel.ts) and joined back.
 *
 * A piece starts at a `---` line: at the start of a line, `---` followed by a space, a tab or
 * the line's end always begins a document (YAML 1.2.2 §9.1.3 and the forbidden content of
 * c-forbidden, §9.1.4: no scalar, block or flow, may hold such a line), so no document is cut.
 * The file's first `---` is never a cut: what comes before it (comments, directives) belongs to
 * its document. Texts whose documents a cut could change are not cut at all: a directive line
 * (`%YAML`, `%TAG`) applies to the document after it, and a JSON file is rewritten whole.
 */

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/** Whether `text` may be cut at its `---` lines without changing any of its documents. */
export function canSplitDocuments(text: string): boolean {
  return !/^\s*[[{]/.test(text) && !/^%/m.test(text);
}

/**
 * The offsets where pieces of about `size` characters (at least one document each) begin; the
 * first piece begins at 0 and is not listed. Empty when `text` is not to be cut.
 */
export function documentCuts(text: string, size: number): number[] {
  if (!canSplitDocuments(text) || text.length <= size) return [];
  const cuts: number[] = [];
  let first = true;
  let last = 0;
  for (const m of text.matchAll(DOCUMENT_START)) {
    if (first) {
      first = false;
      continue;
    }
    if (m.index - last >= size) {
      cuts.push(m.index);
      last = m.index;
    }
  }
  return cuts;
}

/** The pieces of `text` at `cuts` (documentCuts), in order; joined they are `text`. */
export function piecesAt(text: string, cuts: readonly number[]): string[] {
  const out: string[] = [];
  let from = 0;
  for (const at of cuts) {
    out.push(text.slice(from, at));
    from = at;
  }
  out.push(text.slice(from));
  return out;
}
