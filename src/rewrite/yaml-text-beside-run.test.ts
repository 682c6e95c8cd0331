import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Patch } from './patch.js';
import { besideInsertions } from './yaml-text-beside-run.js';
import { patchYamlText } from './yaml-text-patch.js';
import { oneByOne, parsesOf } from './yaml-text-runs.test-support.js';

describe('besideInsertions', () => {
  const before = 'a: 1\nm: {x: 1}\nz: 2\n';
  const edited = 'a: 1\nm:\n  x: 1\n  y: 2\nz: 2\n';
  const lines = { from: 5, to: 15 };

  it('when lines went in before and after the edited lines then the edit lands between them', () => {
    const after = 'a: 1\nb: 0\nm: {x: 1}\nz: 2\ny: 3\n';
    const inserted = [
      { at: 20, length: 5 },
      { at: 5, length: 5 },
    ];
    assert.equal(
      besideInsertions(before, edited, after, inserted, lines),
      'a: 1\nb: 0\nm:\n  x: 1\n  y: 2\nz: 2\ny: 3\n',
    );
  });

  it('when a line went in inside the edited lines, or the edit reaches outside them, then there is no answer', () => {
    assert.equal(besideInsertions(before, edited, before, [{ at: 10, length: 1 }], lines), null);
    assert.equal(besideInsertions(before, 'A' + edited.slice(1), before, [], lines), null);
  });
});

describe('an add to a flow map after a run of new keys', () => {
  const pod = `kind: Pod
metadata: {name: p-1, labels: {app: web}} # the pod
spec:
  containers:
    - name: app
      image: app:1
  initContainers:
    - name: proxy
      image: envoyproxy/envoy:v1.28.0
`;
  const patch: Patch = [
    { op: 'add', path: '/spec/initContainers/0/restartPolicy', value: 'Always' },
    { op: 'add', path: '/spec/containers/0/ports', value: [{ containerPort: 80 }] },
    {
      op: 'add',
      path: '/metadata/annotations',
      value: { 'kubectl.kubernetes.io/default-container': 'app' },
    },
  ];

  it('when migrate annotates `metadata: {...}` after adding keys then the text is what the operations one by one give, from the one parse', () => {
    const together = parsesOf(() => patchYamlText(pod, 0, [], patch));
    const single = parsesOf(() => oneByOne(pod, patch));
    assert.equal(together.out, single.out);
    assert.match(together.out, /^metadata: # the pod\n {2}name: p-1\n/m);
    assert.equal(together.parses, 1);
    assert.equal(single.parses, 3);
  });

  it('when the flow map comes after the inserted lines then they shift it, and the text is the same as one by one', () => {
    const late = pod.replace(/^metadata: .*\n/m, '') + 'metadata: {name: p-1}\n';
    const together = parsesOf(() => patchYamlText(late, 0, [], patch));
    assert.equal(together.out, oneByOne(late, patch));
    assert.equal(together.parses, 1);
  });
});
