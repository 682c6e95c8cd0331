import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unifiedDiff } from './unified-diff.js';

/** Applies a unified diff to `before` as `patch` does (hunks in order, exact context). */
function applyDiff(before: string, diff: string): string {
  const noEolBefore = before !== '' && !before.endsWith('\n');
  const src = before === '' ? [] : before.split('\n');
  if (!noEolBefore) src.pop();
  const out: string[] = [];
  let lastNoEol = false;
  let at = 0;
  const copy = (until: number): void => {
    while (at < until) {
      out.push(src[at]!);
      lastNoEol = noEolBefore && at === src.length - 1;
      at++;
    }
  };
  const lines = diff.split('\n').slice(2, -1);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const h = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(l);
    if (h !== null) {
      copy(Number(h[2]) === 0 ? Number(h[1]) : Number(h[1]) - 1);
      continue;
    }
    if (l[0] === ' ' || l[0] === '-') {
      assert.equal(src[at], l.slice(1), `context at line ${String(at + 1)}`);
      at++;
    }
    if (l[0] === ' ' || l[0] === '+') {
      out.push(l.slice(1));
      lastNoEol = lines[i + 1] === '\\ No newline at end of file';
    }
  }
  copy(src.length);
  return out.length === 0 ? '' : out.join('\n') + (lastNoEol ? '' : '\n');
}

describe('unifiedDiff', () => {
  it('when the texts are equal then the diff is empty', () => {
    assert.equal(unifiedDiff('a\nb\n', 'a\nb\n', 'a/x', 'b/x'), '');
  });

  it('when a line is inserted then the hunk header counts it and shows context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n') + '\n';
    const after = ['1', '2', '3', '4', 'new', '5', '6', '7', '8'].join('\n') + '\n';
    assert.equal(
      unifiedDiff(before, after, 'a/f', 'b/f'),
      '--- a/f\n+++ b/f\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n',
    );
  });

  it('when a line changes then it shows as removed and added', () => {
    assert.equal(unifiedDiff('x\n', 'y\n', 'a', 'b'), '--- a\n+++ b\n@@ -1,1 +1,1 @@\n-x\n+y\n');
  });

  it('when only the last newline differs then the last line changes, marked as diff marks it', () => {
    assert.equal(
      unifiedDiff('x\ny\nz\n', 'x\ny\nz', 'a', 'b'),
      '--- a\n+++ b\n@@ -1,3 +1,3 @@\n x\n y\n-z\n+z\n\\ No newline at end of file\n',
    );
    // a last line without newline, far from the change, is not in the hunk
    assert.equal(
      unifiedDiff('1\n2\n3\n4\n5\n6\n7\n8', '1\nX\n3\n4\n5\n6\n7\n8', 'a', 'b'),
      '--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n',
    );
  });

  it('when many documents change then each is compared with its own (the same hunks)', () => {
    const filler = Array.from({ length: 8 }, (_, i) => `  f${String(i)}: x\n`).join('');
    const doc = (i: number, extra: string): string =>
      `---\nkind: Pod\nmetadata:\n  name: p${String(i)}\n${extra}${filler}spec: {}\n`;
    const before = Array.from({ length: 400 }, (_, i) => doc(i, '')).join('');
    const after = Array.from({ length: 400 }, (_, i) => doc(i, '  labels: {a: b}\n')).join('');
    const d = unifiedDiff(before, after, 'a', 'b');
    assert.equal(d.split('\n').filter((l) => l.startsWith('@@')).length, 400);
    assert.equal(applyDiff(before, d), after);
  });

  it('the diff applied to the old text gives the new one, for any texts of documents', () => {
    const line = fc.constantFrom('---', 'a: 1', 'b: 2', '  c: 3', '', 'kind: Pod', '# x');
    const text = fc
      .tuple(fc.array(line, { maxLength: 30 }), fc.boolean())
      .map(([ls, eol]) => (ls.length === 0 ? '' : ls.join('\n') + (eol ? '\n' : '')));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const d = unifiedDiff(before, after, 'a', 'b');
        assert.equal(d === '' ? before : applyDiff(before, d), after);
      }),
      { numRuns: 2000, seed: 20261202 },
    );
  });
});
