import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPlainJson, memoRender } from './render-memo.js';

describe('memoRender', () => {
  it('when the same value is rendered again then the memo answers without rendering', () => {
    let calls = 0;
    const render = (): string => {
      calls++;
      return `out ${String(calls)}`;
    };
    const first = memoRender({ name: 'envoy', ports: [1, 2] }, 'memo-test', render);
    const again = memoRender({ name: 'envoy', ports: [1, 2] }, 'memo-test', render);
    assert.equal(first, 'out 1');
    assert.equal(again, 'out 1');
    assert.equal(calls, 1);
    // Another variant (style) or another value is rendered.
    assert.equal(memoRender({ name: 'envoy', ports: [1, 2] }, 'memo-test 2', render), 'out 2');
    assert.equal(memoRender({ ports: [1, 2], name: 'envoy' }, 'memo-test', render), 'out 3');
  });

  it('when JSON text would not say all of a value then it is rendered every time', () => {
    let calls = 0;
    const render = (): string => String(++calls);
    const shared = { a: 1 };
    for (const value of [
      { x: shared, y: shared },
      [undefined],
      -0,
      NaN,
      new Date(0),
      { f: () => 1 },
    ]) {
      memoRender(value, 'memo-test-plain', render);
      memoRender(value, 'memo-test-plain', render);
    }
    assert.equal(calls, 12);
  });
});

describe('isPlainJson', () => {
  it('when a value is plain data then it is plain JSON, and not when a part is not', () => {
    assert.equal(isPlainJson({ a: [1, 'x', true, null, { b: 2.5 }] }, new Set()), true);
    // eslint-disable-next-line no-sparse-arrays
    for (const bad of [[1, , 2], { a: undefined }, 1n, Symbol('s'), Infinity, new Map()])
      assert.equal(isPlainJson(bad, new Set()), false, String(bad));
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    assert.equal(isPlainJson(cyclic, new Set()), false);
  });
});
