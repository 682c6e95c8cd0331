import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unifiedDiff } from './unified-diff.js';

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
});
