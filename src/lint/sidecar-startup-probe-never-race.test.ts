import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../validate/lint-cases.test-support.js';

const pod = (policy: string): string => `apiVersion: v1
kind: Pod
metadata: {name: job}
spec:
  restartPolicy: ${policy}
  initContainers:
  - name: proxy
    image: envoyproxy/envoy:v1.28.0
    restartPolicy: Always
    startupProbe: {tcpSocket: {port: 15001}}
  containers:
  - name: app
    image: myapp:v1
`;

describe('compat: sidecar startup probe in a restartPolicy Never pod', () => {
  it('when the pod restartPolicy is Never then the startup probe race of #133072 is flagged at the probe', () => {
    const found = lint(pod('Never'), 'sidecar-startup-probe-never-race');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.field, 'spec.initContainers[0].startupProbe');
    assert.equal(found[0]!.severity, 'warning');
    assert.equal(lint(pod('Never'), 'sidecar-startup-probe-never-race', '1.30').length, 1);
  });

  it('when the pod restartPolicy is OnFailure or the version has no sidecars then nothing is reported', () => {
    assert.deepEqual(lint(pod('OnFailure'), 'sidecar-startup-probe-never-race'), []);
    assert.deepEqual(lint(pod('Never'), 'sidecar-startup-probe-never-race', '1.28'), []);
  });
});
