import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../validate/lint-cases.test-support.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: proxy
    image: envoyproxy/envoy:v1.28.0
    restartPolicy: Always
  containers:
  - name: app
    image: myapp:v1
`;

describe('compat: the SidecarContainers gate', () => {
  it('when a sidecar is declared on 1.28 with the gate off then the pod never starts (error at its restartPolicy)', () => {
    const found = lint(POD, 'sidecar-gate-disabled', '1.28');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'error');
    assert.equal(found[0]!.category, 'compat');
    assert.equal(found[0]!.field, 'spec.initContainers[0].restartPolicy');
    assert.equal(found[0]!.line, 8);
    assert.match(found[0]!.message, /never exits/);
  });

  it('when the gate is turned on for 1.28 then the sidecar works but termination is not ordered (warning)', () => {
    assert.deepEqual(lint(POD, 'sidecar-gate-disabled', '1.28', { SidecarContainers: true }), []);
    const found = lint(POD, 'sidecar-unordered-termination', '1.28', { SidecarContainers: true });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'warning');
  });

  it('when the version is 1.29 or later then neither compat finding is reported', () => {
    for (const v of ['1.29', '1.33'] as const) {
      assert.deepEqual(lint(POD, 'sidecar-gate-disabled', v), []);
      assert.deepEqual(lint(POD, 'sidecar-unordered-termination', v), []);
    }
  });

  it('when the version is 1.25-1.27 then both outcomes are said: kubectl rejects the field, lenient clients drop it and the pod hangs in Init', () => {
    for (const v of ['1.25', '1.27'] as const) {
      const found = lint(POD, 'sidecar-gate-disabled', v);
      assert.equal(found.length, 1, v);
      assert.equal(found[0]!.field, 'spec.initContainers[0].restartPolicy');
      assert.match(found[0]!.message, /kubectl \(strict field validation\) rejects/);
      assert.match(found[0]!.message, /Helm, Argo CD, client-go\) get it dropped with a warning/);
      assert.match(found[0]!.message, /stays in Init forever/);
      assert.doesNotMatch(found[0]!.message, /feature gate/);
    }
  });

  it('when the gate is turned off on 1.29 then the pod never starts', () => {
    assert.equal(
      lint(POD, 'sidecar-gate-disabled', '1.29', { SidecarContainers: false }).length,
      1,
    );
  });
});
