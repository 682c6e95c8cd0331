import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeControl } from './escape.js';

describe('escapeControl', () => {
  it('when text has no control characters then it is unchanged', () => {
    for (const s of ['', 'web-0', 'caf\u00e9 \u{1f600} "q" \\ /'])
      assert.equal(escapeControl(s), s);
  });

  it('when text has C0, DEL, C1, line separators or bidi overrides then each is an inert escape', () => {
    assert.equal(escapeControl('a\nb\rc\td'), 'a\\nb\\rc\\td');
    assert.equal(escapeControl('\u001b[31mred\u001b]0;t\u0007'), '\\x1b[31mred\\x1b]0;t\\x07');
    assert.equal(escapeControl('\u0000\u007f\u0085\u009b'), '\\x00\\x7f\\x85\\x9b');
    assert.equal(escapeControl('\u2028\u202e\u2066'), '\\u2028\\u202e\\u2066');
    assert.doesNotMatch(
      escapeControl(String.fromCharCode(...Array.from({ length: 0xa0 }, (_, i) => i))),
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f-\u009f]/,
    );
  });
});
