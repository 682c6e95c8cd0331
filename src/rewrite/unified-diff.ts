/**
 * A unified diff of two texts (`diff -u` / `git diff` format), for `-o diff`. Lines are compared
 * whole; the edit script is Myers' O(ND) shortest edit (E. Myers, "An O(ND) Difference
 * Algorithm and Its Variations", 1986), taken document by document when both texts have the
 * same `---` separators (a rewrite keeps its documents), so a stream of many documents costs
 * the sum of its documents, not the square of the whole.
 */

type Edit = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/**
 * A last line without newline carries this mark, so that it differs from the same line with one
 * (diff shows such a line as changed, followed by `\ No newline at end of file`).
 */
const NO_EOL = '\u0000';

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += NO_EOL;
  return lines;
}

function myers(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  trace.push(v.slice());
  return backtrack(a, b, trace, offset);
}

function backtrack(
  a: readonly string[],
  b: readonly string[],
  trace: readonly Int32Array[],
  offset: number,
): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK =
      k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === prevX) edits.push({ kind: '+', line: b[--y]! });
      else edits.push({ kind: '-', line: a[--x]! });
    }
  }
  while (x > 0 && y > 0) {
    edits.push({ kind: ' ', line: a[--x]! });
    y--;
  }
  return edits.reverse();
}

/** The indices of the document separators (`---` lines) of a text's lines. */
function separators(lines: readonly string[]): number[] {
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (l === '---' || l.startsWith('--- ')) out.push(i);
  });
  return out;
}

/**
 * The edit script: the lines both texts start and end with are kept as they are, and what is
 * between is compared document by document where the separators pair up, else as a whole.
 */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  const sa = separators(a);
  const sb = separators(b);
  if (sa.length === 0 || sa.length !== sb.length) return trimmed(a, b);
  const edits: Edit[] = [];
  let fromA = 0;
  let fromB = 0;
  for (let i = 0; i <= sa.length; i++) {
    const toA = sa[i] ?? a.length;
    const toB = sb[i] ?? b.length;
    edits.push(...trimmed(a.slice(fromA, toA), b.slice(fromB, toB)));
    if (i < sa.length) {
      if (a[toA] === b[toB]) edits.push({ kind: ' ', line: a[toA]! });
      else edits.push({ kind: '-', line: a[toA]! }, { kind: '+', line: b[toB]! });
    }
    fromA = toA + 1;
    fromB = toB + 1;
  }
  return edits;
}

/** Myers' script of what lies between the common first and last lines. */
function trimmed(a: readonly string[], b: readonly string[]): Edit[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const same = (lines: readonly string[]): Edit[] => lines.map((line) => ({ kind: ' ', line }));
  return [
    ...same(a.slice(0, head)),
    ...myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...same(a.slice(a.length - tail)),
  ];
}

/**
 * The unified diff of `before` and `after` with `context` lines around changes, or '' when the
 * texts are equal.
 */
export function unifiedDiff(
  before: string,
  after: string,
  fileA: string,
  fileB: string,
  context = 3,
): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const edits = editScript(a, b);
  const out: string[] = [`--- ${fileA}`, `+++ ${fileB}`];
  let i = 0;
  let lineA = 1;
  let lineB = 1;
  const posA: number[] = [];
  const posB: number[] = [];
  for (const e of edits) {
    posA.push(lineA);
    posB.push(lineB);
    if (e.kind !== '+') lineA++;
    if (e.kind !== '-') lineB++;
  }
  while (i < edits.length) {
    if (edits[i]!.kind === ' ') {
      i++;
      continue;
    }
    const from = Math.max(0, i - context);
    let end = i;
    let lastChange = i;
    while (end < edits.length) {
      if (edits[end]!.kind !== ' ') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    const to = Math.min(edits.length, lastChange + context + 1);
    const hunk = edits.slice(from, to);
    const countA = hunk.filter((e) => e.kind !== '+').length;
    const countB = hunk.filter((e) => e.kind !== '-').length;
    const startA = countA === 0 ? posA[from]! - 1 : posA[from]!;
    const startB = countB === 0 ? posB[from]! - 1 : posB[from]!;
    out.push(`@@ -${String(startA)},${String(countA)} +${String(startB)},${String(countB)} @@`);
    for (const e of hunk) {
      if (!e.line.endsWith(NO_EOL)) out.push(e.kind + e.line);
      else out.push(e.kind + e.line.slice(0, -1), '\\ No newline at end of file');
    }
    i = to;
  }
  return out.join('\n') + '\n';
}
