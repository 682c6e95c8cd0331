import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { patchYamlText } from './yaml-text-patch.js';
import { applyPatchTo, type Patch } from './patch.js';

const POD = `# a comment that must survive
apiVersion: v1
kind: Pod
metadata:
  name: web # trailing comment
  labels: {app: web}
spec:
  containers:
    - name: app
      image: 'myapp:v1'   # quoted on purpose
      command: ['sh', '-c', 'run']
      x-unknown-field: kept

    - name: shipper
      image: fluent/fluent-bit:3.1.9
  volumes:
    - name: logs
      emptyDir: {}
`;

function check(text: string, patch: Patch): string {
  const out = patchYamlText(text, 0, [], patch);
  assert.deepEqual(
    parse(out, { version: '1.1' }),
    applyPatchTo(parse(text, { version: '1.1' }), patch),
  );
  return out;
}

describe('patchYamlText', () => {
  it('when a field is added then every other line keeps its bytes, comments and quoting', () => {
    const out = check(POD, [
      { op: 'add', path: '/spec/containers/0/restartPolicy', value: 'Always' },
    ]);
    const added = out.split('\n').filter((l) => !POD.split('\n').includes(l));
    assert.deepEqual(added, ['      restartPolicy: Always']);
    assert.equal(out.replace('      restartPolicy: Always\n', ''), POD);
  });

  it('when a container is moved into a new initContainers list then its own lines move with it', () => {
    const out = check(POD, [
      { op: 'add', path: '/spec/initContainers', value: [] },
      { op: 'move', from: '/spec/containers/1', path: '/spec/initContainers/-' },
    ]);
    assert.match(
      out,
      /\n {2}initContainers:\n {4}- name: shipper\n {6}image: fluent\/fluent-bit:3\.1\.9\n {2}volumes:/,
    );
    assert.ok(out.includes("      image: 'myapp:v1'   # quoted on purpose\n"));
    assert.ok(out.includes('      x-unknown-field: kept\n'));
  });

  it('when a key is renamed by a move in the same map then only the key text changes', () => {
    const text = 'spec:\n  readinessProbe:\n    tcpSocket: {port: 1}  # keep\n  image: x\n';
    const out = check(text, [
      { op: 'move', from: '/spec/readinessProbe', path: '/spec/startupProbe' },
    ]);
    assert.equal(out, 'spec:\n  startupProbe:\n    tcpSocket: {port: 1}  # keep\n  image: x\n');
  });

  it('when an annotation key holds a slash then the escaped pointer reaches it', () => {
    const out = check(POD, [
      { op: 'add', path: '/metadata/annotations', value: { 'sidecarctl.io/inject': 'envoy' } },
    ]);
    assert.match(out, /\n {2}annotations:\n {4}sidecarctl\.io\/inject: envoy\n/);
  });

  it('when a value is added to a flow map then the flow map is re-rendered and the rest kept', () => {
    const out = check(POD, [{ op: 'add', path: '/metadata/labels/tier', value: 'web' }]);
    assert.ok(out.startsWith('# a comment that must survive\n'));
    assert.ok(out.includes("      command: ['sh', '-c', 'run']\n"));
  });

  it('when the file has no final newline then the output has none either', () => {
    const text = 'spec:\n  containers:\n    - name: a\n    - name: b';
    const out = check(text, [{ op: 'add', path: '/spec/containers/-', value: { name: 'c' } }]);
    assert.equal(out, 'spec:\n  containers:\n    - name: a\n    - name: b\n    - name: c');
  });

  it('when the last item of a list is removed then the list becomes empty, not null', () => {
    const out = check('a:\n  - x\nb: 1\n', [{ op: 'remove', path: '/a/0' }]);
    assert.deepEqual(parse(out), { a: [], b: 1 });
  });

  it('when a string that YAML 1.1 reads as a boolean is added then it is quoted', () => {
    const out = check('metadata:\n  name: x\n', [
      { op: 'add', path: '/metadata/flag', value: 'on' },
    ]);
    assert.match(out, /flag: "on"/);
  });
});

describe('patchYamlText: a moved item takes its leading comments along', () => {
  const TEXT = `spec:
  containers:
    # the app
    - name: app
      image: app:v1
    # the proxy
    # (classic sidecar)
    - name: envoy
      # inside the proxy
      image: envoy:v1
    # the shipper

    - name: shipper
      image: fluent-bit:3
`;

  it('when a container with comments above it is moved into initContainers then the comments move with it and the next item keeps its own', () => {
    const out = check(TEXT, [
      { op: 'add', path: '/spec/initContainers', value: [] },
      { op: 'move', from: '/spec/containers/1', path: '/spec/initContainers/-' },
    ]);
    assert.equal(
      out,
      `spec:
  containers:
    # the app
    - name: app
      image: app:v1
    # the shipper

    - name: shipper
      image: fluent-bit:3
  initContainers:
    # the proxy
    # (classic sidecar)
    - name: envoy
      # inside the proxy
      image: envoy:v1
`,
    );
  });

  it('when an item is moved in front of an item with comments then it goes above those comments', () => {
    const out = check(TEXT, [
      { op: 'move', from: '/spec/containers/2', path: '/spec/containers/0' },
    ]);
    assert.equal(
      out,
      `spec:
  containers:
    - name: shipper
      image: fluent-bit:3
    # the app
    - name: app
      image: app:v1
    # the proxy
    # (classic sidecar)
    - name: envoy
      # inside the proxy
      image: envoy:v1
    # the shipper

`,
    );
  });
});
