import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyPatchTo, cloneJson } from './patch.js';

describe('cloneJson', () => {
  it('when a manifest is copied then the copy is equal and shares nothing with it', () => {
    const pod = { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80 }] }] } };
    const copy = cloneJson(pod);
    assert.deepEqual(copy, pod);
    copy.spec.containers[0]!.ports[0]!.containerPort = 81;
    assert.equal(pod.spec.containers[0]!.ports[0]!.containerPort, 80);
  });

  it('when an object is reached twice (a YAML alias) then the copy shares it too, as structuredClone does', () => {
    const value = parse('a: &x {k: 1}\nb: *x\n') as { a: { k: number }; b: { k: number } };
    assert.equal(value.a, value.b);
    const copy = cloneJson(value);
    assert.equal(copy.a, copy.b);
    assert.notEqual(copy.a, value.a);
    assert.deepEqual(copy, structuredClone(value));
  });

  it('when a key is __proto__ then it stays an own key and the prototype is untouched', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<
      string,
      unknown
    >;
    const copy = cloneJson(value);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.deepEqual(Object.keys(copy), ['__proto__', 'a']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value, { polluted: true });
  });

  it('when numbers are special or the value is not plain data then the copy is what structuredClone gives', () => {
    const special = { nan: NaN, negZero: -0, inf: Infinity, nul: null, s: 'x', t: true };
    assert.deepEqual(cloneJson(special), special);
    assert.ok(Object.is(cloneJson(special).negZero, -0));
    const date = { at: new Date(0) };
    assert.deepEqual(cloneJson(date), structuredClone(date));
    assert.notEqual(cloneJson(date).at, date.at);
    assert.throws(() => cloneJson({ f: () => 1 }), { name: 'DataCloneError' });
  });
});

describe('applyPatchTo', () => {
  it('when a patch is applied then the value it was given is unchanged', () => {
    const value = { spec: { containers: [{ name: 'app' }] } };
    const after = applyPatchTo(value, [
      { op: 'add', path: '/spec/containers/-', value: { name: 'proxy' } },
    ]);
    assert.deepEqual(after.spec.containers, [{ name: 'app' }, { name: 'proxy' }]);
    assert.deepEqual(value.spec.containers, [{ name: 'app' }]);
  });
});
