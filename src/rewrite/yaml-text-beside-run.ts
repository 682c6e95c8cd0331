/**
 * One more edit made from the parse a run of key insertions (yaml-text-add-keys.ts) was made
 * from, instead of a parse of the text after the run: migrate adds the default-container
 * annotation to `metadata: {name: x}` (a flow map, re-rendered as a block) right after the run
 * that adds restartPolicy and startupProbe to the moved sidecars.
 *
 * The insertions are whole lines; the edit changes only the lines of one node that none of them
 * falls inside, and it reads nothing else but that node's value (which no insertion changes) and
 * the document's style (which insertions in the document's own style keep). So the edit made on
 * the text before the run is the same characters as the edit made on the text after it, at
 * offsets shifted by the lines inserted before it.
 */

/** The lines of the text that the edit may read and change: [from, to). */
export interface EditLines {
  readonly from: number;
  readonly to: number;
}

/**
 * The text after the run (`after`) with the edit that turned `before` (the text before the run)
 * into `edited`, or null when an inserted line falls inside the edit's `lines` or the edit
 * changes text outside them.
 */
export function besideInsertions(
  before: string,
  edited: string,
  after: string,
  inserted: readonly { readonly at: number; readonly length: number }[],
  lines: EditLines,
): string | null {
  if (inserted.some((x) => lines.from < x.at && x.at < lines.to)) return null;
  // The changed characters: [from, to) of `before` became [from, edited.length - tail).
  let from = 0;
  const most = Math.min(before.length, edited.length);
  while (from < most && before.charCodeAt(from) === edited.charCodeAt(from)) from++;
  let tail = 0;
  while (
    tail < most - from &&
    before.charCodeAt(before.length - 1 - tail) === edited.charCodeAt(edited.length - 1 - tail)
  )
    tail++;
  const to = before.length - tail;
  if (from < lines.from || to > lines.to) return null;
  const shift = inserted.reduce((n, x) => (x.at <= lines.from ? n + x.length : n), 0);
  return (
    after.slice(0, from + shift) +
    edited.slice(from, edited.length - tail) +
    after.slice(to + shift)
  );
}
