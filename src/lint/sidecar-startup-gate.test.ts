import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../validate/lint-cases.test-support.js';

const pod = (extra: string, image = 'envoyproxy/envoy:v1.28.0'): string => `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: proxy
    image: ${image}
    restartPolicy: Always
${extra}
  containers:
  - name: app
    image: myapp:v1
`;

describe('lifecycle: startup gating by sidecars', () => {
  it('when a proxy sidecar has no startupProbe then the app may start before it is ready', () => {
    const found = lint(pod(''), 'sidecar-no-startup-probe');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.field, 'spec.initContainers[0]');
    assert.equal(found[0]!.severity, 'warning');
  });

  it('when the proxy has a startupProbe or a postStart hook then it gates the app and nothing is reported', () => {
    assert.deepEqual(
      lint(pod('    startupProbe: {tcpSocket: {port: 15001}}'), 'sidecar-no-startup-probe'),
      [],
    );
    assert.deepEqual(
      lint(
        pod('    lifecycle: {postStart: {exec: {command: [wait]}}}'),
        'sidecar-no-startup-probe',
      ),
      [],
    );
  });

  it('when a log shipper sidecar has only a readinessProbe then an info says readiness does not gate the app', () => {
    const found = lint(
      pod('    readinessProbe: {httpGet: {path: /, port: 2020}}', 'fluent/fluent-bit:3.1'),
      'sidecar-readiness-not-gating',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'info');
    assert.equal(found[0]!.field, 'spec.initContainers[0].readinessProbe');
    assert.deepEqual(lint(pod('', 'fluent/fluent-bit:3.1'), 'sidecar-no-startup-probe'), []);
  });

  it('when the gate is off on 1.28 then the container is no sidecar and no gating finding is made', () => {
    assert.deepEqual(lint(pod(''), 'sidecar-no-startup-probe', '1.28'), []);
  });
});
