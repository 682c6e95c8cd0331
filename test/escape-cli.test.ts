import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './cli-helper.js';

describe('errors print no terminal control sequences', () => {
  it('when a name in an error carries an escape sequence then stderr shows it escaped, on one line', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: app, image: x}]\n';
    const r = runCli(['simulate', '-', '--pod', 'evil\x1b[31m\nname'], { input: pod });
    assert.equal(r.code, 2);
    assert.ok(!r.stderr.includes('\u001b'), r.stderr);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /evil\\x1b\[31m\\nname|evil\\u001b\[31m\\nname/);
  });
});
