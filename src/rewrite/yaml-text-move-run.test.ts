import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Patch } from './patch.js';
import { patchYamlText } from './yaml-text-patch.js';
import { oneByOne, parsesOf } from './yaml-text-runs.test-support.js';

/** migrate's patch for a pod whose containers 1 and 2 are sidecars (moved in that order). */
const MIGRATE: Patch = [
  { op: 'add', path: '/spec/initContainers', value: [] },
  { op: 'move', from: '/spec/containers/1', path: '/spec/initContainers/-' },
  { op: 'move', from: '/spec/containers/1', path: '/spec/initContainers/-' },
];

const PODS = {
  indented: `kind: Pod
spec:
  containers:
    - name: app
      image: app:1
    # ships logs
    - name: log-shipper
      image: fluent/fluent-bit:3.1.9 # pinned
    - name: proxy
      image: envoyproxy/envoy:v1.28.0
      readinessProbe: {httpGet: {path: /ready, port: 15090}}
  volumes:
    - name: logs
      emptyDir: {}
`,
  flush: `kind: Pod
spec:
    restartPolicy: Always
    containers:
    - name: app
      image: app:1

    - name: log-shipper
      image: fluent/fluent-bit:3.1.9
      # trailing comment of the shipper
    # the proxy
    - name: proxy
      image: envoyproxy/envoy:v1.28.0
`,
  deeper: `kind: Pod
spec:
  containers:
      - name: app
        image: app:1
      - name: log-shipper
        image: fluent/fluent-bit:3.1.9
      - name: proxy
        image: envoyproxy/envoy:v1.28.0
`,
};

describe('addAndMoveItems (a new initContainers and the sidecars moved into it)', () => {
  for (const [name, pod] of Object.entries(PODS)) {
    it(`when migrate moves two sidecars (${name}) then the text is what the operations one by one give, from the one parse`, () => {
      const together = parsesOf(() => patchYamlText(pod, 0, [], MIGRATE));
      const single = parsesOf(() => oneByOne(pod, MIGRATE));
      assert.equal(together.out, single.out);
      assert.match(together.out, /\n {2,4}initContainers:\n/);
      assert.equal(together.parses, 1);
      assert.equal(single.parses, 3);
    });
  }

  it('when a move takes the first item then the operations go one by one (moveItemLines would not take it)', () => {
    const patch: Patch = [
      MIGRATE[0]!,
      { op: 'move', from: '/spec/containers/0', path: '/spec/initContainers/-' },
    ];
    const together = parsesOf(() => patchYamlText(PODS.indented, 0, [], patch));
    assert.equal(together.out, oneByOne(PODS.indented, patch));
    assert.ok(together.parses > 1);
  });

  it('when a moved item ends with a more-indented comment line then it goes once, as one by one (the random differential check found it doubled)', () => {
    const pod = PODS.indented.replace(
      '# pinned\n',
      '# pinned\n      env:\n      - name: A\n        value: "1"\n        # trailing\n',
    );
    const together = parsesOf(() => patchYamlText(pod, 0, [], MIGRATE));
    assert.equal(together.out, oneByOne(pod, MIGRATE));
    assert.equal(together.out.split('# trailing').length, 2);
  });

  it('when a moved item holds a block scalar then the operations go one by one', () => {
    const pod = PODS.indented.replace('# pinned', '\n      args: |\n        run\n        now');
    const together = parsesOf(() => patchYamlText(pod, 0, [], MIGRATE));
    assert.equal(together.out, oneByOne(pod, MIGRATE));
    assert.ok(together.parses > 1);
  });
});
